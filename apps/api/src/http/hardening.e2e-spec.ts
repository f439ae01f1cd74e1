import { LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD, startApiTestApp } from '../../../../libs/testing/src/api-test-app';

type Api = Awaited<ReturnType<typeof startApiTestApp>>;

/** A problem body (RFC 9457) that tells nothing about the code behind it. */
function expectProblem(res: { headers: Record<string, string>; body: Record<string, unknown>; text: string }, status: number, code: string) {
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.body).toMatchObject({ type: expect.stringMatching(/^https:\/\//), title: expect.any(String), status, code, detail: expect.any(String) });
  expect(res.text).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+|stack/i);
}

describe('hardening: headers, CORS, limits, one error format, rate limits, nothing secret in the logs', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApiTestApp();
  });
  afterAll(() => api.close());

  it('sends security headers (helmet) on answers and errors, and no X-Powered-By', async () => {
    for (const res of [await api.http.get('/api/health').expect(200), await api.http.get('/api/me').expect(401)]) {
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.stringContaining('max-age='),
        'content-security-policy': expect.stringContaining("default-src 'self'"),
        'referrer-policy': 'no-referrer',
      });
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('answers every failure in the one problem format, without stack traces: unknown route, 413, malformed JSON, 415, bad input', async () => {
    const dispatcher = await api.as('dispatcher');
    expectProblem(await api.http.get('/api/no-such-thing').expect(404), 404, 'NOT_FOUND');
    expectProblem(await dispatcher.post('/api/cases/x/y/z').send({}).expect(404), 404, 'NOT_FOUND');
    const huge = { enterpriseId: randomUUID(), title: '大', description: 'x'.repeat(300 * 1024), channel: 'online' };
    expectProblem(await dispatcher.post('/api/cases').send(huge).expect(413), 413, 'PAYLOAD_TOO_LARGE');
    const malformed = await api.http.post('/api/auth/login').set('Content-Type', 'application/json').send(`{"username": "admin", "password": "${DEMO_PASSWORD}"`).expect(400);
    expectProblem(malformed, 400, 'MALFORMED_JSON');
    expect(malformed.text).not.toContain(DEMO_PASSWORD); // JSON.parse's message quotes the body
    expectProblem(await dispatcher.post(`/api/cases/${randomUUID()}/withdraw`).set('Content-Type', 'text/plain').send('withdraw it').expect(415), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await dispatcher.post('/api/cases').send({ title: 5 }).expect(400), 400, 'INVALID_INPUT');
    expectProblem(await dispatcher.get(`/api/cases/${randomUUID()}`).expect(404), 404, 'CASE_NOT_FOUND');
  });

  it('allows browsers only from the configured origins (CORS_ORIGINS)', async () => {
    const preflight = (app: Api, origin: string) =>
      app.http.options('/api/cases').set('Origin', origin).set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'authorization,content-type');
    expect((await preflight(api, 'https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
    const configured = await startApiTestApp({ env: { CORS_ORIGINS: 'https://zhuqi.example.gov.cn, http://localhost:5173' } });
    try {
      const ok = await preflight(configured, 'https://zhuqi.example.gov.cn');
      expect(ok.status).toBe(204);
      expect(ok.headers['access-control-allow-origin']).toBe('https://zhuqi.example.gov.cn');
      expect(ok.headers['access-control-allow-headers']).toContain('Authorization');
      expect((await preflight(configured, 'https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await configured.close();
    }
  });

  it('limits requests per address and per account in Redis, shared by every API process: 429 with Retry-After', async () => {
    // Two API processes with the same settings (JWT key, counters); a window long enough not to end mid-test.
    const env = { JWT_SECRET: randomUUID() + randomUUID(), RATE_LIMIT_PREFIX: `test-${randomUUID()}`, RATE_LIMIT_WINDOW_SECONDS: '300', RATE_LIMIT_PER_ACCOUNT: '6', RATE_LIMIT_PER_ADDRESS: '1000', LOGIN_RATE_LIMIT: '3' };
    const [one, two] = [await startApiTestApp({ env }), await startApiTestApp({ env })];
    try {
      const token = (await one.http.post('/api/auth/login').send({ username: 'manager', password: DEMO_PASSWORD }).expect(200)).body.accessToken;
      const statuses: number[] = [];
      for (let i = 0; i < 8; i += 1) statuses.push((await (i % 2 ? one : two).http.get('/api/me').set('Authorization', `Bearer ${token}`)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
      const limited = await one.http.get('/api/categories').set('Authorization', `Bearer ${token}`).expect(429);
      expectProblem(limited, 429, 'TOO_MANY_REQUESTS');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // another account is not held back by this one
      const other = (await two.http.post('/api/auth/login').send({ username: 'supervisor', password: DEMO_PASSWORD }).expect(200)).body.accessToken;
      await one.http.get('/api/me').set('Authorization', `Bearer ${other}`).expect(200);
      // login attempts per address: LOGIN_RATE_LIMIT (3), already spent by the two logins above and one more
      await two.http.post('/api/auth/login').send({ username: 'manager', password: 'wrong-password' }).expect(401);
      const login = await one.http.post('/api/auth/login').send({ username: 'manager', password: DEMO_PASSWORD }).expect(429);
      expectProblem(login, 429, 'TOO_MANY_REQUESTS');
      expect(login.headers['retry-after']).toBeDefined();
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('limits requests per address before any login', async () => {
    const limited = await startApiTestApp({ env: { RATE_LIMIT_PREFIX: `test-${randomUUID()}`, RATE_LIMIT_WINDOW_SECONDS: '300', RATE_LIMIT_PER_ADDRESS: '3' } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i += 1) statuses.push((await limited.http.get('/api/me')).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('never logs a password or a token, even at the most verbose level', async () => {
    const lines: string[] = [];
    const capture: LoggerService = Object.fromEntries(
      ['log', 'error', 'warn', 'debug', 'verbose', 'fatal'].map((level) => [level, (...args: unknown[]) => lines.push(`${level} ${args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`)]),
    ) as unknown as LoggerService;
    const logged = await startApiTestApp({ logger: capture, env: { LOG_LEVEL: 'verbose' } });
    const secrets: string[] = [DEMO_PASSWORD, 'a-wrong-password-123'];
    try {
      const pair = (await logged.http.post('/api/auth/login').send({ username: 'dispatcher', password: DEMO_PASSWORD }).expect(200)).body;
      secrets.push(pair.accessToken, pair.refreshToken);
      await logged.http.post('/api/auth/login').send({ username: 'dispatcher', password: 'a-wrong-password-123' }).expect(401);
      await logged.http.post('/api/auth/login').set('Content-Type', 'application/json').send(`{"username":"dispatcher","password":"${DEMO_PASSWORD}`).expect(400);
      const next = (await logged.http.post('/api/auth/refresh').send({ refreshToken: pair.refreshToken }).expect(200)).body;
      secrets.push(next.accessToken, next.refreshToken);
      await logged.http.post('/api/auth/refresh').send({ refreshToken: pair.refreshToken }).expect(401); // reuse
      await logged.http.get('/api/me').set('Authorization', `Bearer ${pair.accessToken}x`).expect(401);
      await logged.http.get('/api/me').set('Authorization', `Bearer ${next.accessToken}`).expect(401);
    } finally {
      await logged.close();
    }
    expect(lines.length).toBeGreaterThan(0); // the capture works: Nest logs its routes at this level
    for (const secret of secrets) expect(lines.filter((line) => line.includes(secret))).toEqual([]);
    const audit = await api.pool.query(`SELECT count(*)::int AS n FROM security_audit WHERE detail::text LIKE ANY($1) OR coalesce(subject, '') LIKE ANY($1)`, [secrets.map((s) => `%${s}%`)]);
    expect(audit.rows[0].n).toBe(0);
  });
});
