import { INestApplication, LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Pool } from 'pg';
import { EnvConfig, loadConfig } from '@zhuqi/platform';
import type { StaffRole } from '@zhuqi/reference-data';
import request from 'supertest';
import { ApiModule } from '../../../apps/api/src/api.module';
import { configureApiApp } from '../../../apps/api/src/api.app';

/** The demo accounts' password (the demo seed and the test setup give it to every demo account). */
export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'zhuqi-demo';

/** One demo account per role (a handler of three_services, the grid worker of g01). */
export const DEMO_ACCOUNT_OF_ROLE: Record<StaffRole, string> = {
  grid_worker: 'grid01',
  dispatcher: 'dispatcher',
  handler: 'handler-three_services',
  supervisor: 'supervisor',
  manager: 'manager',
  admin: 'admin',
};

/** A supertest agent that sends `Authorization: Bearer <accessToken>` with every request. */
export type LoggedInAgent = ReturnType<typeof request.agent>;

/** Logs in (POST /api/auth/login) and answers an agent carrying the access token. */
export async function loginAs(server: Parameters<typeof request>[0], username: string, password = DEMO_PASSWORD): Promise<LoggedInAgent> {
  const res = await request(server).post('/api/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return request.agent(server).set('Authorization', `Bearer ${res.body.accessToken}`);
}

export interface ApiTestApp {
  app: INestApplication;
  /** Without a login: public routes, or to see 401s. */
  http: ReturnType<typeof request>;
  pool: Pool;
  /** One logged-in agent per demo account (admin, dispatcher, supervisor, manager, grid01, grid02, handler-<department>), made once. */
  as(username: string): Promise<LoggedInAgent>;
  close(): Promise<void>;
}

export interface ApiTestOptions {
  /** Settings of this app only (e.g. low rate limits), over the test environment. */
  env?: Record<string, string>;
  /** Instead of errors on the console. */
  logger?: LoggerService;
}

/** The real API (same module and settings as production) on the test database, for supertest. */
export async function startApiTestApp(options: ApiTestOptions = {}): Promise<ApiTestApp> {
  let builder = Test.createTestingModule({ imports: [ApiModule] });
  if (options.env) builder = builder.overrideProvider(EnvConfig).useValue(loadConfig({ ...process.env, ...options.env }));
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: options.logger ?? ['error'] });
  configureApiApp(app);
  await app.init();
  const server = app.getHttpServer();
  const agents = new Map<string, Promise<LoggedInAgent>>();
  return {
    app,
    http: request(server),
    pool: app.get(Pool),
    as(username) {
      let agent = agents.get(username);
      if (!agent) {
        agent = loginAs(server, username);
        agents.set(username, agent);
      }
      return agent;
    },
    close: () => app.close(),
  };
}
