import { Pool } from 'pg';
import { isValidUscc } from './enterprises/uscc';
import { ReferenceDataService } from './reference-data.service';
import { STAFF_ROLES } from './staff/staff-role';

/** Reads the reference data the global setup seeded; never writes to it (other suites share it). */
describe('ReferenceDataService', () => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  const service = new ReferenceDataService(pool);

  afterAll(() => pool.end());

  it('every enterprise has a valid and unique USCC', async () => {
    const { rows } = await pool.query<{ uscc: string }>('SELECT uscc FROM enterprises');
    expect(rows.length).toBeGreaterThanOrEqual(2000);
    expect(rows.filter((r) => !isValidUscc(r.uscc, { strictOrganizationCode: true }))).toEqual([]);
    expect(new Set(rows.map((r) => r.uscc)).size).toBe(rows.length);
  });

  it('every category has an existing default department and a routing rule to an existing department', async () => {
    const categories = await service.listCategories();
    expect(categories.map((c) => c.code)).toEqual(
      expect.arrayContaining(['legal', 'work_safety', 'schooling', 'subsidies', 'wage_dispute', 'land_premises', 'fire_safety',
        'hiring_talent', 'financing', 'statistics_reporting', 'infrastructure', 'environment', 'other']),
    );
    for (const category of categories) {
      expect(await service.department(category.defaultDepartmentCode)).toBeDefined();
      const routed = await service.routeCategory(category.code);
      expect(routed).toBe(category.defaultDepartmentCode);
      expect(category.resolutionDays.emergency).toBeLessThanOrEqual(category.resolutionDays.urgent);
      expect(category.resolutionDays.urgent).toBeLessThanOrEqual(category.resolutionDays.normal);
    }
    expect(await service.routeCategory('no_such_category')).toBeUndefined();
  });

  it('returns camelCase shapes', async () => {
    expect(await service.category('wage_dispute')).toEqual({
      code: 'wage_dispute',
      name: '劳资纠纷/欠薪',
      defaultDepartmentCode: 'labour',
      responseMinutes: 3,
      resolutionDays: { normal: 5, urgent: 2, emergency: 1 },
      sortOrder: 50,
    });
    expect(await service.department('three_services')).toMatchObject({ code: 'three_services', name: '三服务办', active: true });
    expect(await service.grid('g01')).toEqual({ code: 'g01', name: '花川区块第1网格', block: '花川区块' });
    expect(await service.grid('g99')).toBeUndefined();
    expect((await service.listGrids()).length).toBe(20);
  });

  it('has an account for every role, a handler per department and a grid worker per grid', async () => {
    const staff = await service.listStaff();
    expect(new Set(staff.map((s) => s.role))).toEqual(new Set(STAFF_ROLES));
    for (const d of await service.listDepartments()) {
      expect(staff.some((s) => s.role === 'handler' && s.departmentCode === d.code)).toBe(true);
    }
    for (const g of await service.listGrids()) {
      expect(staff.some((s) => s.role === 'grid_worker' && s.gridCodes.includes(g.code))).toBe(true);
    }
    const handlers = await service.listStaff({ role: 'handler' });
    expect(handlers.every((s) => s.role === 'handler')).toBe(true);
    const dispatcher = await service.staffByUsername('dispatcher');
    expect(dispatcher).toMatchObject({ role: 'dispatcher', departmentCode: null, gridCodes: [] });
    expect(await service.staffMember(dispatcher!.id)).toEqual(dispatcher);
  });

  it('finds an enterprise by a Chinese fragment of its name and by a USCC fragment', async () => {
    const { rows } = await pool.query<{ id: string; name: string; uscc: string }>(
      `SELECT id, name, uscc FROM enterprises ORDER BY uscc LIMIT 1 OFFSET 123`,
    );
    const target = rows[0];
    // the 字号 and trade: the name minus its place prefix and company form
    const fragment = target.name.replace(/^(浙江|永康市|永康|金华)/, '').replace(/(股份)?有限公司$/, '');
    const byName = await service.searchEnterprises({ q: fragment, pageSize: 100 });
    expect(byName.items.map((e) => e.id)).toContain(target.id);
    expect(byName.items.every((e) => e.name.includes(fragment))).toBe(true);

    const byUscc = await service.searchEnterprises({ q: target.uscc.slice(8, 16).toLowerCase() });
    expect(byUscc.items.map((e) => e.id)).toContain(target.id);

    const found = await service.enterprise(target.id);
    expect(found).toMatchObject({ id: target.id, name: target.name, uscc: target.uscc });
    expect(Object.keys(found!).sort()).toEqual(
      ['address', 'contactName', 'contactPhone', 'gridCode', 'id', 'industry', 'multiTenantPlot', 'name', 'uscc'],
    );
  });

  it('treats LIKE wildcards in the query literally', async () => {
    expect((await service.searchEnterprises({ q: '%' })).total).toBe(0);
    expect((await service.searchEnterprises({ q: '_' })).total).toBe(0);
  });

  it('pages: the pages add up to the total, without repeats', async () => {
    const all = await service.searchEnterprises({ q: '五金', pageSize: 100 });
    expect(all.total).toBeGreaterThan(100);
    const ids = new Set<string>();
    for (let page = 1; page <= Math.ceil(all.total / 100); page++) {
      const result = await service.searchEnterprises({ q: '五金', page, pageSize: 100 });
      expect(result).toMatchObject({ total: all.total, page, pageSize: 100 });
      result.items.forEach((e) => ids.add(e.id));
    }
    expect(ids.size).toBe(all.total);
    const beyond = await service.searchEnterprises({ q: '五金', page: 1000, pageSize: 100 });
    expect(beyond).toMatchObject({ items: [], total: all.total });
  });

  it('filters by grid, and the grids partition the enterprises', async () => {
    const everything = await service.searchEnterprises({ pageSize: 1 });
    let sum = 0;
    for (const grid of await service.listGrids()) {
      const inGrid = await service.searchEnterprises({ gridCode: grid.code, pageSize: 5 });
      expect(inGrid.items.every((e) => e.gridCode === grid.code)).toBe(true);
      sum += inGrid.total;
    }
    expect(sum).toBe(everything.total);
  });

  it('answers undefined, not an error, for an id that is not a uuid', async () => {
    await expect(service.enterprise('not-a-uuid')).resolves.toBeUndefined();
    await expect(service.enterprise('00000000-0000-4000-8000-000000000000')).resolves.toBeUndefined();
  });

  it('refresh() reloads the cache', async () => {
    const before = await service.listDepartments();
    await service.refresh();
    expect(await service.listDepartments()).toEqual(before);
  });
});
