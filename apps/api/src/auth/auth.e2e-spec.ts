import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { createHmac } from 'node:crypto';
import { DEMO_PASSWORD, startApiTestApp } from '../../../../libs/testing/src/api-test-app';

const DEPARTMENTS = ['three_services', 'investment', 'economic_development', 'statistics_agent', 'safety', 'legal_services', 'education', 'labour', 'planning_construction', 'enforcement', 'environment'];

describe('accounts and login (POST /api/auth/*, GET /api/me)', () => {
  let api: Awaited<ReturnType<typeof startApiTestApp>>;
  beforeAll(async () => {
    api = await startApiTestApp();
  });
  afterAll(() => api.close());

  const login = (username: string, password = DEMO_PASSWORD) => api.http.post('/api/auth/login').send({ username, password });
  const me = (token: string) => api.http.get('/api/me').set('Authorization', `Bearer ${token}`);
  /** A fresh account of its own, so that locking or disabling it disturbs no other test. */
  async function freshAccount(role = 'dispatcher', extra: Record<string, unknown> = {}) {
    const admin = await api.as('admin');
    const username = `t-${randomUUID().slice(0, 8)}`;
    const password = `pw-${randomUUID()}`;
    const created = await admin.post('/api/accounts').send({ username, name: '测试账号', role, password, ...extra }).expect(201);
    return { id: created.body.id as string, username, password };
  }

  it('logs in every demo account with DEMO_PASSWORD; /me names the role and its binding', async () => {
    for (const username of ['admin', 'dispatcher', 'supervisor', 'manager', 'grid01', 'grid02', ...DEPARTMENTS.map((d) => `handler-${d}`)]) {
      const res = await login(username).expect(200);
      expect(res.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900, refreshExpiresAt: expect.any(String) });
      const who = (await me(res.body.accessToken).expect(200)).body;
      expect(who.username).toBe(username);
      if (username.startsWith('handler-')) expect(who).toMatchObject({ role: 'handler', departmentCode: username.slice('handler-'.length) });
      if (username === 'grid02') expect(who).toMatchObject({ role: 'grid_worker', gridCodes: ['g02'] });
    }
  });

  it('refuses a wrong password and an unknown name alike, audits both with the address, never the password', async () => {
    const wrong = await login('manager', 'not-the-password').expect(401);
    const unknown = await login(`nobody-${randomUUID().slice(0, 6)}`, 'not-the-password').expect(401);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.body).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    expect(unknown.body.detail).toBe(wrong.body.detail);
    const { rows } = await api.pool.query(`SELECT * FROM security_audit WHERE action = 'login' AND correlation_id = $1`, [wrong.headers['x-correlation-id']]);
    expect(rows).toEqual([expect.objectContaining({ outcome: 'bad_password', subject: 'manager', address: expect.stringMatching(/127\.0\.0\.1|::1/) })]);
    const all = await api.pool.query(`SELECT count(*)::int AS n FROM security_audit WHERE detail::text LIKE '%not-the-password%' OR subject LIKE '%not-the-password%'`);
    expect(all.rows[0].n).toBe(0);
    await login('', 'x').expect(400);
  });

  it('locks an account after LOGIN_MAX_FAILURES wrong passwords, even against the right one, until the lock ends', async () => {
    const account = await freshAccount();
    for (let i = 0; i < 5; i += 1) await login(account.username, 'wrong-password').expect(401);
    const locked = await login(account.username, account.password).expect(401);
    expect(locked.body.code).toBe('INVALID_CREDENTIALS');
    const audit = await api.pool.query(`SELECT outcome FROM security_audit WHERE action = 'login' AND subject = $1 ORDER BY id`, [account.username]);
    expect(audit.rows.map((r) => r.outcome)).toEqual(['bad_password', 'bad_password', 'bad_password', 'bad_password', 'bad_password_now_locked', 'locked']);
    // the lock lapses (LOGIN_LOCK_SECONDS): moved into the past here rather than waited for
    await api.pool.query(`UPDATE accounts SET locked_until = now() - interval '1 second' WHERE staff_id = $1`, [account.id]);
    await login(account.username, account.password).expect(200);
  });

  it('rotates the refresh token; a spent one presented again ends the whole login', async () => {
    const first = (await login('supervisor').expect(200)).body;
    const second = (await api.http.post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await me(second.accessToken).expect(200);
    const reused = await api.http.post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    expect(reused.body.code).toBe('REFRESH_TOKEN_REUSED');
    // the family is revoked: the successor and its access token are dead too
    await api.http.post('/api/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
    expect((await me(second.accessToken).expect(401)).body.code).toBe('SESSION_ENDED');
    await api.http.post('/api/auth/refresh').send({ refreshToken: `${randomUUID()}.${'a'.repeat(43)}` }).expect(401);
    await api.http.post('/api/auth/refresh').send({ refreshToken: 'nonsense' }).expect(400);
  });

  it('logout ends the login: its access and refresh tokens are refused at once', async () => {
    const pair = (await login('manager').expect(200)).body;
    await api.http.post('/api/auth/logout').set('Authorization', `Bearer ${pair.accessToken}`).send({}).expect(204);
    expect((await me(pair.accessToken).expect(401)).body.code).toBe('SESSION_ENDED');
    await api.http.post('/api/auth/refresh').send({ refreshToken: pair.refreshToken }).expect(401);
    await api.http.post('/api/auth/logout').send({}).expect(401);
  });

  it('refuses expired, tampered, foreign-key, unsigned and malformed tokens with 401', async () => {
    const pair = (await login('dispatcher').expect(200)).body;
    const [header, payload, signature] = pair.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const jwt = api.app.get(JwtService);
    const expired = await jwt.signAsync({ sub: claims.sub, sid: claims.sid, username: claims.username, role: claims.role }, { expiresIn: -10 });
    expect((await me(expired).expect(401)).body.code).toBe('TOKEN_EXPIRED');
    // a token claiming to be the admin: payload changed, signature kept
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin', username: 'admin' })).toString('base64url');
    expect((await me(`${header}.${forged}.${signature}`).expect(401)).body.code).toBe('INVALID_TOKEN');
    const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
    await me(`${header}.${payload}.${flipped}`).expect(401);
    const foreignKey = createHmac('sha256', 'some-other-secret-of-32-characters!!').update(`${header}.${payload}`).digest('base64url');
    await me(`${header}.${payload}.${foreignKey}`).expect(401);
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    await me(`${none}.${payload}.`).expect(401);
    for (const value of ['Bearer', `Basic ${Buffer.from('admin:zhuqi-demo').toString('base64')}`, `Bearer ${pair.refreshToken}`, 'Bearer a.b.c']) {
      const res = await api.http.get('/api/me').set('Authorization', value).expect(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    const none401 = await api.http.get('/api/me').expect(401);
    expect(none401.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(none401.headers['www-authenticate']).toBe('Bearer');
  });

  it('an admin creates, disables, enables an account and resets its password; the changes apply at once and are audited', async () => {
    const admin = await api.as('admin');
    const account = await freshAccount('handler', { departmentCode: 'safety', phone: '13912345678' });
    const pair = (await login(account.username, account.password).expect(200)).body;
    expect((await me(pair.accessToken).expect(200)).body).toMatchObject({ role: 'handler', departmentCode: 'safety', phone: '13912345678' });

    await admin.post(`/api/accounts/${account.id}/disable`).send({}).expect(200);
    expect((await me(pair.accessToken).expect(401)).body.code).toBe('SESSION_ENDED');
    await login(account.username, account.password).expect(401);
    await admin.post(`/api/accounts/${account.id}/enable`).send({}).expect(200);
    await admin.post(`/api/accounts/${account.id}/password`).send({ password: 'short' }).expect(400);
    await admin.post(`/api/accounts/${account.id}/password`).send({ password: 'a-new-password-1' }).expect(200);
    await login(account.username, account.password).expect(401);
    await login(account.username, 'a-new-password-1').expect(200);

    const listed = (await admin.get('/api/accounts').expect(200)).body.find((a: { id: string }) => a.id === account.id);
    expect(listed).toMatchObject({ username: account.username, active: true, hasPassword: true, phone: '13912345678' });
    const audit = await api.pool.query(`SELECT action, actor FROM security_audit WHERE subject = $1 AND action LIKE 'account.%' ORDER BY id`, [account.username]);
    expect(audit.rows).toEqual(['account.create', 'account.disable', 'account.enable', 'account.password'].map((action) => ({ action, actor: 'admin' })));

    // refused input names the field; a taken name is a conflict; only an admin may do any of it
    expect((await admin.post('/api/accounts').send({ username: 'x-handler', name: '无部门', role: 'handler', password: 'long-enough-1' }).expect(400)).body.errors[0].field).toBe('departmentCode');
    expect((await admin.post('/api/accounts').send({ username: 'x-grid', name: '无网格', role: 'grid_worker', gridCodes: ['g99'], password: 'long-enough-1' }).expect(400)).body.errors[0].field).toBe('gridCodes');
    expect((await admin.post('/api/accounts').send({ username: 'Dispatcher', name: '重名', role: 'dispatcher', password: 'long-enough-1' }).expect(409)).body.code).toBe('USERNAME_TAKEN');
    const self = (await me((await login('admin').expect(200)).body.accessToken)).body;
    expect((await admin.post(`/api/accounts/${self.id}/disable`).send({}).expect(409)).body.code).toBe('CANNOT_DISABLE_SELF');
    await (await api.as('manager')).post(`/api/accounts/${account.id}/disable`).send({}).expect(403);
    await admin.post(`/api/accounts/${randomUUID()}/disable`).send({}).expect(404);
  });

  it('an admin keeps the local calendar (sla_calendar_overrides); the deadlines follow it', async () => {
    const admin = await api.as('admin');
    const day = '2001-02-06'; // a Tuesday long past: no other test computes a deadline across it
    await admin.put(`/api/sla/calendar-overrides/${day}`).send({ working: false, note: '园区停电检修' }).expect(200, { day, working: false, note: '园区停电检修' });
    try {
      expect((await admin.get('/api/sla/calendar-overrides').expect(200)).body).toContainEqual({ day, working: false, note: '园区停电检修' });
      const { CasePolicy } = await import('@zhuqi/cases');
      const { shanghaiDate } = await import('@zhuqi/sla');
      // Mon 2001-02-05 + 1 working day: Tuesday is off → Wednesday
      expect(shanghaiDate(api.app.get(CasePolicy).deadlines.resolutionDueAt(new Date('2001-02-05T02:00:00Z'), 1))).toBe('2001-02-07');
      expect((await admin.put('/api/sla/calendar-overrides/2001-02-30').send({ working: false, note: '不存在的日子' }).expect(400)).body.errors[0].field).toBe('day');
      expect((await admin.put(`/api/sla/calendar-overrides/${day}`).send({ working: 'no', note: '' }).expect(400)).body.errors.map((e: { field: string }) => e.field)).toEqual(['working', 'note', 'note']);
      await (await api.as('supervisor')).put(`/api/sla/calendar-overrides/${day}`).send({ working: true, note: '调休' }).expect(403);
    } finally {
      await admin.delete(`/api/sla/calendar-overrides/${day}`).expect(204);
    }
    await admin.delete(`/api/sla/calendar-overrides/${day}`).expect(404);
    const audit = await api.pool.query(`SELECT action FROM security_audit WHERE subject = $1 ORDER BY id DESC LIMIT 2`, [day]);
    expect(audit.rows.map((r) => r.action)).toEqual(['calendar.delete', 'calendar.set']);
  });
});
