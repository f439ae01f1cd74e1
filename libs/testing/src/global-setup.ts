import './register-paths';
import { migrate, startEmbeddedPostgres } from '../../database/src';
import { seedReferenceData } from '../../reference-data/src/seed-loader';
import { seedDemoAccounts } from '../../accounts/src/demo-accounts';

/**
 * Runs once before all tests: a real PostgreSQL (DATABASE_URL, or an embedded one under .data/) migrated
 * to the current schema and seeded with the reference data. Refuses a database whose name lacks "test",
 * so tests never touch real data.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    const db = await startEmbeddedPostgres({ dataDir: '.data/test-postgres', port: Number(process.env.TEST_PG_PORT ?? 55432), database: 'zhuqi_test' });
    process.env.DATABASE_URL = db.url;
    (globalThis as Record<string, unknown>).__EMBEDDED_PG__ = db;
  }
  const name = new URL(process.env.DATABASE_URL).pathname.slice(1);
  if (!name.includes('test')) {
    throw new Error(`Refusing to run tests against database "${name}": its name must contain "test"`);
  }
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  process.env.NODE_ENV = 'test';
  // The suites share 127.0.0.1 and a few demo accounts: limits that only the rate-limit tests (which set
  // their own) can reach, and counters of this run's own in the shared Redis.
  process.env.RATE_LIMIT_PER_ADDRESS ??= '1000000';
  process.env.RATE_LIMIT_PER_ACCOUNT ??= '1000000';
  process.env.LOGIN_RATE_LIMIT ??= '1000000';
  process.env.RATE_LIMIT_PREFIX ??= `zhuqi-test-${process.pid}-${Date.now()}:rate-limit`;
  await migrate(process.env.DATABASE_URL);
  await seedReferenceData(process.env.DATABASE_URL);
  // The demo logins, and one for every other seeded staff member (grid03…grid20: each grid has its worker).
  await seedDemoAccounts(process.env.DATABASE_URL, process.env.DEMO_PASSWORD ?? 'zhuqi-demo', { everyone: true });
}
