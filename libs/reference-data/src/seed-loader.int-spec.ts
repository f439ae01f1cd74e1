import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import type { QueryRunner } from 'typeorm';
import { formatEnterprisesJson, generateEnterprises } from '../../../seeds/generate-enterprises';
import { CreateReferenceData1732300100000 } from './migrations/1732300100000-create-reference-data';
import { readReferenceSeed, referenceSeedDir, seedReferenceData } from './seed-loader';

const url = process.env.DATABASE_URL!;

/** A throw-away schema holding an empty copy of the reference tables, so seeding can start from nothing. */
describe('seedReferenceData on an empty database', () => {
  const schema = `seed_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new Pool({ connectionString: url, max: 1 });
  const scoped = () => new Pool({ connectionString: url, max: 2, options: `-c search_path=${schema},public` });
  const pool = scoped();
  const other = scoped();
  const runner = (p: Pool) => ({ query: (sql: string) => p.query(sql) }) as unknown as QueryRunner;
  const migration = new CreateReferenceData1732300100000();

  beforeAll(async () => {
    await admin.query(`CREATE SCHEMA ${schema}`);
    await migration.up(runner(pool));
  });

  afterAll(async () => {
    await Promise.all([pool.end(), other.end()]);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('seeds exactly once when two processes race, then is a no-op', async () => {
    const results = await Promise.all([seedReferenceData(pool), seedReferenceData(other)]);
    expect(results.map((r) => r.seeded).sort()).toEqual([false, true]);
    expect((await seedReferenceData(pool)).seeded).toBe(false);

    const seed = readReferenceSeed();
    const counts = await pool.query<Record<string, number>>(`
      SELECT (SELECT count(*)::int FROM departments) AS departments, (SELECT count(*)::int FROM categories) AS categories,
             (SELECT count(*)::int FROM routing_rules) AS "routingRules", (SELECT count(*)::int FROM grids) AS grids,
             (SELECT count(*)::int FROM enterprises) AS enterprises, (SELECT count(*)::int FROM staff) AS staff`);
    expect(counts.rows[0]).toEqual(results[0].counts);
    expect(results[0].counts).toEqual({
      departments: seed.departments.length,
      categories: seed.categories.length,
      routingRules: seed.routingRules.length,
      grids: seed.grids.length,
      enterprises: seed.enterprises.length,
      staff: seed.staff.length,
    });
  });

  it('keeps grid workers’ grids as a text[]', async () => {
    const { rows } = await pool.query(`SELECT grid_codes FROM staff WHERE username = 'grid01'`);
    expect(rows[0].grid_codes).toEqual(['g01']);
  });

  it('the migration goes down cleanly', async () => {
    await migration.down(runner(pool));
    const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1`, [schema]);
    expect(rows[0].n).toBe(0);
  });
});

describe('seeds/reference/enterprises.json', () => {
  it('is exactly what seeds/generate-enterprises.ts produces', () => {
    const dir = referenceSeedDir();
    const grids = JSON.parse(readFileSync(join(dir, 'grids.json'), 'utf8'));
    const committed = readFileSync(join(dir, 'enterprises.json'), 'utf8');
    expect(formatEnterprisesJson(generateEnterprises(grids)) === committed).toBe(true);
    expect(Buffer.byteLength(committed)).toBeLessThan(1_000_000);
  });
});
