import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client, Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { isValidUscc } from './enterprises/uscc';
import type { ReferenceSeed } from './seed-rows';

/** Serialises concurrent seeders (api, worker, parallel test setups); distinct from migrate()'s 7411. */
const SEED_LOCK = 7412;

export interface SeedOptions {
  /** Folder holding departments.json … staff.json; default: the repository's `seeds/reference`. */
  dir?: string;
}

export interface SeedResult {
  seeded: boolean;
  counts: Record<keyof ReferenceSeed, number>;
}

interface Sql {
  query(text: string, params?: unknown[]): Promise<unknown>;
  release(): Promise<void>;
}

/** Finds `seeds/reference` above this file, so it works from src (jest) and from dist alike. */
export function referenceSeedDir(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'seeds', 'reference');
    if (existsSync(join(candidate, 'departments.json'))) return candidate;
    if (dirname(dir) === dir) break;
  }
  const fromCwd = join(process.cwd(), 'seeds', 'reference');
  if (existsSync(join(fromCwd, 'departments.json'))) return fromCwd;
  throw new Error('seeds/reference not found above ' + __dirname);
}

export function readReferenceSeed(dir = referenceSeedDir()): ReferenceSeed {
  const read = <T>(file: string): T[] => {
    const rows: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    if (!Array.isArray(rows)) throw new Error(`${file} must hold a JSON array`);
    return rows as T[];
  };
  const seed: ReferenceSeed = {
    departments: read('departments.json'),
    categories: read('categories.json'),
    routingRules: read('routing-rules.json'),
    grids: read('grids.json'),
    enterprises: read('enterprises.json'),
    staff: read('staff.json'),
  };
  const bad = seed.enterprises.find((e) => !isValidUscc(e.uscc));
  if (bad) throw new Error(`enterprises.json: ${bad.name} has an invalid USCC "${bad.uscc}"`);
  return seed;
}

// Each table is filled by one INSERT … SELECT FROM jsonb_to_recordset($1): one round trip per table.
const INSERTS: Array<[keyof ReferenceSeed, string]> = [
  [
    'departments',
    `INSERT INTO departments (code, name, description, active)
     SELECT code, name, coalesce(description, ''), coalesce(active, true)
     FROM jsonb_to_recordset($1::jsonb) AS r(code text, name text, description text, active boolean)`,
  ],
  [
    'categories',
    `INSERT INTO categories (code, name, default_department_code, response_minutes, resolution_days_normal,
                             resolution_days_urgent, resolution_days_emergency, sort_order)
     SELECT code, name, default_department_code, coalesce(response_minutes, 3), resolution_days_normal,
            resolution_days_urgent, resolution_days_emergency, coalesce(sort_order, 0)
     FROM jsonb_to_recordset($1::jsonb) AS r(code text, name text, default_department_code text,
       response_minutes integer, resolution_days_normal smallint, resolution_days_urgent smallint,
       resolution_days_emergency smallint, sort_order integer)`,
  ],
  [
    'routingRules',
    `INSERT INTO routing_rules (category_code, department_code)
     SELECT category_code, department_code
     FROM jsonb_to_recordset($1::jsonb) AS r(category_code text, department_code text)`,
  ],
  [
    'grids',
    `INSERT INTO grids (code, name, block)
     SELECT code, name, block FROM jsonb_to_recordset($1::jsonb) AS r(code text, name text, block text)`,
  ],
  [
    'enterprises',
    `INSERT INTO enterprises (id, name, uscc, grid_code, address, industry, contact_name, contact_phone, multi_tenant_plot)
     SELECT id, name, uscc, grid_code, address, industry, contact_name, contact_phone, coalesce(multi_tenant_plot, false)
     FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, name text, uscc text, grid_code text, address text,
       industry text, contact_name text, contact_phone text, multi_tenant_plot boolean)`,
  ],
  [
    'staff',
    `INSERT INTO staff (id, username, name, role, department_code, grid_codes, phone)
     SELECT id, username, name, role, department_code, coalesce(grid_codes, '{}'), phone
     FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, username text, name text, role text,
       department_code text, grid_codes text[], phone text)`,
  ],
];

/**
 * Loads `seeds/reference/*.json` into the reference tables in one transaction when `departments` is
 * empty; otherwise does nothing. Concurrent callers queue on an advisory lock, so exactly one seeds.
 */
export async function seedReferenceData(target: Pool | DataSource | string, options: SeedOptions = {}): Promise<SeedResult> {
  const seed = readReferenceSeed(options.dir);
  const counts = Object.fromEntries(Object.entries(seed).map(([k, rows]) => [k, rows.length])) as SeedResult['counts'];
  const sql = await connect(target);
  try {
    await sql.query('BEGIN');
    try {
      await sql.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
      const existing = rowsOf(await sql.query('SELECT EXISTS (SELECT 1 FROM departments) AS seeded'));
      if (existing[0]?.seeded) {
        await sql.query('COMMIT');
        return { seeded: false, counts };
      }
      for (const [key, insert] of INSERTS) {
        await sql.query(insert, [JSON.stringify(seed[key])]);
      }
      await sql.query('COMMIT');
      return { seeded: true, counts };
    } catch (error) {
      await sql.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    await sql.release();
  }
}

async function connect(target: Pool | DataSource | string): Promise<Sql> {
  if (typeof target === 'string') {
    const client = new Client({ connectionString: target, application_name: 'zhuqi-seed' });
    await client.connect();
    return { query: (text, params) => client.query(text, params), release: () => client.end() };
  }
  if ('createQueryRunner' in target) {
    const runner = target.createQueryRunner();
    await runner.connect();
    return { query: (text, params) => runner.query(text, params), release: () => runner.release() };
  }
  const client = await target.connect();
  return {
    query: (text, params) => client.query(text, params),
    release: async () => client.release(),
  };
}

/** pg returns `{ rows }`; a TypeORM query runner returns the rows themselves. */
function rowsOf(result: unknown): Array<Record<string, unknown>> {
  return Array.isArray(result) ? result : ((result as { rows: Array<Record<string, unknown>> }).rows ?? []);
}
