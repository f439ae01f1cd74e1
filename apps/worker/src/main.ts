import { NestFactory } from '@nestjs/core';
import { createLogger, runProcess } from '@zhuqi/platform';
import { WorkerModule } from './worker.module';

/** The worker: a Nest application context (no HTTP) that runs until SIGTERM/SIGINT, then closes cleanly. */
runProcess('worker', async (config) => {
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: createLogger(config), abortOnError: false });
  // On SIGTERM/SIGINT: close the application (timers, Redis, pg pool), then exit by that signal.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
});
