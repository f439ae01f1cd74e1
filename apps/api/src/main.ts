import { Logger } from '@nestjs/common';
import { createLogger, runProcess } from '@zhuqi/platform';
import { createApiApp } from './api.app';

runProcess('api', async (config) => {
  const app = await createApiApp({ logger: createLogger(config) });
  await app.listen(config.PORT, '0.0.0.0');
  Logger.log(`API listening on http://localhost:${config.PORT}/api (OpenAPI: /api/docs; Open311: /open311/discovery.xml)`, 'api');
});
