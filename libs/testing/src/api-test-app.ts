import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Pool } from 'pg';
import request from 'supertest';
import { ApiModule } from '../../../apps/api/src/api.module';
import { configureApiApp } from '../../../apps/api/src/api.app';

/** The real API (same module and settings as production) on the test database, for supertest. */
export async function startApiTestApp(): Promise<{ app: INestApplication; http: ReturnType<typeof request>; pool: Pool; close(): Promise<void> }> {
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule] }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error'] });
  configureApiApp(app);
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    http: request(server),
    pool: app.get(Pool),
    close: () => app.close(),
  };
}
