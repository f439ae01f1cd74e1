import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { LoggedInAgent, startApiTestApp } from '../../libs/testing/src/api-test-app';

describe('Case lifecycle over HTTP', () => {
  let api: Awaited<ReturnType<typeof startApiTestApp>>;
  let pool: Pool;
  let enterpriseId: string;
  let otherEnterpriseId: string;
  // Each step by the role that takes it (the demo accounts): enterprises of grid g01, so grid01 reaches them.
  let gridWorker: LoggedInAgent;
  let dispatcher: LoggedInAgent;
  let supervisor: LoggedInAgent;
  const handler = (department: string) => api.as(`handler-${department}`);

  beforeAll(async () => {
    api = await startApiTestApp();
    pool = api.pool;
    [gridWorker, dispatcher, supervisor] = await Promise.all([api.as('grid01'), api.as('dispatcher'), api.as('supervisor')]);
    const list = await dispatcher.get('/api/enterprises?gridCode=g01&pageSize=2').expect(200);
    [enterpriseId, otherEnterpriseId] = list.body.items.map((e: { id: string }) => e.id);
  });

  afterAll(() => api.close());

  const submit = (over: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    gridWorker
      .post('/api/cases')
      .set(headers)
      .send({ enterpriseId, title: `厂区道路积水-${randomUUID().slice(0, 8)}`, description: '雨天厂区门口道路积水严重，影响货车进出', channel: 'grid_visit', ...over });

  const eventsWithTitle = async (title: string) =>
    Number((await pool.query(`SELECT count(*) FROM events WHERE data->>'title' = $1`, [title])).rows[0].count);

  const versionOf = async (id: string) => (await dispatcher.get(`/api/cases/${id}`).expect(200)).body.version as number;
  const departmentOf = async (id: string) => (await dispatcher.get(`/api/cases/${id}`).expect(200)).body.departmentCode as string;

  it('walks intake → dispatch → acknowledge → resolve → follow-up → closed, with the history in order', async () => {
    const created = await submit({}, { 'X-Correlation-Id': 'walk-1' }).expect(201);
    expect(created.body).toMatchObject({ status: 'submitted', version: 1 });
    expect(created.body.caseNo).toMatch(/^ZQ\d{4}-\d{6}$/);
    const id = created.body.id;

    const dispatched = await dispatcher.post(`/api/cases/${id}/dispatch`).send({ departmentCode: 'three_services', categoryCode: 'infrastructure' }).expect(200);
    expect(dispatched.body).toMatchObject({ id, status: 'dispatched', version: 2 });
    expect(dispatched.body.position).toBeGreaterThan(created.body.position);

    const threeServices = await handler('three_services');
    await threeServices.post(`/api/cases/${id}/acknowledge`).send({}).expect(200);
    await threeServices.post(`/api/cases/${id}/resolve`).send({ resolution: '已协调规划建设办疏通排水管网' }).expect(200);
    const closed = await gridWorker.post(`/api/cases/${id}/follow-ups`).send({ satisfaction: 'satisfied', solved: true, comment: '企业表示满意' }).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', version: 6 });

    const view = (await gridWorker.get(`/api/cases/${id}`).expect(200)).body;
    expect(view).toMatchObject({
      id,
      status: 'closed',
      version: 6,
      categoryCode: 'infrastructure',
      departmentCode: 'three_services',
      enterprise: { id: enterpriseId },
      acknowledgedWithinLimit: true,
      resolvedOnTime: true,
    });
    expect(Date.parse(view.responseDueAt) - Date.parse(view.dispatchedAt)).toBe(3 * 60_000);
    expect(Date.parse(view.resolutionDueAt)).toBeGreaterThan(Date.parse(view.dispatchedAt));

    const history = (await threeServices.get(`/api/cases/${id}/events`).expect(200)).body;
    expect(history.map((e: { type: string }) => e.type)).toEqual([
      'CaseSubmitted',
      'CaseDispatched',
      'CaseAcknowledged',
      'CaseResolved',
      'FollowUpRecorded',
      'CaseClosed',
    ]);
    expect(history.map((e: { version: number }) => e.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(history[0]).toMatchObject({ actor: 'grid01', correlationId: 'walk-1', schemaVersion: 1 });
    expect(history[1]).toMatchObject({ actor: 'dispatcher' });
    expect(history[2]).toMatchObject({ actor: 'handler-three_services' });
    expect(history[4]).toMatchObject({ actor: 'grid01' });
    for (const entry of history) expect(entry.recordedAt).toBeDefined();
  });

  it('auto-dispatches by routing rule when the intake names a category', async () => {
    const created = await submit({ categoryCode: 'schooling', urgency: 'urgent' }).expect(201);
    expect(created.body).toMatchObject({ status: 'dispatched', version: 2 });
    const view = (await dispatcher.get(`/api/cases/${created.body.id}`).expect(200)).body;
    expect(view.categoryCode).toBe('schooling');
    expect(view.departmentCode).toEqual(expect.any(String));
    const history = (await dispatcher.get(`/api/cases/${created.body.id}/events`).expect(200)).body;
    expect(history[1].data).toMatchObject({ by: 'rule', cycle: 1 });
  });

  it('gives exactly one success and 49 conflicts for 50 concurrent acknowledgements', async () => {
    const { body } = await submit({ categoryCode: 'legal' }).expect(201);
    const lead = await handler(await departmentOf(body.id));
    const answers = await Promise.all(Array.from({ length: 50 }, () => lead.post(`/api/cases/${body.id}/acknowledge`).send({})));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const conflict = answers.find((a) => a.status === 409)!;
    expect(conflict.body).toMatchObject({ status: 409, code: 'CASE_STATUS_CONFLICT', currentStatus: 'acknowledged' });
    expect(conflict.body.detail).toContain('acknowledged');
    const history = (await lead.get(`/api/cases/${body.id}/events`).expect(200)).body;
    expect(history.filter((e: { type: string }) => e.type === 'CaseAcknowledged')).toHaveLength(1);
  });

  it('creates one case for 50 concurrent intakes with one Idempotency-Key', async () => {
    const key = `intake-${randomUUID()}`;
    const title = `重复提交测试-${randomUUID().slice(0, 8)}`;
    const answers = await Promise.all(Array.from({ length: 50 }, () => submit({ title }, { 'Idempotency-Key': key })));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(201));
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(49);
    expect(await eventsWithTitle(title)).toBe(1);
  });

  it('refuses an Idempotency-Key reused for a different request', async () => {
    const key = `intake-${randomUUID()}`;
    await submit({}, { 'Idempotency-Key': key }).expect(201);
    const reused = await submit({ enterpriseId: otherEnterpriseId }, { 'Idempotency-Key': key }).expect(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  describe('bad input gets a 4xx naming the problem and writes nothing', () => {
    const badIntakes: Array<[string, Record<string, unknown>, string]> = [
      ['missing title', { title: undefined }, 'title'],
      ['blank title', { title: '   ' }, 'title'],
      ['over-long title', { title: '长'.repeat(201) }, 'title'],
      ['wrong type', { description: 42 }, 'description'],
      ['unknown channel', { channel: 'fax' }, 'channel'],
      ['unknown field', { priority: 'high' }, 'priority'],
      ['bad phone', { contactPhone: '12345' }, 'contactPhone'],
      ['malformed enterprise id', { enterpriseId: 'not-a-uuid' }, 'enterpriseId'],
      ['unknown enterprise', { enterpriseId: randomUUID() }, 'enterpriseId'],
      ['unknown category', { categoryCode: 'astrology' }, 'categoryCode'],
      ['bad urgency', { urgency: 'yesterday' }, 'urgency'],
      ['control characters', { description: 'abc\u0000def' }, 'description'],
    ];
    it.each(badIntakes)('intake with %s → 400 naming %s', async (_label, over, field) => {
      const title = typeof over.title === 'string' ? over.title : `坏输入-${randomUUID().slice(0, 8)}`;
      const body = { enterpriseId, title, description: '描述', channel: 'online', ...over };
      const res = await gridWorker.post('/api/cases').send(body).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 400, code: 'INVALID_INPUT' });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      if (typeof body.title === 'string') expect(await eventsWithTitle(body.title)).toBe(0);
    });

    it('malformed JSON → 400, not 500', async () => {
      const res = await gridWorker.post('/api/cases').set('Content-Type', 'application/json').send('{"title": ').expect(400);
      expect(res.body.code).toBe('MALFORMED_JSON');
    });

    it('a refused command writes nothing', async () => {
      const { body } = await submit().expect(201);
      const lead = await handler('three_services');
      const cases: Array<[LoggedInAgent, string, Record<string, unknown>, number, string?]> = [
        [dispatcher, 'dispatch', { departmentCode: 'no_such_office' }, 400, 'departmentCode'],
        [dispatcher, 'dispatch', { departmentCode: 'three_services' }, 400, 'categoryCode'],
        [dispatcher, 'dispatch', { departmentCode: 'three_services', categoryCode: 'legal', assistingDepartmentCodes: ['three_services'] }, 400, 'assistingDepartmentCodes'],
        [dispatcher, 'dispatch', { departmentCode: 'three_services', categoryCode: 'legal', assistingDepartmentCodes: ['nope_office'] }, 400, 'assistingDepartmentCodes.0'],
        [lead, 'extensions', { workingDays: 0, reason: '需要协调' }, 400, 'workingDays'],
        [gridWorker, 'follow-ups', { satisfaction: 'delighted', solved: true }, 400, 'satisfaction'],
        [gridWorker, 'follow-ups', { satisfaction: 'satisfied', solved: true }, 409],
        [dispatcher, 'merge', { intoCaseId: body.id }, 400, 'intoCaseId'],
        [dispatcher, 'merge', { intoCaseId: randomUUID() }, 400, 'intoCaseId'],
        [supervisor, 'supervisions', { level: 9, instructions: '尽快办理' }, 400, 'level'],
      ];
      for (const [agent, path, payload, status, field] of cases) {
        const res = await agent.post(`/api/cases/${body.id}/${path}`).send(payload);
        expect({ path, status: res.status }).toEqual({ path, status });
        if (field) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      expect(await versionOf(body.id)).toBe(1);
    });
  });

  it('answers 404 for an unknown case and 409 naming the status for a step out of order', async () => {
    const missing = await (await handler('three_services')).post(`/api/cases/${randomUUID()}/acknowledge`).send({}).expect(404);
    expect(missing.body.code).toBe('CASE_NOT_FOUND');
    await dispatcher.get('/api/cases/not-a-case').expect(404);
    const { body } = await submit().expect(201);
    const conflict = await gridWorker.post(`/api/cases/${body.id}/follow-ups`).send({ satisfaction: 'satisfied', solved: true }).expect(409);
    expect(conflict.body).toMatchObject({ currentStatus: 'submitted', attempted: 'record a follow-up for' });
  });

  it('makes a command conditional on If-Match (412 when stale)', async () => {
    const { body } = await submit().expect(201);
    const stale = await dispatcher.post(`/api/cases/${body.id}/dispatch`).set('If-Match', '"7"').send({ departmentCode: 'investment', categoryCode: 'financing' }).expect(412);
    expect(stale.body).toMatchObject({ code: 'STALE_VERSION', currentVersion: 1 });
    const ok = await dispatcher.post(`/api/cases/${body.id}/dispatch`).set('If-Match', '"1"').send({ departmentCode: 'investment', categoryCode: 'financing' }).expect(200);
    expect(ok.headers.etag).toBe('"2"');
    await (await handler('investment')).post(`/api/cases/${body.id}/acknowledge`).set('If-Match', 'garbage').send({}).expect(400);
  });

  it('handles a return: insist is binding, redispatch moves the case', async () => {
    const { body } = await submit({ categoryCode: 'land_premises' }).expect(201);
    const lead = await handler(await departmentOf(body.id));
    await lead.post(`/api/cases/${body.id}/return`).send({ reason: '非本部门职责，应由规划建设办办理' }).expect(200);
    expect((await dispatcher.get(`/api/cases/${body.id}`)).body.status).toBe('returned');
    const insisted = await dispatcher.post(`/api/cases/${body.id}/return-rulings`).send({ decision: 'insist', reason: '属于贵部门职责' }).expect(200);
    expect(insisted.body.status).toBe('dispatched');
    const refused = await lead.post(`/api/cases/${body.id}/return`).send({ reason: '再次退回' }).expect(409);
    expect(refused.body.code).toBe('RETURN_NOT_ALLOWED');

    const other = (await submit({ categoryCode: 'land_premises' }).expect(201)).body;
    await lead.post(`/api/cases/${other.id}/return`).send({ reason: '派错部门' }).expect(200);
    await dispatcher.post(`/api/cases/${other.id}/return-rulings`).send({ decision: 'redispatch' }).expect(400);
    await dispatcher.post(`/api/cases/${other.id}/return-rulings`).send({ decision: 'redispatch', departmentCode: 'planning_construction' }).expect(200);
    expect((await dispatcher.get(`/api/cases/${other.id}`)).body).toMatchObject({ departmentCode: 'planning_construction', dispatchCycle: 2 });
  });

  it('moves the deadline by an approved extension, and supervises to sign-off', async () => {
    const { body } = await submit({ categoryCode: 'subsidies' }).expect(201);
    const lead = await handler(await departmentOf(body.id));
    await lead.post(`/api/cases/${body.id}/acknowledge`).send({}).expect(200);
    const before = (await lead.get(`/api/cases/${body.id}`)).body.resolutionDueAt;
    await lead.post(`/api/cases/${body.id}/extensions`).send({ workingDays: 3, reason: '需等待市级部门审核' }).expect(200);
    await lead.post(`/api/cases/${body.id}/extensions`).send({ workingDays: 1, reason: '再申请' }).expect(409);
    await supervisor.post(`/api/cases/${body.id}/extensions/approve`).send({}).expect(200);
    const after = (await lead.get(`/api/cases/${body.id}`)).body;
    expect(Date.parse(after.resolutionDueAt)).toBeGreaterThanOrEqual(Date.parse(before) + 3 * 86_400_000);
    expect(after.extensions).toEqual([expect.objectContaining({ workingDays: 3, outcome: 'approved' })]);

    await supervisor.post(`/api/cases/${body.id}/supervisions`).send({ level: 2, instructions: '请三个工作日内办结并报送结果' }).expect(200);
    await supervisor.post(`/api/cases/${body.id}/supervisions/sign-off`).send({}).expect(409);
    await lead.post(`/api/cases/${body.id}/resolve`).send({ resolution: '补贴已拨付' }).expect(200);
    await supervisor.post(`/api/cases/${body.id}/supervisions/sign-off`).send({ comment: '督办销号' }).expect(200);
    expect((await supervisor.get(`/api/cases/${body.id}`)).body.supervision).toMatchObject({ level: 2, signedOffAt: expect.any(String) });
  });

  it('reopens on an unsatisfied follow-up, and a review (不满意甄别) closes it instead', async () => {
    const { body } = await submit({ categoryCode: 'wage_dispute' }).expect(201);
    const lead = await handler(await departmentOf(body.id));
    await lead.post(`/api/cases/${body.id}/acknowledge`).send({}).expect(200);
    await lead.post(`/api/cases/${body.id}/resolve`).send({ resolution: '已调解' }).expect(200);
    const reopened = await gridWorker.post(`/api/cases/${body.id}/follow-ups`).send({ satisfaction: 'unsatisfied', solved: false, comment: '工资仍未到账' }).expect(200);
    expect(reopened.body.status).toBe('dispatched');
    expect((await gridWorker.get(`/api/cases/${body.id}`)).body).toMatchObject({ reopenCount: 1, dispatchCycle: 2 });
    const reviewed = await supervisor.post(`/api/cases/${body.id}/follow-up-reviews`).send({ reason: '经核实工资已按协议发放，评价不实' }).expect(200);
    expect(reviewed.body.status).toBe('closed');
  });

  it('rejects, withdraws and merges', async () => {
    const a = (await submit().expect(201)).body;
    expect((await dispatcher.post(`/api/cases/${a.id}/reject`).send({ reason: '属于民事纠纷，不在受理范围' }).expect(200)).body.status).toBe('rejected');
    const b = (await submit().expect(201)).body;
    expect((await gridWorker.post(`/api/cases/${b.id}/withdraw`).send({}).expect(200)).body.status).toBe('withdrawn');
    const c = (await submit().expect(201)).body;
    const d = (await submit().expect(201)).body;
    await dispatcher.post(`/api/cases/${c.id}/merge`).send({ intoCaseId: a.id }).expect(400);
    expect((await dispatcher.post(`/api/cases/${c.id}/merge`).send({ intoCaseId: d.id, reason: '重复件' }).expect(200)).body.status).toBe('merged');
    expect((await dispatcher.get(`/api/cases/${c.id}`)).body.mergedIntoCaseId).toBe(d.id);
  });

  it('answers /api/health', async () => {
    await api.http.get('/api/health').expect(200, { status: 'ok', database: 'up' });
  });
});
