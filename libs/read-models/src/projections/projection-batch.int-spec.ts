import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
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
    const { rows } = await pool.query<{ xid: string }>(`SELECT pg_current_xact_id()::text AS xid`);
    // The largest power of ten safely below the current id: every id below it is committed or aborted.
    const power = 10 ** Math.floor(Math.log10(Number(rows[0].xid) - 10));
    ids = { low: String(power - 1), high: String(power) };
    const insert = `INSERT INTO events (global_position, transaction_id, stream_id, stream_type, version, type, data, metadata, event_id, occurred_at)
                    VALUES ($1, $2::xid8, $3, 'log-order-test', 1, 'Noted', '{}', '{"actor":"test"}', $4, now())`;
    // The later transaction drew the lower position, as happens when transactions interleave.
    await pool.query(insert, [1_000_001, ids.high, `s-${randomUUID()}`, randomUUID()]);
    await pool.query(insert, [1_000_002, ids.low, `s-${randomUUID()}`, randomUUID()]);
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
