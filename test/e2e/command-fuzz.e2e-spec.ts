import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import request from 'supertest';
import { ApiRoute, concretePath, discoverRoutes } from '../../libs/testing/src/api-routes';
import { DEMO_ACCOUNT_OF_ROLE, LoggedInAgent, startApiTestApp } from '../../libs/testing/src/api-test-app';

/**
 * Hostile payloads at EVERY command endpoint (each POST/PUT/PATCH/DELETE route found at runtime, Open311's
 * POST requests included — its own suite fuzzes it with forms), sent as a role the route allows, against a real case and a real account: wrong types, huge strings, unicode
 * edge cases (lone surrogates, RTL override, zero-width, emoji), SQL and script injections, prototype-
 * pollution keys. Every payload carries at least one element no endpoint accepts (an unknown or prototype
 * key, a body that is not an object, a lone surrogate or an over-long string in a field), so the answer
 * must be a 4xx problem — never a 5xx — and nothing may be written: no event and no audit row carries the
 * request's correlation id, the case's version and the account stay as they were.
 *
 * Seeded and reproducible: FUZZ_SEED (default below) and FUZZ_RUNS per route; fast-check prints the seed
 * and the shrunk payload of a failure.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_251_126);
const RUNS = Number(process.env.FUZZ_RUNS ?? 24);

const ACCOUNT = DEMO_ACCOUNT_OF_ROLE;

/** Every field name any command takes, so that payloads hit real fields as well as unknown ones. */
const FIELDS = [
  'enterpriseId', 'title', 'description', 'channel', 'categoryCode', 'urgency', 'contactName', 'contactPhone',
  'departmentCode', 'assistingDepartmentCodes', 'note', 'opinion', 'reason', 'decision', 'workingDays', 'resolution',
  'level', 'instructions', 'dueInWorkingDays', 'comment', 'satisfaction', 'solved', 'intoCaseId', 'summary', 'visitedAt',
  'username', 'password', 'refreshToken', 'name', 'role', 'gridCodes', 'phone', 'working',
];

const LONE_SURROGATES = ['\uD800', '\uDFFF', 'abc\uD83D', '\uDE00xyz', '工资\uDBFF拖欠'];
const HOSTILE_TEXT = [
  "'; DROP TABLE events; --",
  "' OR '1'='1",
  '1; SELECT pg_sleep(10)--',
  '$1::text); DELETE FROM staff; --',
  '<script>alert(document.cookie)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}<%= 7*7 %>',
  '${jndi:ldap://127.0.0.1/a}',
  '../../../../etc/passwd',
  '\u202Egnp.exe', // RTL override
  'עברית العربية mixed 中文',
  '\u200B\u200C\u200D\u2060\uFEFF', // zero-width only
  '👩‍👩‍👧‍👦🇨🇳🏳️‍🌈',
  'e\u0301\u0301\u0301\u0301', // stacked combining marks
  'null',
  'undefined',
  '%00%0d%0a',
  '\u0000',
  '\r\nSet-Cookie: x=1',
];

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) }, // any code unit, surrogates included
  { weight: 1, arbitrary: fc.constantFrom(...LONE_SURROGATES) },
  { weight: 1, arbitrary: fc.integer({ min: 1_001, max: 12_000 }).map((n) => '长'.repeat(n)) },
);

const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.integer(),
    fc.constantFrom(0, -1, 2 ** 31, Number.MAX_SAFE_INTEGER, 1e308, -0, 0.5),
    fc.boolean(),
    fc.constant(null),
    fc.uuid(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** What makes the payload unacceptable to every endpoint (the rest is hostile noise around it). */
const poison = fc.oneof(
  fc.record({ kind: fc.constant('prototype-key' as const), json: fc.constantFrom('"__proto__":{"polluted":"yes"}', '"constructor":{"prototype":{"polluted":"yes"}}', '"prototype":{"polluted":"yes"}', '"reason":{"__proto__":{"polluted":"yes"}}') }),
  fc.record({ kind: fc.constant('unknown-key' as const), key: fc.oneof(fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !FIELDS.includes(k)), fc.constantFrom('isAdmin', 'role ', 'actor', 'X-Actor', '$where', 'id')) }),
  fc.record({ kind: fc.constant('not-an-object' as const), json: fc.constantFrom('[]', '[{"reason":"x"}]', '"withdraw"', '42', 'true', 'null', '[' + '['.repeat(200) + ']'.repeat(200) + ']') }),
  fc.record({
    kind: fc.constant('bad-field' as const),
    // mostly the free-text fields, where a lone surrogate is otherwise well-typed input
    field: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('reason', 'comment', 'note', 'opinion', 'resolution', 'summary', 'instructions', 'title', 'password') }, { weight: 1, arbitrary: fc.constantFrom(...FIELDS) }),
    value: fc.oneof(fc.constantFrom(...LONE_SURROGATES), fc.constant('x'.repeat(6_000))),
  }),
);

/** A path parameter: any string percent-encoded as UTF-8, or escapes that are not UTF-8 at all. */
const hostileParam = fc.oneof(
  hostileString.map((text) => Array.from(Buffer.from(text.slice(0, 700), 'utf8'), (byte) => `%${byte.toString(16).padStart(2, '0')}`).join('')),
  fc.constantFrom('%ED%A0%80', '%E0%A4%A', '%', '%00', '..%2F..%2Fetc', '%FF%FE'),
);

const payload = fc.record({ fields: fc.dictionary(fc.constantFrom(...FIELDS), hostileValue, { maxKeys: 3 }), poison, hostileParam: fc.option(hostileParam, { freq: 4 }) });

type PayloadOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

/** The raw JSON body: the poison spliced in as text, so that `__proto__` arrives as a key and not as a prototype. */
function bodyOf({ fields, poison: p }: PayloadOf<typeof payload>): string {
  if (p.kind === 'not-an-object') return p.json;
  const object: Record<string, unknown> = { ...fields };
  if (p.kind === 'unknown-key') object[p.key] = 'x';
  if (p.kind === 'bad-field') object[p.field] = p.value;
  const json = JSON.stringify(object);
  return p.kind === 'prototype-key' ? (json === '{}' ? `{${p.json}}` : `{${p.json},${json.slice(1)}`) : json;
}

describe('fuzzing every command endpoint with hostile payloads: always a 4xx problem, never a 5xx, nothing written', () => {
  let api: Awaited<ReturnType<typeof startApiTestApp>>;
  let commands: ApiRoute[];
  const agents = new Map<string, LoggedInAgent>();
  let caseId: string;
  let accountId: string;

  beforeAll(async () => {
    api = await startApiTestApp();
    commands = discoverRoutes(api.app).filter((r) => r.method !== 'GET');
    for (const username of Object.values(ACCOUNT)) agents.set(username, await api.as(username));
    // A case every command could apply to (g01, led by three_services) and an account to administer.
    const grid01 = agents.get('grid01')!;
    const enterpriseId = (await grid01.get('/api/enterprises?gridCode=g01&pageSize=1').expect(200)).body.items[0].id;
    caseId = (await grid01.post('/api/cases').send({ enterpriseId, title: '模糊测试的诉求', description: '用来承受各种恶意输入', channel: 'grid_visit' }).expect(201)).body.id;
    await agents.get('dispatcher')!.post(`/api/cases/${caseId}/dispatch`).send({ departmentCode: 'three_services', categoryCode: 'infrastructure' }).expect(200);
    const username = `fuzz-${randomUUID().slice(0, 8)}`;
    accountId = (await agents.get('admin')!.post('/api/accounts').send({ username, name: '模糊测试', role: 'dispatcher', password: 'fuzz-password-1' }).expect(201)).body.id;
  });
  afterAll(() => api.close());

  const writtenWith = async (correlationId: string) => {
    const { rows } = await api.pool.query(
      `SELECT (SELECT count(*) FROM events WHERE metadata->>'correlationId' = $1)::int + (SELECT count(*) FROM security_audit WHERE correlation_id = $1)::int AS n`,
      [correlationId],
    );
    return rows[0].n as number;
  };
  const state = async () => {
    const { rows } = await api.pool.query(
      `SELECT (SELECT max(version) FROM events WHERE stream_id = $1) AS version,
              (SELECT row(s.*, a.password_hash, a.failed_logins)::text FROM staff s JOIN accounts a ON a.staff_id = s.id WHERE s.id = $2) AS account,
              (SELECT count(*) FROM sla_calendar_overrides)::int AS overrides`,
      [caseId, accountId],
    );
    return rows[0];
  };

  it('finds the command endpoints at runtime', () => {
    expect(commands.length).toBeGreaterThanOrEqual(25);
  });

  it('answers every hostile payload at every command endpoint with a 4xx problem and writes nothing', async () => {
    const before = await state();
    for (const route of commands) {
      const roles = route.access && 'roles' in route.access ? route.access.roles : [];
      const agent = roles.length ? agents.get(ACCOUNT[roles[0]])! : request.agent(api.app.getHttpServer());
      await fc.assert(
        fc.asyncProperty(payload, async (p) => {
          const param = p.hostileParam ?? undefined;
          const path = concretePath(route.path, { id: param ?? (route.path.startsWith('/api/accounts') ? accountId : caseId), day: param ?? '2001-03-06', code: param ?? 'g01' });
          const correlationId = randomUUID();
          const res = await agent[route.method.toLowerCase() as 'post'](path)
            .set('Content-Type', 'application/json')
            .set('X-Correlation-Id', correlationId)
            .send(bodyOf(p));
          const where = `${route.key} → ${res.status} ${res.text.slice(0, 300)}`;
          expect({ where, clientError: res.status >= 400 && res.status < 500 }).toEqual({ where, clientError: true });
          // the staff API answers problem details; Open311 its own GeoReport error document
          if (!route.path.startsWith('/open311/')) expect(res.headers['content-type']).toContain('application/problem+json');
          expect(await writtenWith(correlationId)).toBe(0);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    }
    expect(await state()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  }, 600_000);

  it('stores hostile but valid text verbatim and answers it unchanged (no injection, no mangling)', async () => {
    const grid01 = agents.get('grid01')!;
    const enterpriseId = (await grid01.get('/api/enterprises?gridCode=g01&pageSize=1').expect(200)).body.items[0].id;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...HOSTILE_TEXT.filter((t) => /\S/.test(t) && !/[\u0000-\u001F]/.test(t) && t.trim() === t)), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), async (text, noise) => {
        const title = `${text} ${noise}`.trim().slice(0, 200) || text;
        const created = await grid01.post('/api/cases').send({ enterpriseId, title, description: text, channel: 'grid_visit' });
        if (created.status !== 201) {
          // only what validation refuses by rule (control characters in the noise) may be refused, as a 400
          expect(created.status).toBe(400);
          return;
        }
        const view = (await grid01.get(`/api/cases/${created.body.id}`).expect(200)).body;
        expect({ title: view.title, description: view.description }).toEqual({ title, description: text });
      }),
      { seed: SEED, numRuns: 20 },
    );
  }, 120_000);
});
