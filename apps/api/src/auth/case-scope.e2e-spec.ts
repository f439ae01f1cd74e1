import { randomUUID } from 'node:crypto';
import { ProjectionsRunner } from '@zhuqi/read-models';
import { LoggedInAgent, startApiTestApp } from '../../../../libs/testing/src/api-test-app';

/**
 * Who reaches which case: a grid worker the cases of their grids, a handler those their department leads
 * or assists; a case out of reach is "not found" — in reads, lists, exports, drill-downs and commands.
 */
describe('case scopes of grid workers and handlers', () => {
  let api: Awaited<ReturnType<typeof startApiTestApp>>;
  let grid01: LoggedInAgent, grid02: LoggedInAgent, dispatcher: LoggedInAgent, manager: LoggedInAgent;
  let lead: LoggedInAgent, assisting: LoggedInAgent, labour: LoggedInAgent;
  const token = `范围${randomUUID().slice(0, 6)}`;
  let a: { id: string; caseNo: string };
  let b: { id: string; caseNo: string };
  let g02Enterprise: string;

  beforeAll(async () => {
    api = await startApiTestApp();
    [grid01, grid02, dispatcher, manager, lead, assisting, labour] = await Promise.all(
      ['grid01', 'grid02', 'dispatcher', 'manager', 'handler-three_services', 'handler-safety', 'handler-labour'].map((u) => api.as(u)),
    );
    const inGrid = async (grid: string) => (await dispatcher.get(`/api/enterprises?gridCode=${grid}&pageSize=1`).expect(200)).body.items[0].id as string;
    g02Enterprise = await inGrid('g02');
    // A: taken in by grid01 in g01, led by three_services with safety assisting. B: grid02's, led by labour.
    a = (await grid01.post('/api/cases').send({ enterpriseId: await inGrid('g01'), title: `${token}-A 厂区道路塌陷`, description: '门口道路塌陷', channel: 'grid_visit', contactPhone: '13812345678' }).expect(201)).body;
    await dispatcher.post(`/api/cases/${a.id}/dispatch`).send({ departmentCode: 'three_services', categoryCode: 'infrastructure', assistingDepartmentCodes: ['safety'] }).expect(200);
    b = (await grid02.post('/api/cases').send({ enterpriseId: g02Enterprise, title: `${token}-B 拖欠工资`, description: '三个月工资未发', channel: 'grid_visit' }).expect(201)).body;
    await dispatcher.post(`/api/cases/${b.id}/dispatch`).send({ departmentCode: 'labour', categoryCode: 'wage_dispute' }).expect(200);
    await api.app.get(ProjectionsRunner).catchUp(); // every projection, the statistics' facts included
  });
  afterAll(() => api.close());

  const listed = async (agent: LoggedInAgent) => (await agent.get('/api/cases').query({ q: token }).expect(200)).body.items.map((i: { id: string }) => i.id).sort();

  it("answers 404, not 403, to a grid worker reading another grid's case — the same answer as for no case at all", async () => {
    await grid01.get(`/api/cases/${a.id}`).expect(200);
    const other = await grid01.get(`/api/cases/${b.id}`).expect(404);
    const none = await grid01.get(`/api/cases/${randomUUID()}`).expect(404);
    expect(other.body).toMatchObject({ status: 404, code: 'CASE_NOT_FOUND' });
    expect(Object.keys(other.body).sort()).toEqual(Object.keys(none.body).sort());
    await grid01.get(`/api/cases/${b.id}/events`).expect(404);
    await grid02.get(`/api/cases/${b.id}/events`).expect(200);
  });

  it('scopes the case list, the overdue queue, the export and the drill-down the same way', async () => {
    expect(await listed(grid01)).toEqual([a.id]);
    expect(await listed(grid02)).toEqual([b.id]);
    expect(await listed(lead)).toEqual([a.id]);
    expect(await listed(assisting)).toEqual([a.id]); // 协办 sees the case it assists
    expect(await listed(labour)).toEqual([b.id]);
    expect(await listed(dispatcher)).toEqual([a.id, b.id].sort());
    expect(await listed(manager)).toEqual([a.id, b.id].sort());

    const csv = (await grid01.get('/api/cases/export.csv').query({ q: token }).expect(200)).text;
    expect(csv).toContain(a.caseNo);
    expect(csv).not.toContain(b.caseNo);

    const queue = (await grid01.get('/api/queues/overdue').query({ pageSize: 100 }).expect(200)).body;
    expect(queue.items.every((i: { enterprise: { gridCode: string } }) => i.enterprise.gridCode === 'g01')).toBe(true);

    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const drill = async (agent: LoggedInAgent) =>
      (await agent.get('/api/stats/drill-down').query({ metric: 'received', from: today, to: today, pageSize: 1000 }).expect(200)).body.items.map((i: { id: string }) => i.id);
    const grid01Drill = await drill(grid01);
    expect(grid01Drill).toContain(a.id);
    expect(grid01Drill).not.toContain(b.id);
    expect(await drill(manager)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(await drill(labour)).not.toContain(a.id);
  });

  it('keeps commands in scope: 404 out of reach, 403 for what only the lead department or the own grid may do', async () => {
    const before = async (id: string) => (await dispatcher.get(`/api/cases/${id}`).expect(200)).body.version;
    const versionB = await before(b.id);
    expect((await grid01.post(`/api/cases/${b.id}/withdraw`).send({}).expect(404)).body.code).toBe('CASE_NOT_FOUND');
    await lead.post(`/api/cases/${b.id}/acknowledge`).send({}).expect(404);
    expect(await before(b.id)).toBe(versionB);

    const versionA = await before(a.id);
    expect((await assisting.post(`/api/cases/${a.id}/acknowledge`).send({}).expect(403)).body.code).toBe('NOT_LEAD_DEPARTMENT');
    expect((await assisting.post(`/api/cases/${a.id}/assist-opinions`).send({ departmentCode: 'three_services', opinion: '代填' }).expect(403)).body.code).toBe('NOT_YOUR_DEPARTMENT');
    expect(await before(a.id)).toBe(versionA);
    await assisting.post(`/api/cases/${a.id}/assist-opinions`).send({ departmentCode: 'safety', opinion: '已现场查看，建议设置警示标志' }).expect(200);
    await lead.post(`/api/cases/${a.id}/acknowledge`).send({}).expect(200);

    expect((await grid01.post('/api/cases').send({ enterpriseId: g02Enterprise, title: '越界受理', description: '不是本网格', channel: 'grid_visit' }).expect(403)).body.code).toBe('OUTSIDE_YOUR_GRIDS');
    expect((await grid01.post('/api/visits').send({ enterpriseId: g02Enterprise, summary: '越界走访' }).expect(403)).body.code).toBe('OUTSIDE_YOUR_GRIDS');

    // every event names the account that acted
    const history = (await lead.get(`/api/cases/${a.id}/events`).expect(200)).body;
    expect(history.map((e: { type: string; actor: string }) => `${e.type}:${e.actor}`)).toEqual([
      'CaseSubmitted:grid01',
      'CaseDispatched:dispatcher',
      'AssistOpinionGiven:handler-safety',
      'CaseAcknowledged:handler-three_services',
    ]);
  });

  it('masks the contact phone for the roles that do not call enterprises, in the case and in its history', async () => {
    expect((await dispatcher.get(`/api/cases/${a.id}`).expect(200)).body.contactPhone).toBe('13812345678');
    expect((await manager.get(`/api/cases/${a.id}`).expect(200)).body.contactPhone).toBe('138****5678');
    const history = (await manager.get(`/api/cases/${a.id}/events`).expect(200)).body;
    expect(history[0].data.contactPhone).toBe('138****5678');
    expect(JSON.stringify(history)).not.toContain('13812345678');
  });
});
