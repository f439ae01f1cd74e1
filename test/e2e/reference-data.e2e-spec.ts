import { LoggedInAgent, startApiTestApp } from '../../libs/testing/src/api-test-app';

/** Reference data, read by any staff login (here a handler; the staff list by an admin, who sees phones). */
describe('Reference data over HTTP', () => {
  let api: Awaited<ReturnType<typeof startApiTestApp>>;
  let handler: LoggedInAgent;
  const agent = () => handler;

  beforeAll(async () => {
    api = await startApiTestApp();
    handler = await api.as('handler-safety');
  });

  afterAll(() => api?.close());

  it('lists categories with their SLA, departments and grids', async () => {
    const categories = (await agent().get('/api/categories').expect(200)).body;
    expect(categories).toContainEqual({
      code: 'work_safety',
      name: '安全生产',
      defaultDepartmentCode: 'safety',
      responseMinutes: 3,
      resolutionDays: { normal: 5, urgent: 2, emergency: 1 },
      sortOrder: 20,
    });
    const departments = (await agent().get('/api/departments').expect(200)).body;
    expect(departments.map((d: { name: string }) => d.name)).toEqual(expect.arrayContaining(['三服务办', '招商办', '经济发展办', '第三方统计员']));
    expect((await agent().get('/api/grids').expect(200)).body).toHaveLength(20);
  });

  it('searches enterprises by a Chinese fragment, paged', async () => {
    const res = await agent().get('/api/enterprises').query({ q: '五金', page: 2, pageSize: 7 }).expect(200);
    expect(res.body).toMatchObject({ page: 2, pageSize: 7 });
    expect(res.body.items).toHaveLength(7);
    expect(res.body.total).toBeGreaterThan(14);
    expect(res.body.items.every((e: { name: string }) => e.name.includes('五金'))).toBe(true);

    const one = res.body.items[0];
    expect((await agent().get(`/api/enterprises/${one.id}`).expect(200)).body).toEqual(one);
  });

  it('refuses bad query parameters with a problem body naming the field', async () => {
    for (const query of [{ pageSize: 1000 }, { page: 0 }, { page: 'x' }, { gridCode: 'nowhere' }, { sort: 'name' }]) {
      const res = await agent().get('/api/enterprises').query(query).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, code: 'INVALID_INPUT' });
    }
    const staff = await (await api.as('admin')).get('/api/staff?role=boss').expect(400);
    expect(staff.body.errors).toEqual([expect.objectContaining({ field: 'role' })]);
  });

  it('answers 404 for an unknown enterprise and 400 for an id that is not a uuid', async () => {
    const missing = await agent().get('/api/enterprises/00000000-0000-4000-8000-000000000000').expect(404);
    expect(missing.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    await agent().get('/api/enterprises/not-a-uuid').expect(400);
  });

  it('lists staff, optionally by role', async () => {
    const admin = await api.as('admin');
    const all = (await admin.get('/api/staff').expect(200)).body;
    expect(all.length).toBeGreaterThanOrEqual(36);
    const gridWorkers = (await admin.get('/api/staff?role=grid_worker').expect(200)).body;
    expect(gridWorkers.filter((s: { username: string }) => /^grid\d\d$/.test(s.username))).toHaveLength(20);
    expect(gridWorkers[0]).toMatchObject({ username: 'grid01', role: 'grid_worker', gridCodes: ['g01'], phone: '19931248297' });
  });

  it('masks phone numbers for the roles that do not call people (138****1234)', async () => {
    const masked = (await agent().get('/api/staff?role=grid_worker').expect(200)).body;
    expect(masked[0]).toMatchObject({ username: 'grid01', phone: '199****8297' });
    const enterprise = (await agent().get('/api/enterprises?pageSize=1').expect(200)).body.items[0];
    expect(enterprise.contactPhone).toMatch(/^\d{11}$|^0\d{2,3}-?\d{7,8}$/); // a handler calls enterprises
    const asManager = (await (await api.as('manager')).get(`/api/enterprises/${enterprise.id}`).expect(200)).body;
    expect(asManager.contactPhone).toBe(`${enterprise.contactPhone.slice(0, 3)}${'*'.repeat(enterprise.contactPhone.length - 7)}${enterprise.contactPhone.slice(-4)}`);
    expect(asManager.name).toBe(enterprise.name);
  });

  it('answers 401 without a login', async () => {
    const res = await api.http.get('/api/categories').expect(401);
    expect(res.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });
});
