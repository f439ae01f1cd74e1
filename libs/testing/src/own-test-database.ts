import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { migrate } from '../../database/src';
import { seedReferenceData } from '../../reference-data/src/seed-loader';
import { seedDemoAccounts } from '../../accounts/src/demo-accounts';

/**
 * A database of its own for a suite that loads a lot (a year of demo history): created beside
 * DATABASE_URL's (its name extends that one's, so it still contains "test"), migrated and seeded like the
 * shared one (the demo logins included), and dropped by `drop()`, so repeated runs never grow the shared test database.
 */
export async function createOwnTestDatabase(purpose: string): Promise<{ url: string; drop(): Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL!);
  const name = `${base.pathname.slice(1)}_${purpose}_${randomUUID().slice(0, 8)}`;
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected database name ${name}`);
  const admin = new Client({ connectionString: base.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  await migrate(url.toString());
  await seedReferenceData(url.toString());
  await seedDemoAccounts(url.toString(), process.env.DEMO_PASSWORD ?? 'zhuqi-demo', { everyone: true });
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: base.toString() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
