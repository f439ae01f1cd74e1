import { NestFactory } from '@nestjs/core';
import { appConfig, createLogger, EnvConfig } from '@zhuqi/platform';
import { WorkerModule } from './worker.module';

/** The worker: a Nest application context (no HTTP) that runs until SIGTERM/SIGINT, then closes cleanly. */
async function bootstrap(config: EnvConfig): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, {
    logger: createLogger(config),
    abortOnError: false,
  });
  // On SIGTERM/SIGINT: close the application (interval, Redis, pg pool), then exit by that signal.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
}

let config: EnvConfig;
try {
  config = appConfig();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
bootstrap(config).catch((error: unknown) => {
  createLogger(config).fatal(`worker failed to start: ${(error as Error)?.stack ?? String(error)}`, 'Worker');
  process.exit(1);
});
