import request from 'supertest';
import { STAFF_ROLES, StaffRole } from '@zhuqi/reference-data';
import { ApiRoute, concretePath, discoverRoutes } from '../../../../libs/testing/src/api-routes';
import { DEMO_ACCOUNT_OF_ROLE, DEMO_PASSWORD, startApiTestApp } from '../../../../libs/testing/src/api-test-app';

/**
 * The route × role matrix: who may call what. G grid worker, D dispatcher, H handler, S supervisor,
 * M manager, A admin; `public` needs no login. README's table says the same in words.
 */
const MATRIX: Record<string, 'public' | string> = {
  'GET /api/health': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/refresh': 'public',
  'POST /api/auth/logout': 'G D H S M A',
  'GET /api/me': 'G D H S M A',

  'GET /api/categories': 'G D H S M A',
  'GET /api/departments': 'G D H S M A',
  'GET /api/grids': 'G D H S M A',
  'GET /api/enterprises': 'G D H S M A',
  'GET /api/enterprises/:id': 'G D H S M A',
  'GET /api/staff': 'G D H S M A',

  'POST /api/cases': 'G D',
  'GET /api/cases': 'G D H S M',
  'GET /api/cases/:id': 'G D H S M',
  'GET /api/cases/:id/events': 'G D H S M',
  'GET /api/cases/export.csv': 'G D H S M',
  'GET /api/cases/export.xlsx': 'G D H S M',
  'POST /api/cases/:id/dispatch': 'D',
  'POST /api/cases/:id/return-rulings': 'D',
  'POST /api/cases/:id/reject': 'D',
  'POST /api/cases/:id/merge': 'D',
  'POST /api/cases/:id/withdraw': 'G D',
  'POST /api/cases/:id/acknowledge': 'H',
  'POST /api/cases/:id/assist-opinions': 'H',
  'POST /api/cases/:id/return': 'H',
  'POST /api/cases/:id/extensions': 'H',
  'POST /api/cases/:id/resolve': 'H',
  'POST /api/cases/:id/extensions/approve': 'S',
  'POST /api/cases/:id/extensions/refuse': 'S',
  'POST /api/cases/:id/supervisions': 'S',
  'POST /api/cases/:id/supervisions/sign-off': 'S',
  'POST /api/cases/:id/follow-up-reviews': 'S',
  'POST /api/cases/:id/follow-ups': 'G',

  'GET /api/queues/overdue': 'G D H S M',
  'GET /api/live/cases': 'G D H S M',
  'GET /api/grids/:code/todo': 'G D S M',
  'POST /api/visits': 'G',
  'GET /api/visits/coverage': 'D S M',
  'GET /api/briefings/latest': 'D S M',
  'GET /api/briefings/:date': 'D S M',

  'GET /api/stats/summary': 'G D H S M',
  'GET /api/stats/league-table': 'G D H S M',
  'GET /api/stats/drill-down': 'G D H S M',
  'GET /api/stats/export.csv': 'S M',
  'GET /api/stats/export.xlsx': 'S M',

  'GET /api/accounts': 'A',
  'POST /api/accounts': 'A',
  'POST /api/accounts/:id/disable': 'A',
  'POST /api/accounts/:id/enable': 'A',
  'POST /api/accounts/:id/password': 'A',
  'GET /api/sla/calendar-overrides': 'A',
  'PUT /api/sla/calendar-overrides/:day': 'A',
  'DELETE /api/sla/calendar-overrides/:day': 'A',
  'GET /api/open311-keys': 'A',
  'POST /api/open311-keys': 'A',
  'POST /api/open311-keys/:id/revoke': 'A',

  // Open311 GeoReport v2: public, its POST authenticated by an api_key of its own
  'GET /open311/discovery.:format': 'public',
  'GET /open311/v2/services.:format': 'public',
  'GET /open311/v2/services/:code.:format': 'public',
  'POST /open311/v2/requests.:format': 'public',
  'GET /open311/v2/requests.:format': 'public',
  'GET /open311/v2/requests/:id.:format': 'public',
  'GET /open311/v2/tokens/:token.:format': 'public',
};

/**
 * The reads that take `?position=` / `X-Min-Position` (a command's answered position) and wait up to 2 s for
 * these read models (`@ReadsProjections`). `GET /api/cases/:id` waits too, by its own code (the detail).
 */
const CASE_LIST = 'read-models.case-list';
const READS_PROJECTIONS: Record<string, string[]> = {
  'GET /api/cases': [CASE_LIST, 'read-models.case-search'],
  'GET /api/cases/export.csv': [CASE_LIST, 'read-models.case-search'],
  'GET /api/cases/export.xlsx': [CASE_LIST, 'read-models.case-search'],
  'GET /api/queues/overdue': [CASE_LIST],
  'GET /api/grids/:code/todo': [CASE_LIST, 'read-models.visits'],
  'GET /api/visits/coverage': ['read-models.visits'],
  'GET /api/stats/summary': ['read-models.case-facts', CASE_LIST],
  'GET /api/stats/drill-down': ['read-models.case-facts', CASE_LIST],
  'GET /api/stats/league-table': ['read-models.case-facts', CASE_LIST],
  'GET /api/stats/export.csv': ['read-models.case-facts', CASE_LIST],
  'GET /api/stats/export.xlsx': ['read-models.case-facts', CASE_LIST],
};

/** Routes that answer a stream of server-sent events. */
const STREAMS = new Set(['GET /api/live/cases']);

