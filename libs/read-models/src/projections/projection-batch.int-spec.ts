import { Pool } from 'pg';
import { insertEventsAcrossPowerOfTen } from '../../../testing/src/log-order-events';
import { createOwnTestDatabase } from '../../../testing/src/own-test-database';
import { LOG_START, readLog, visibleEnd } from './projection-batch';

/**
 * The log is read in commit order: by transaction id as a number. Transaction ids cross powers of ten
 * (9999 → 10000) in every database's life; ordered as text they would put 10000 before 9999, and the
 * projections would skip or repeat events (seen on a fresh embedded PostgreSQL whose ids were that low).
 */
describe('reading the log in commit order across a power of ten of transaction ids', () => {
  let db: Awaited<ReturnType<typeof createOwnTestDatabase>>;
  let pool: Pool;
  let ids: { low: string; high: string };

  beforeAll(async () => {
    db = await createOwnTestDatabase('logorder');
    pool = new Pool({ connectionString: db.url, max: 2 });
    ids = await insertEventsAcrossPowerOfTen(pool);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('reads the lower transaction id first', async () => {
    const entries = (await readLog(pool, LOG_START, null, 100)).filter((e) => e.streamType === 'log-order-test');
    expect(entries.map((e) => e.transactionId)).toEqual([ids.low, ids.high]);
    const after = await readLog(pool, entries[0], null, 100);
    expect(after.map((e) => e.transactionId)).toContain(ids.high);
    expect(after.map((e) => e.transactionId)).not.toContain(ids.low);
  });

  it('ends the visible log at the highest transaction id', async () => {
    const end = await visibleEnd(pool);
    expect(BigInt(end!.transactionId)).toBeGreaterThanOrEqual(BigInt(ids.high));
  });
});
