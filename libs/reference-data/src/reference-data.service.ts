import type { CategorySeedRow } from './seed-rows';
import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import type { StaffRole } from './staff/staff-role';
import type {
  Category,
  Department,
  Enterprise,
  EnterpriseSearch,
  Grid,
  Page,
  RoutingRule,
  StaffMember,
} from './reference-data.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const ENTERPRISE_PAGE_SIZE_MAX = 100;
const CACHE_TTL_MS = 60_000;

interface Snapshot {
  departments: Map<string, Department>;
  categories: Map<string, Category>;
  grids: Map<string, Grid>;
  routing: Map<string, string>;
  loadedAt: number;
}

const ENTERPRISE_COLUMNS = `id, name, uscc, grid_code AS "gridCode", address, industry,
  contact_name AS "contactName", contact_phone AS "contactPhone", multi_tenant_plot AS "multiTenantPlot"`;
const STAFF_COLUMNS = `id, username, name, role, department_code AS "departmentCode", grid_codes AS "gridCodes", phone, active`;

/**
 * Departments, categories (with their SLA), routing rules and grids, cached in memory (about 50 rows,
 * reloaded after a minute or on `refresh()`), and enterprises and staff read from their tables.
 */
@Injectable()
export class ReferenceDataService {
  private snapshot?: Snapshot;
  private loading?: Promise<Snapshot>;

  constructor(@Inject(Pool) private readonly pool: Pool) {}

  async department(code: string): Promise<Department | undefined> {
    return (await this.cached()).departments.get(code);
  }

  async category(code: string): Promise<Category | undefined> {
    return (await this.cached()).categories.get(code);
  }

  async grid(code: string): Promise<Grid | undefined> {
    return (await this.cached()).grids.get(code);
  }

  /** 分类派发: the department a case of this category goes to, when a rule exists. */
  async routeCategory(categoryCode: string): Promise<string | undefined> {
    return (await this.cached()).routing.get(categoryCode);
  }

  async listDepartments(): Promise<Department[]> {
    return [...(await this.cached()).departments.values()];
  }

  async listCategories(): Promise<Category[]> {
    return [...(await this.cached()).categories.values()];
  }

  async listGrids(): Promise<Grid[]> {
    return [...(await this.cached()).grids.values()];
  }

  async listRoutingRules(): Promise<RoutingRule[]> {
    return [...(await this.cached()).routing].map(([categoryCode, departmentCode]) => ({ categoryCode, departmentCode }));
  }

  async enterprise(id: string): Promise<Enterprise | undefined> {
    if (!UUID.test(id)) return undefined;
    const { rows } = await this.pool.query<Enterprise>(`SELECT ${ENTERPRISE_COLUMNS} FROM enterprises WHERE id = $1`, [id]);
    return rows[0];
  }

  /** Name or USCC fragment (case-insensitive; served by the pg_trgm indexes), optionally within one grid. */
  async searchEnterprises(search: EnterpriseSearch = {}): Promise<Page<Enterprise>> {
    const page = Math.max(1, Math.trunc(search.page ?? 1));
    const pageSize = Math.min(ENTERPRISE_PAGE_SIZE_MAX, Math.max(1, Math.trunc(search.pageSize ?? 20)));
    const conditions: string[] = [];
    const params: unknown[] = [];
    const q = search.q?.trim();
    if (q) {
      params.push(`%${q.replace(/[\\%_]/g, '\\$&')}%`);
      conditions.push(`(name ILIKE $${params.length} OR uscc ILIKE $${params.length})`);
    }
    if (search.gridCode) {
      params.push(search.gridCode);
      conditions.push(`grid_code = $${params.length}`);
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const [items, count] = await Promise.all([
      this.pool.query<Enterprise>(
        `SELECT ${ENTERPRISE_COLUMNS} FROM enterprises ${where} ORDER BY name, id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
        params,
      ),
      this.pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM enterprises ${where}`, params),
    ]);
    return { items: items.rows, total: count.rows[0].total, page, pageSize };
  }

  async listStaff(filter: { role?: StaffRole } = {}): Promise<StaffMember[]> {
    const { rows } = filter.role
      ? await this.pool.query<StaffMember>(`SELECT ${STAFF_COLUMNS} FROM staff WHERE role = $1 ORDER BY username`, [filter.role])
      : await this.pool.query<StaffMember>(`SELECT ${STAFF_COLUMNS} FROM staff ORDER BY role, username`);
    return rows;
  }

  async staffMember(id: string): Promise<StaffMember | undefined> {
    if (!UUID.test(id)) return undefined;
    const { rows } = await this.pool.query<StaffMember>(`SELECT ${STAFF_COLUMNS} FROM staff WHERE id = $1`, [id]);
    return rows[0];
  }

  async staffByUsername(username: string): Promise<StaffMember | undefined> {
    const { rows } = await this.pool.query<StaffMember>(`SELECT ${STAFF_COLUMNS} FROM staff WHERE username = $1`, [username]);
    return rows[0];
  }

  /** Reloads the cached tables now (after editing them, or in tests). */
  async refresh(): Promise<void> {
    this.snapshot = undefined;
    this.loading = undefined;
    await this.cached();
  }

  private async cached(): Promise<Snapshot> {
    if (this.snapshot && Date.now() - this.snapshot.loadedAt < CACHE_TTL_MS) {
      return this.snapshot;
    }
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<Snapshot> {
    const [departments, categories, grids, routing] = await Promise.all([
      this.pool.query<Department>(`SELECT code, name, description, active FROM departments ORDER BY code`),
      this.pool.query<CategorySeedRow>(
        `SELECT code, name, default_department_code, response_minutes, resolution_days_normal, resolution_days_urgent,
                resolution_days_emergency, sort_order
         FROM categories ORDER BY sort_order, code`,
      ),
      this.pool.query<Grid>(`SELECT code, name, block FROM grids ORDER BY code`),
      this.pool.query<RoutingRule>(
        `SELECT category_code AS "categoryCode", department_code AS "departmentCode" FROM routing_rules ORDER BY category_code`,
      ),
    ]);
    const snapshot: Snapshot = {
      departments: new Map(departments.rows.map((d) => [d.code, Object.freeze(d)])),
      categories: new Map(
        categories.rows.map((c) => [
          c.code,
          Object.freeze({
            code: c.code,
            name: c.name,
            defaultDepartmentCode: c.default_department_code,
            responseMinutes: c.response_minutes,
            resolutionDays: Object.freeze({
              normal: c.resolution_days_normal,
              urgent: c.resolution_days_urgent,
              emergency: c.resolution_days_emergency,
            }),
            sortOrder: c.sort_order,
          }),
        ]),
      ),
      grids: new Map(grids.rows.map((g) => [g.code, Object.freeze(g)])),
      routing: new Map(routing.rows.map((r) => [r.categoryCode, r.departmentCode])),
      loadedAt: Date.now(),
    };
    // an empty database (not seeded yet) is not worth remembering
    if (snapshot.departments.size > 0) this.snapshot = snapshot;
    return snapshot;
  }
}
