import { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ApiModule } from './api.module';
import { ProblemFilter } from './http/problem.filter';
import { correlationIds } from './http/request-context';
import { applySecurity } from './http/security';
import { validationPipe } from './http/validation';
import { withGeoReportErrors } from './open311/georeport-error.filter';

/** The API with every cross-cutting setting; shared by main.ts and the e2e tests so they cannot drift. */
export async function createApiApp(options: { logger?: false | LoggerService } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, {
    bodyParser: false,
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  });
  configureApiApp(app);
  return app;
}

export function configureApiApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  app.use(correlationIds);
  applySecurity(app);
  // One JSON body of at most 256 KiB (413 beyond); Open311 parses its own forms.
  express.useBodyParser('json', { limit: '256kb' });
  // Open311 GeoReport v2 lives at /open311 (its own URL scheme and error format), the rest under /api.
  app.setGlobalPrefix('api', { exclude: ['open311/{*path}'] });
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(withGeoReportErrors(new ProblemFilter()));
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('助企 Zhuqi API')
    .setDescription('Enterprise-service case tracker: intake, dispatch, SLA clocks, supervision, follow-up')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'accessToken of POST /api/auth/login' })
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));
}
