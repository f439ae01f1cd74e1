import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { AcknowledgeCaseCommand, DispatchCaseCommand, ResolveCaseCommand, ReturnCaseCommand, SubmitCaseCommand } from '@zhuqi/cases';
import { EventStore } from '@zhuqi/event-store';
import { caseListWhere, caseSearchCondition, ProjectionRebuilder, ProjectionsRunner } from '@zhuqi/read-models';
import { Client, Pool } from 'pg';
import { LoggedInAgent, startApiTestApp } from '../../../../libs/testing/src/api-test-app';

const DAY = 86_400_000;

describe('Read models over HTTP (case list, detail, overdue queue, grid to-do, visits, rebuild)', () => {
  let api: Awaited<ReturnType<typeof startApiTestApp>>;
  let agent: () => LoggedInAgent;
  let gridWorker: LoggedInAgent;
  let pool: Pool;
  let bus: CommandBus;
  let runner: ProjectionsRunner;
  let enterprise: { id: string; gridCode: string };

  beforeAll(async () => {
    api = await startApiTestApp();
    pool = api.pool;
    // A dispatcher reads every case and takes in requests; the grid worker of the enterprise's grid (g01/g02,
    // the grids with demo accounts) keeps its to-do list and records visits.
    const dispatcher = await api.as('dispatcher');
    agent = () => dispatcher;
    bus = api.app.get(CommandBus);
    runner = api.app.get(ProjectionsRunner);
    const list = await agent().get(`/api/enterprises?gridCode=g0${1 + Math.floor(Math.random() * 2)}&pageSize=50`).expect(200);
    enterprise = list.body.items[Math.floor(Math.random() * list.body.items.length)];
    gridWorker = await api.as(`grid${enterprise.gridCode.slice(1)}`);
  });
  afterAll(() => api.close());

  const meta = (at?: Date) => ({ actor: 'test', correlationId: randomUUID(), causationId: null, at });

  /** A case taken in (and optionally dispatched) at a business time in the past. */
  async function caseAt(at: Date, title: string, dispatch = true): Promise<string> {
    const { id } = await bus.execute(
      new SubmitCaseCommand(
        { enterpriseId: enterprise.id, title, description: '企业反映厂房消防通道被占用，存在安全隐患', channel: 'online', categoryCode: null, urgency: 'normal', contactName: null, contactPhone: null },
        meta(at),
      ),
    );
    if (dispatch) await bus.execute(new DispatchCaseCommand(id, { departmentCode: 'three_services', categoryCode: 'infrastructure', assistingDepartmentCodes: [] }, meta(at)));
    return id;
  }

  it('finds a case by a 2-character Chinese query (消防) and by a longer one, with filters and paging', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const token = `巡查${randomUUID().slice(0, 6)}`;
    const created = await agent().post('/api/cases').send({ enterpriseId: enterprise.id, title: `${token}消防栓损坏`, description: '园区东门消防栓漏水', channel: 'grid_visit' }).expect(201);
    await runner.catchUp();
    const short = await agent().get('/api/cases').query({ q: '消防', from: since, pageSize: 100 }).expect(200);
    expect(short.body).toMatchObject({ page: 1, pageSize: 100 });
    expect(short.body.items.map((i: { id: string }) => i.id)).toContain(created.body.id);
    const long = await agent().get('/api/cases').query({ q: token }).expect(200);
    expect(long.body.total).toBe(1);
    expect(long.body.items[0]).toMatchObject({ id: created.body.id, status: 'submitted', enterprise: { id: enterprise.id, gridCode: enterprise.gridCode }, overdue: false });
    const none = await agent().get('/api/cases').query({ q: token, status: 'closed,resolved' }).expect(200);
    expect(none.body).toMatchObject({ items: [], total: 0 });
  });

  it('finds 2-character words through the bigram index: exactly the cases a substring match finds', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const token = `标记${randomUUID().slice(0, 6)}`;
    const texts = [
      [`${token}消防栓损坏`, '园区东门消防栓漏水'],
      [`${token}仓库设施老化`, '仓库的消防设施老化，请求检查'], // only in the description
      [`${token}定期消毒`, '厂区定期消毒，防疫物资充足'], // 消 and 防 apart: no match
      [`${token}Fire Safety`, 'FIRE消防 drill'],
      [`${token}消`, '防'], // across title and description: the joined text has "消 防", no match
    ];
    let position = 0;
    const ids: string[] = [];
    for (const [title, description] of texts) {
      const created = await agent().post('/api/cases').send({ enterpriseId: enterprise.id, title, description, channel: 'online' }).expect(201);
      ids.push(created.body.id);
      position = created.body.position;
    }
    const found = async (q: string) => {
      const res = await agent().get('/api/cases').query({ q, from: since, pageSize: 100, position }).expect(200);
      return res.body.items.map((i: { id: string }) => i.id).filter((id: string) => ids.includes(id)).sort();
    };
    const substring = async (q: string) =>
      (await pool.query(`SELECT id FROM read_case_list WHERE id = ANY($1::uuid[]) AND (title || ' ' || description) ILIKE $2`, [ids, `%${q}%`])).rows.map((r) => r.id).sort();
    for (const q of ['消防', '防疫', '消毒', 'fi', 'Fire', '消防栓', token, token.toUpperCase(), '消']) expect({ q, ids: await found(q) }).toEqual({ q, ids: await substring(q) });
    expect(await found('消防')).toEqual([ids[0], ids[1], ids[3]].sort());
    // The condition a 2-character query puts on the search table is one the bigram index answers (on a small
    // table the planner may prefer reading every row; without that choice it must use the index).
    const params: unknown[] = [];
    const condition = caseSearchCondition('消防', params);
    expect(caseListWhere({ q: '消防' }, [])).toContain(condition);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      await client.query('SET LOCAL enable_indexscan = off');
      const plan = JSON.stringify((await client.query(`EXPLAIN (FORMAT JSON) SELECT id FROM read_case_search WHERE ${condition}`, params)).rows[0]);
      expect(plan).toContain('read_case_search_bigrams');
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('refuses bad filters with a 400 naming the field', async () => {
    const bad = await agent().get('/api/cases').query({ status: 'finished' }).expect(400);
    expect(bad.body.errors[0].field).toBe('status');
    expect((await agent().get('/api/cases').query({ pageSize: 1000 }).expect(400)).body.errors[0].field).toBe('pageSize');
    expect((await agent().get('/api/cases').query({ colour: 'red' }).expect(400)).body.errors[0].field).toBe('colour');
    expect((await agent().get('/api/queues/overdue').query({ supervised: 'maybe' }).expect(400)).body.errors[0].field).toBe('supervised');
    expect((await agent().get('/api/queues/overdue').query({ position: '12x' }).expect(400)).body.errors[0].field).toBe('position');
    expect((await agent().get('/api/cases').set('X-Min-Position', '0').expect(400)).body.errors[0].field).toBe('X-Min-Position');
  });

  it('answers the detail from the projection, waiting for the position a command answered', async () => {
    const created = await agent().post('/api/cases').send({ enterpriseId: enterprise.id, title: `读写一致-${randomUUID().slice(0, 6)}`, description: '测试', channel: 'online' }).expect(201);
    const dispatched = await agent().post(`/api/cases/${created.body.id}/dispatch`).send({ departmentCode: 'three_services', categoryCode: 'infrastructure' }).expect(200);
    const view = await agent().get(`/api/cases/${created.body.id}`).query({ position: dispatched.body.position }).expect(200);
    expect(view.body).toMatchObject({ id: created.body.id, status: 'dispatched', version: 2, lastPosition: dispatched.body.position });
    // Where the read model stands, in commit order: a transaction that drew a lower position may commit after
    // the dispatch, so the checkpoint's number can be below the position it has passed.
    expect(view.headers['x-read-model-position']).toMatch(/^[1-9][0-9]*$/);
    expect(view.headers['x-read-model-behind']).toBeUndefined();
    const row = await pool.query(`SELECT view->>'status' AS status FROM read_case_detail WHERE id = $1`, [created.body.id]);
    expect(row.rows[0].status).toBe('dispatched');
    // A position no read model can reach: bounded wait, then the stream's truth and a header saying so.
    const started = Date.now();
    const ahead = await agent().get(`/api/cases/${created.body.id}`).set('X-Min-Position', '999999999999').expect(200);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(ahead.headers['x-read-model-behind']).toBe('true');
    expect(ahead.body.status).toBe('dispatched');
    expect((await agent().get(`/api/cases/${created.body.id}`).query({ position: 'soon' }).expect(400)).body.errors[0].field).toBe('position');
    await agent().get(`/api/cases/${randomUUID()}`).expect(404);
  });

  it('puts overdue cases in the supervisors queue, most overdue first, without any timer', async () => {
    const older = await caseAt(new Date(Date.now() - 30 * DAY), `超期较久-${randomUUID().slice(0, 6)}`);
    const newer = await caseAt(new Date(Date.now() - 2 * DAY), `超期较短-${randomUUID().slice(0, 6)}`);
    const fresh = await caseAt(new Date(), `刚派发-${randomUUID().slice(0, 6)}`);
    await runner.catchUp();
    const queue = await agent().get('/api/queues/overdue').query({ departmentCode: 'three_services', pageSize: 100 }).expect(200);
    const ids = queue.body.items.map((i: { id: string }) => i.id);
    const total = queue.body.total;
    // Walk the pages if the shared database holds many.
    for (let page = 2; ids.length < total; page += 1) {
      const next = await agent().get('/api/queues/overdue').query({ departmentCode: 'three_services', pageSize: 100, page }).expect(200);
      ids.push(...next.body.items.map((i: { id: string }) => i.id));
    }
    expect(ids).toContain(older);
    expect(ids).toContain(newer);
    expect(ids).not.toContain(fresh);
    expect(ids.indexOf(older)).toBeLessThan(ids.indexOf(newer));
    const item = queue.body.items.find((i: { id: string }) => i.id === older) ?? (await agent().get('/api/cases').query({ q: '超期较久' })).body.items[0];
    expect(item.overdue).toBe(true);
    const listed = await agent().get('/api/cases').query({ overdue: 'true', departmentCode: 'three_services', pageSize: 100, sort: 'resolutionDueAt' }).expect(200);
    expect(listed.body.total).toBe(total);
  });

  it("shows a grid worker's follow-ups due, returned cases and unvisited enterprises; a visit counts", async () => {
    const resolved = await caseAt(new Date(Date.now() - 20 * DAY), `待回访-${randomUUID().slice(0, 6)}`);
    await bus.execute(new AcknowledgeCaseCommand(resolved, { note: null }, meta(new Date(Date.now() - 20 * DAY + 60_000))));
    await bus.execute(new ResolveCaseCommand(resolved, { resolution: '已清理消防通道' }, meta(new Date(Date.now() - 19 * DAY))));
    const returned = await caseAt(new Date(Date.now() - DAY), `退回件-${randomUUID().slice(0, 6)}`);
    await bus.execute(new ReturnCaseCommand(returned, { reason: '不属于本部门职责' }, meta(new Date(Date.now() - DAY + 60_000))));
    await runner.catchUp();
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const before = (await gridWorker.get(`/api/grids/${enterprise.gridCode}/todo`).query({ month }).expect(200)).body;
    expect(before.followUpsDue.items.map((i: { id: string }) => i.id)).toContain(resolved);
    expect(before.returned.items.find((i: { id: string }) => i.id === returned)).toMatchObject({ returnedBy: 'three_services', returnReason: '不属于本部门职责' });

    // A visit in a month of its own (a far past one) so that parallel runs do not interfere.
    const visitMonth = `19${String(10 + Math.floor(Math.random() * 89))}-0${1 + Math.floor(Math.random() * 9)}`;
    const coverageBefore = (await gridWorker.get(`/api/grids/${enterprise.gridCode}/todo`).query({ month: visitMonth }).expect(200)).body;
    expect(coverageBefore.notVisited.items.map((e: { id: string }) => e.id)).toContain(enterprise.id);
    const visit = await gridWorker
      .post('/api/visits')
      .send({ enterpriseId: enterprise.id, summary: '走访了解企业消防整改情况', visitedAt: `${visitMonth}-15T02:00:00.000Z` })
      .expect(201);
    expect(visit.body).toMatchObject({ gridCode: enterprise.gridCode });
    await runner.catchUp();
    const after = (await gridWorker.get(`/api/grids/${enterprise.gridCode}/todo`).query({ month: visitMonth }).expect(200)).body;
    expect(after.notVisited.items.map((e: { id: string }) => e.id)).not.toContain(enterprise.id);
    expect(after.coverage.visited).toBeGreaterThanOrEqual(coverageBefore.coverage.visited + (coverageBefore.notVisited.items.some((e: { id: string }) => e.id === enterprise.id) ? 1 : 0));
    const all = (await agent().get('/api/visits/coverage').query({ month: visitMonth }).expect(200)).body;
    expect(all.find((g: { gridCode: string }) => g.gridCode === enterprise.gridCode).visited).toBeGreaterThanOrEqual(1);

    const count = async () => Number((await pool.query(`SELECT count(*) FROM events WHERE stream_type = 'visit'`)).rows[0].count);
    const n = await count();
    const bad = await gridWorker.post('/api/visits').send({ enterpriseId: randomUUID(), summary: '走访' }).expect(400);
    expect(bad.body.errors[0].field).toBe('enterpriseId');
    expect((await gridWorker.post('/api/visits').send({ enterpriseId: enterprise.id }).expect(400)).body.errors[0].field).toBe('summary');
    expect(await count()).toBe(n);
    await agent().get('/api/grids/g999/todo').expect(404);
    await gridWorker.get('/api/grids/g03/todo').expect(404); // another grid's to-do is not found for a grid worker
  });

  it('catches up only once the events committed before the call are applied, even while another transaction on the server is open', async () => {
    // A write transaction of someone else (another suite, a bulk import) holds the readable log back: events
    // committed after it began are not readable until it ends. catchUp must wait for them, not return early.
    const foreign = new Client({ connectionString: process.env.DATABASE_URL });
    await foreign.connect();
    try {
      await foreign.query('BEGIN');
      await foreign.query('SELECT pg_current_xact_id()'); // takes a transaction id, as any write does
      const id = await caseAt(new Date(), `外部事务-${randomUUID().slice(0, 6)}`);
      let returned = false;
      const catchingUp = runner.catchUp().then(() => (returned = true));
      await new Promise((r) => setTimeout(r, 700));
      expect(returned).toBe(false);
      expect((await pool.query(`SELECT 1 FROM read_case_list WHERE id = $1`, [id])).rowCount).toBe(0);
      await foreign.query('ROLLBACK');
      await catchingUp;
      expect((await pool.query(`SELECT status FROM read_case_list WHERE id = $1`, [id])).rows).toEqual([{ status: 'dispatched' }]);
      expect((await pool.query(`SELECT 1 FROM read_case_detail WHERE id = $1`, [id])).rowCount).toBe(1);
    } finally {
      await foreign.end();
    }
  });

  it('ignores event types it does not know', async () => {
    const id = await caseAt(new Date(), `未知事件-${randomUUID().slice(0, 6)}`);
    const store = api.app.get(EventStore);
    await store.appendToStream(id, 'case', 2, [{ type: 'SomethingFromTheFuture', data: { x: 1 }, occurredAt: new Date() }], { actor: 'test', correlationId: randomUUID() });
    await runner.catchUp();
    const view = await agent().get(`/api/cases/${id}`).expect(200);
    expect(view.body).toMatchObject({ status: 'dispatched', version: 3 });
  });

  it('truth: each projection rebuilt from the log into fresh tables equals the live one; a full rebuild swaps in while serving', async () => {
    const rebuiltCase = await caseAt(new Date(), `重建-${randomUUID().slice(0, 6)}`);
    await runner.catchUp();
    const rebuilder = api.app.get(ProjectionRebuilder);
    // A rebuild folds what is committed below every running transaction; another suite running in parallel
    // may hold one open for a moment (the event store's follower test does so on purpose): wait until this
    // test's own events are below that horizon, so that the rebuild has something to fold.
    const visible = async () =>
      (
        await pool.query(`SELECT bool_and(transaction_id < pg_snapshot_xmin(pg_current_snapshot())) AS ok FROM events WHERE stream_id = $1`, [rebuiltCase])
      ).rows[0].ok === true;
    for (const deadline = Date.now() + 20_000; !(await visible()) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
    for (const projection of runner.projections) {
      const result = await rebuilder.compareWithLive(projection);
      expect({ projection: projection.name, differences: result.differences }).toEqual({ projection: projection.name, differences: 0 });
    }
    // Reads keep working during the rebuild; afterwards the swapped tables still agree with the log.
    const reading = (async () => {
      let ok = 0;
      for (let i = 0; i < 20; i += 1) ok += (await agent().get('/api/cases').query({ pageSize: 5 })).status === 200 ? 1 : 0;
      return ok;
    })();
    const report = await rebuilder.rebuild(runner.projections);
    expect(await reading).toBe(20);
    expect(report.events).toBeGreaterThan(0);
    for (const projection of runner.projections) {
      expect((await rebuilder.compareWithLive(projection)).differences).toBe(0);
    }
  });
});
