import { Logger } from '@nestjs/common';
import { appConfig, createLogger, EnvConfig } from '@zhuqi/platform';
import { createApiApp } from './api.app';

async function bootstrap(config: EnvConfig): Promise<void> {
  const app = await createApiApp({ logger: createLogger(config) });
  await app.listen(config.PORT, '0.0.0.0');
  Logger.log(`API listening on http://localhost:${config.PORT}/api (OpenAPI: /api/docs)`, 'api');
}

let config: EnvConfig;
try {
  config = appConfig();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
bootstrap(config).catch((error: unknown) => {
  createLogger(config).fatal(`API failed to start: ${(error as Error)?.stack ?? String(error)}`, 'api');
  process.exit(1);
});