const LETTERS: Record<string, StaffRole> = { G: 'grid_worker', D: 'dispatcher', H: 'handler', S: 'supervisor', M: 'manager', A: 'admin' };
const allowed = (entry: string): readonly StaffRole[] => (entry === 'public' ? STAFF_ROLES : entry.split(' ').map((l) => LETTERS[l]));
const ACCOUNT = DEMO_ACCOUNT_OF_ROLE;

describe('deny by default: every route × every role (and none) against the declared matrix', () => {
  let api: Awaited<ReturnType<typeof startApiTestApp>>;
  let routes: ApiRoute[];
  const tokens = new Map<StaffRole, string>();

  const login = async (role: StaffRole) => (await api.http.post('/api/auth/login').send({ username: ACCOUNT[role], password: DEMO_PASSWORD }).expect(200)).body.accessToken as string;

  beforeAll(async () => {
    api = await startApiTestApp();
    routes = discoverRoutes(api.app);
    for (const role of STAFF_ROLES) tokens.set(role, await login(role));
  });
  afterAll(() => api.close());

  it('finds every route of the app at runtime, each declared (@Public or @Roles) and in the matrix', () => {
    expect(routes.length).toBeGreaterThanOrEqual(Object.keys(MATRIX).length);
    expect(routes.filter((r) => !r.access).map((r) => `${r.key} (${r.controller}.${r.handler})`)).toEqual([]);
    expect(routes.map((r) => r.key)).toEqual(Object.keys(MATRIX).sort((x, y) => x.localeCompare(y)));
  });

  it('answers 401 without a login, 403 (or 404 for a case out of reach) to a role not allowed, and neither 401 nor 403 to an allowed role', async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      const entry = MATRIX[route.key];
      if (!entry) continue; // reported by the test above
      const may = allowed(entry);
      // the seven callers of one route at once
      await Promise.all(
        [undefined, ...STAFF_ROLES].map(async (role) => {
          // logout ends the login it is called with: a login of its own
          const token = role === undefined ? undefined : route.key === 'POST /api/auth/logout' ? await login(role) : tokens.get(role)!;
          let call = request(api.app.getHttpServer())[route.method.toLowerCase() as 'get'](concretePath(route.path));
          if (token) call = call.set('Authorization', `Bearer ${token}`);
          // a stream (server-sent events) never ends: its status is all there is to check
          if (STREAMS.has(route.key)) call = call.buffer(false).parse((res, done) => void ((res as unknown as { destroy(): void }).destroy(), done(null, null)));
          const { status } = route.method === 'GET' ? await call : await call.send({});
          const expected = entry === 'public' ? 'not 401/403' : role === undefined ? '401' : may.includes(role) ? 'not 401/403' : '403';
          const ok = expected === 'not 401/403' ? status !== 401 && status !== 403 && status < 500 : status === Number(expected);
          if (!ok) mismatches.push(`${route.key} as ${role ?? 'nobody'}: ${status}, expected ${expected}`);
        }),
      );
    }
    expect(mismatches).toEqual([]);
  }, 600_000);

  it('declares which read models each read of projections waits for on ?position=', () => {
    const declared = Object.fromEntries(routes.filter((r) => r.readsProjections.length > 0).map((r) => [r.key, [...r.readsProjections].sort()]));
    expect(declared).toEqual(Object.fromEntries(Object.entries(READS_PROJECTIONS).map(([key, names]) => [key, [...names].sort()])));
  });

  it('checks access before it waits for ?position=: no login 401 and a role not allowed 403 at once; an allowed role waits', async () => {
    // A position no read model has reached yet: an allowed caller waits (bounded) and is told it is behind;
    // a refused one must be answered by the guard without waiting or learning where the read models stand.
    const { rows } = await api.pool.query(`SELECT max(global_position) + 1000000 AS ahead FROM events`);
    const position = String(rows[0].ahead);
    const mismatches: string[] = [];
    await Promise.all(
      routes
        .filter((r) => r.readsProjections.length > 0)
        .flatMap((route) => [undefined, ...STAFF_ROLES].map((role) => ({ route, role })))
        .map(async ({ route, role }) => {
          let call = request(api.app.getHttpServer()).get(concretePath(route.path)).query({ position });
          if (role) call = call.set('Authorization', `Bearer ${tokens.get(role)}`);
          const res = await call;
          const mayCall = role !== undefined && allowed(MATRIX[route.key]).includes(role);
          const waited = res.headers['x-read-model-behind'] === 'true' && res.headers['x-read-model-position'] !== undefined;
          const ok = mayCall ? waited && res.status !== 401 && res.status !== 403 : res.status === (role ? 403 : 401) && res.headers['x-read-model-position'] === undefined;
          if (!ok) mismatches.push(`${route.key} as ${role ?? 'nobody'}: ${res.status}, read-model headers ${res.headers['x-read-model-position'] ?? '-'} / ${res.headers['x-read-model-behind'] ?? '-'}`);
        }),
    );
    expect(mismatches).toEqual([]);
  }, 120_000);

  it('matches the roles each route declares in code to the matrix', () => {
    const declared = Object.fromEntries(routes.map((r) => [r.key, r.access && 'roles' in r.access ? [...r.access.roles].sort() : 'public']));
    const expected = Object.fromEntries(Object.entries(MATRIX).map(([key, entry]) => [key, entry === 'public' ? 'public' : [...allowed(entry)].sort()]));
    expect(declared).toEqual(expected);
  });
});
