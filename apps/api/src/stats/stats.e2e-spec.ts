import { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { resetAppConfig } from '@zhuqi/platform';
import { UpcasterRegistry } from '@zhuqi/event-store';
import { applyBatch, LIVE_TABLES, ProjectionRebuilder, ProjectionsRunner, rebuildProjections } from '@zhuqi/read-models';
import { LoggedInAgent, startApiTestApp } from '../../../../libs/testing/src/api-test-app';
import { createOwnTestDatabase } from '../../../../libs/testing/src/own-test-database';
import { Pool } from 'pg';
import { DemoHistoryGenerator } from '../../../../seeds/demo-history/demo-history.generator';

// A year of demo history (~3,200 cases) goes into a database of this suite's own, created and dropped here, so
// that repeated runs do not grow the shared test database. The endpoint must equal a direct count over all
// events of the period, and the generator's cases must hold exactly 2410.
const PERIOD = { from: '2023-01-01', to: '2023-10-31' };
const RANGE = `occurred_at >= '2022-12-31T16:00:00Z' AND occurred_at < '2023-10-31T16:00:00Z'`;

describe('statistics over a year of demo history (GET /api/stats/*)', () => {
  let app: INestApplication;
  /** The manager (管委会领导): reads every figure and exports. */
  let http: LoggedInAgent;
  /** Takes in and dispatches (read your writes). */
  let dispatcher: LoggedInAgent;
  let pool: Pool;
  let close: () => Promise<void>;
  let caseIds: string[];
  let database: Awaited<ReturnType<typeof createOwnTestDatabase>>;
  const sharedUrl = process.env.DATABASE_URL;

  const count = async (sql: string, values: unknown[] = []) => Number((await pool.query(sql, values)).rows[0].n);
  /** A case counts as resolved once, at its last 办结 not undone by a later 重办. */
  const finalResolved = `FROM events r WHERE r.stream_type = 'case' AND r.type = 'CaseResolved'
    AND NOT EXISTS (SELECT 1 FROM events o WHERE o.stream_id = r.stream_id AND o.version > r.version AND o.type = 'CaseReopened')`;

  beforeAll(async () => {
    database = await createOwnTestDatabase('stats');
    process.env.DATABASE_URL = database.url;
    resetAppConfig();
    const api = await startApiTestApp();
    ({ app, pool, close } = api);
    http = await api.as('manager');
    dispatcher = await api.as('dispatcher');
    const result = await new DemoHistoryGenerator(app.get(CommandBus), pool).run({ concurrency: 16 });
    caseIds = result.caseIds.filter(Boolean);
    await app.get(ProjectionsRunner).catchUp();
  }, 600_000);

  afterAll(async () => {
    await close?.();
    process.env.DATABASE_URL = sharedUrl;
    resetAppConfig();
    await database?.drop();
  });

  it('resolves exactly 2410 of its own cases in January–October 2023, by business time', async () => {
    const own = await count(`SELECT count(*) AS n ${finalResolved} AND r.stream_id = ANY($1) AND r.${RANGE}`, [caseIds]);
    expect(own).toBe(2410);
    expect(await count(`SELECT count(*) AS n FROM read_case_facts WHERE kind = 'resolved' AND case_id = ANY($1::uuid[]) AND ${RANGE}`, [caseIds])).toBe(2410);
    // and some are still open at the end of the year
    expect(await count(`SELECT count(*) AS n FROM read_case_list WHERE id = ANY($1::uuid[]) AND status IN ('dispatched', 'acknowledged')`, [caseIds])).toBeGreaterThan(0);
  });

  it('answers the summary with the same figures as a direct count over the events', async () => {
    const res = await http.get('/api/stats/summary').query(PERIOD).expect(200);
    const s = res.body;
    expect(Object.keys(s).sort()).toEqual(
      ['from', 'to', 'received', 'resolved', 'closed', 'onTimeResponseRate', 'onTimeResolutionRate', 'satisfactionRate', 'rectificationRate', 'reopenRate', 'returnRate', 'overdueNow', 'groups'].sort(),
    );
    const ofType = (type: string) => count(`SELECT count(*) AS n FROM events WHERE stream_type = 'case' AND type = $1 AND ${RANGE}`, [type]);
    expect(s.resolved).toBe(await count(`SELECT count(*) AS n ${finalResolved} AND r.${RANGE}`));
    expect(s.received).toBe(await ofType('CaseSubmitted'));
    expect(s.closed).toBe(await ofType('CaseClosed'));
    const returns = await ofType('CaseReturned');
    const dispatches = await ofType('CaseDispatched');
    expect(s.returnRate).toBeCloseTo(returns / dispatches, 4);
    const followUps = await ofType('FollowUpRecorded');
    const satisfied = await count(
      `SELECT count(*) AS n FROM events WHERE type = 'FollowUpRecorded' AND data->>'satisfaction' IN ('satisfied', 'basically_satisfied') AND ${RANGE}`,
    );
    expect(s.satisfactionRate).toBeCloseTo(satisfied / followUps, 4);
    expect(s.reopenRate).toBeCloseTo((await ofType('CaseReopened')) / s.resolved, 4);
    expect(s.onTimeResponseRate).toBeGreaterThan(0.8);
    expect(s.onTimeResolutionRate).toBeGreaterThan(0.8);
  });

  it('counts a period that starts and ends within months (monthly and daily rollups together) like the events do', async () => {
    const period = { from: '2023-02-15', to: '2023-05-10' };
    const range = `occurred_at >= '2023-02-14T16:00:00Z' AND occurred_at < '2023-05-10T16:00:00Z'`;
    const s = (await http.get('/api/stats/summary').query(period).expect(200)).body;
    expect(s.received).toBe(await count(`SELECT count(*) AS n FROM events WHERE stream_type = 'case' AND type = 'CaseSubmitted' AND ${range}`));
    expect(s.resolved).toBe(await count(`SELECT count(*) AS n ${finalResolved} AND r.${range}`));
    const months = (await http.get('/api/stats/summary').query({ ...period, groupBy: 'month' }).expect(200)).body.groups;
    // (超期数 now is grouped by the month of its deadline, whatever the period: other months may show with it alone)
    expect(months.filter((g: { received: number }) => g.received > 0).map((g: { key: string }) => g.key)).toEqual(['2023-02', '2023-03', '2023-04', '2023-05']);
    expect(months.reduce((sum: number, g: { received: number }) => sum + g.received, 0)).toBe(s.received);
  });

  it('sums the groups to the total, by category, department, grid, channel and month, with Chinese names', async () => {
    const total = (await http.get('/api/stats/summary').query(PERIOD).expect(200)).body;
    for (const groupBy of ['category', 'department', 'grid', 'channel', 'month']) {
      const { groups } = (await http.get('/api/stats/summary').query({ ...PERIOD, groupBy }).expect(200)).body;
      expect(groups.reduce((sum: number, g: { resolved: number }) => sum + g.resolved, 0)).toBe(total.resolved);
      expect(groups.reduce((sum: number, g: { received: number }) => sum + g.received, 0)).toBe(total.received);
    }
    const byCategory = (await http.get('/api/stats/summary').query({ ...PERIOD, groupBy: 'category' }).expect(200)).body.groups;
    expect(byCategory.find((g: { key: string }) => g.key === 'legal').name).toBe('法律');
    const months = (await http.get('/api/stats/summary').query({ ...PERIOD, groupBy: 'month' }).expect(200)).body.groups;
    expect(months.map((g: { key: string }) => g.key)).toEqual(expect.arrayContaining(['2023-01', '2023-10']));
    expect(months.find((g: { key: string }) => g.key === '2023-06').name).toBe('2023年6月');
  });

  it('drills each figure down to the cases behind it', async () => {
    const { groups } = (await http.get('/api/stats/summary').query({ ...PERIOD, groupBy: 'category' }).expect(200)).body;
    const legal = groups.find((g: { key: string }) => g.key === 'legal');
    const drill = (await http.get('/api/stats/drill-down').query({ ...PERIOD, metric: 'resolved', groupBy: 'category', key: 'legal', pageSize: 1000 }).expect(200)).body;
    expect(drill.total).toBe(legal.resolved);
    expect(drill.items[0]).toEqual({ id: expect.any(String), caseNo: expect.any(String) });
    // 超期数 (counted from two partial indexes) names the same cases as its drill-down, in total and per group
    const total = (await http.get('/api/stats/summary').query(PERIOD).expect(200)).body;
    expect(total.overdueNow).toBeGreaterThan(0);
    expect((await http.get('/api/stats/drill-down').query({ ...PERIOD, metric: 'overdueNow', pageSize: 1 }).expect(200)).body.total).toBe(total.overdueNow);
    const byDepartment = (await http.get('/api/stats/summary').query({ ...PERIOD, groupBy: 'department' }).expect(200)).body.groups;
    const busiest = byDepartment.reduce((a: { overdueNow: number }, b: { overdueNow: number }) => (b.overdueNow > a.overdueNow ? b : a));
    expect((await http.get('/api/stats/drill-down').query({ ...PERIOD, metric: 'overdueNow', groupBy: 'department', key: busiest.key, pageSize: 1 }).expect(200)).body.total).toBe(busiest.overdueNow);
    const detail = await http.get(`/api/cases/${drill.items[0].id}`).expect(200);
    expect(detail.body.categoryCode ?? detail.body.category?.code).toBe('legal');
  });

  it('ranks the departments monthly (红黑榜) with drill-downs that give the numerators', async () => {
    const { body } = await http.get('/api/stats/league-table').query({ month: '2023-06' }).expect(200);
    expect(body.rows.length).toBeGreaterThan(3);
    expect(body.rows.map((r: { rank: number }) => r.rank)).toEqual(body.rows.map((_: unknown, i: number) => i + 1));
    expect(body.rows[0].board).toBe('red');
    const scores = body.rows.map((r: { score: number }) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const row = body.rows[0];
    expect(row.departmentName).toMatch(/[\u4e00-\u9fa5]/);
    const drilled = (await http.get(row.onTimeResolutionRate.drillDown.numerator).expect(200)).body;
    expect(drilled.total).toBe(row.onTimeResolutionRate.numerator);
  });

  it('exports the statistics, the league table and the case list as CSV (UTF-8 BOM) and XLSX with Chinese headers', async () => {
    const csv = await http.get('/api/stats/export.csv').query({ ...PERIOD, groupBy: 'category' }).buffer(true).parse(binary as never).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const text: string = csv.body.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('受理数');
    expect(text).toContain('法律');
    const xlsx = await http.get('/api/stats/export.xlsx').query({ report: 'league-table', month: '2023-06' }).buffer(true).parse(binary as never).expect(200);
    expect(xlsx.body.subarray(0, 2).toString()).toBe('PK');
    const cases = await http.get('/api/cases/export.csv').query({ categoryCode: 'schooling', from: '2023-03-01T00:00:00+08:00', to: '2023-04-01T00:00:00+08:00' }).buffer(true).parse(binary as never).expect(200);
    const lines = cases.body.toString('utf8').trim().split('\r\n');
    expect(lines[0]).toContain('案件编号');
    expect(lines.slice(1).every((l: string) => l.includes('子女入学'))).toBe(true);
    const listed = (await http.get('/api/cases').query({ categoryCode: 'schooling', from: '2023-03-01T00:00:00+08:00', to: '2023-04-01T00:00:00+08:00', pageSize: 1 }).expect(200)).body;
    expect(lines.length - 1).toBe(listed.total);
    const cx = await http.get('/api/cases/export.xlsx').query({ gridCode: 'g07', status: 'closed' }).buffer(true).parse(binary as never).expect(200);
    expect(cx.body.subarray(0, 2).toString()).toBe('PK');
  });

  it('rebuilds the statistics projection with projections:rebuild while serving: rebuilt equals live, re-applying changes nothing', async () => {
    const runner = app.get(ProjectionsRunner);
    const rebuilder = app.get(ProjectionRebuilder);
    const facts = runner.projection('case-facts')!;
    const before = (await http.get('/api/stats/summary').query(PERIOD).expect(200)).body;
    const out = new PassThrough();
    let printed = '';
    out.on('data', (chunk) => (printed += chunk));
    // Reads keep working while the CLI's rebuild runs.
    const reading = (async () => {
      let ok = 0;
      for (let i = 0; i < 10; i += 1) ok += (await http.get('/api/stats/summary').query(PERIOD)).status === 200 ? 1 : 0;
      return ok;
    })();
    const report = await rebuildProjections(runner, rebuilder, ['case-facts'], out);
    expect(await reading).toBe(10);
    expect(report.projections).toEqual(['read-models.case-facts']);
    expect(report.events).toBeGreaterThan(15_000);
    expect(printed).toMatch(/rebuilt read-models\.case-facts: \d+ events/);
    // The swapped-in tables equal a fresh rebuild up to the live checkpoint, the rollup included.
    const truth = await rebuilder.compareWithLive(facts);
    expect(truth.tables).toEqual({ read_case_facts: 0, read_case_stats_daily: 0, read_case_stats_monthly: 0 });
    expect(truth.rows).toBeGreaterThan(20_000);
    expect(await count(`SELECT sum(n) AS n FROM read_case_stats_daily WHERE dim = 'total'`)).toBe(await count(`SELECT count(*) AS n FROM read_case_facts`));
    // A batch applied twice (a crash before its commit is retried) changes nothing.
    const { rows } = await pool.query(`SELECT stream_id, 'case' AS stream_type, max(version)::int AS version FROM events WHERE stream_id = ANY($1) GROUP BY 1`, [caseIds.slice(0, 200)]);
    const entries = rows.map((r) => ({ streamId: r.stream_id, streamType: r.stream_type, version: r.version, type: 'CaseReplayed', position: 0, transactionId: '0' }));
    await applyBatch(pool, [facts], LIVE_TABLES, entries, app.get(UpcasterRegistry));
    await applyBatch(pool, [facts], LIVE_TABLES, entries, app.get(UpcasterRegistry));
    expect((await rebuilder.compareWithLive(facts)).differences).toBe(0);
    await runner.catchUp();
    await pool.query(`UPDATE subscription_checkpoints SET position = 0, transaction_id = '0' WHERE name = $1`, [facts.name]);
    await runner.catchUp(); // the whole log applied again over the live tables
    expect((await rebuilder.compareWithLive(facts)).differences).toBe(0);
    expect((await http.get('/api/stats/summary').query(PERIOD).expect(200)).body).toEqual(before);
  }, 180_000);

  it('waits for the position a command answered before answering statistics and lists (read your writes)', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const enterprise = (await http.get('/api/enterprises').query({ pageSize: 1 }).expect(200)).body.items[0];
    const summary = () => http.get('/api/stats/summary').query({ from: today, to: today });
    const runner = app.get(ProjectionsRunner);
    for (let round = 0; round < 2; round += 1) {
      const before = (await summary().expect(200)).body.received;
      const token = `读写一致${randomUUID().slice(0, 6)}`;
      // The projections are held back for a moment: a read naming the position must wait for them.
      await runner.stop();
      try {
        const created = await dispatcher.post('/api/cases').send({ enterpriseId: enterprise.id, title: `${token}园区路灯不亮`, description: '夜间出行不便', channel: 'online' }).expect(201);
        const dispatched = await dispatcher.post(`/api/cases/${created.body.id}/dispatch`).send({ departmentCode: 'three_services', categoryCode: 'infrastructure' }).expect(200);
        setTimeout(() => void runner.start(), 300);
        const started = Date.now();
        const stats = await summary().query({ position: created.body.position }).expect(200);
        expect(Date.now() - started).toBeGreaterThanOrEqual(250);
        expect(stats.body.received).toBe(before + 1);
        expect(stats.headers['x-read-model-behind']).toBeUndefined();
        expect(Number(stats.headers['x-read-model-position'])).toBeGreaterThanOrEqual(created.body.position);
        const listed = await http.get('/api/cases').query({ q: token }).set('X-Min-Position', String(dispatched.body.position)).expect(200);
        expect(listed.body.items.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([[created.body.id, 'dispatched']]);
      } finally {
        await runner.start();
      }
    }
    // A position no read model reaches: bounded wait, then an answer that says it is behind.
    const started = Date.now();
    const ahead = await summary().query({ position: '999999999999' }).expect(200);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(ahead.headers['x-read-model-behind']).toBe('true');
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const field = async (path: string, query: Record<string, string>) =>
      (await http.get(path).query(query).expect(400)).body.errors?.map((e: { field: string }) => e.field) ?? [(await http.get(path).query(query)).body.field];
    expect(await field('/api/stats/summary', { ...PERIOD, groupBy: 'street' })).toContain('groupBy');
    expect(await field('/api/stats/summary', { from: '2023-13', to: '2023-10-31' })).toContain('from');
    expect(await field('/api/stats/league-table', { month: '2023-13' })).toContain('month');
    expect(await field('/api/stats/drill-down', { ...PERIOD, metric: 'happiness' })).toContain('metric');
    expect(await field('/api/stats/export.csv', { report: 'league-table' })).toContain('month');
    expect(await field('/api/stats/summary', { ...PERIOD, position: 'soon' })).toContain('position');
    expect(await field('/api/stats/league-table', { month: '2023-06', position: '-3' })).toContain('position');
    const header = await http.get('/api/stats/summary').query(PERIOD).set('X-Min-Position', 'later').expect(400);
    expect(header.body.errors[0].field).toBe('X-Min-Position');
  });
});

/** Collects a download as a Buffer (CSV with its BOM, XLSX). */
function binary(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
