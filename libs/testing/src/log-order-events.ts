import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';

/**
 * Two events whose writers' transaction ids straddle a power of ten (10^k − 1 and 10^k), the later one
 * with the lower global position, as interleaved transactions leave them. A reader that orders the log by
 * transaction id as text (10000 before 9999) reads them in the wrong order. Stream type `log-order-test`.
 */
export async function insertEventsAcrossPowerOfTen(pool: Pool): Promise<{ low: string; high: string }> {
  const { rows } = await pool.query<{ xid: string }>(`SELECT pg_current_xact_id()::text AS xid`);
  // The largest power of ten safely below the current id: every id below it is committed or aborted.
  const power = 10 ** Math.floor(Math.log10(Number(rows[0].xid) - 10));
  const ids = { low: String(power - 1), high: String(power) };
  const insert = `INSERT INTO events (global_position, transaction_id, stream_id, stream_type, version, type, data, metadata, event_id, occurred_at)
                  VALUES ($1, $2::xid8, $3, 'log-order-test', 1, 'Noted', '{}', '{"actor":"test"}', $4, now())`;
  await pool.query(insert, [1_000_001, ids.high, `s-${randomUUID()}`, randomUUID()]);
  await pool.query(insert, [1_000_002, ids.low, `s-${randomUUID()}`, randomUUID()]);
  return ids;
}
