import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { insertEventsAcrossPowerOfTen } from '../../../testing/src/log-order-events';
import { createOwnTestDatabase } from '../../../testing/src/own-test-database';
import { CaseClockReader } from './case-clock-reader';
import { ClockScheduler } from './clock-scheduler';
import { TimerQueue } from './timer-queue';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The scheduler follows the log in commit order: by transaction id as a number. Ordered as text (what an
 * ORDER BY on a `::text` alias does) 10000 comes before 9999, and a checkpoint moved past 10000 skips 9999's
 * events — their timers would never be scheduled (until a reconciliation).
 */
describe('ClockScheduler reads the log in commit order across a power of ten of transaction ids', () => {
  let db: Awaited<ReturnType<typeof createOwnTestDatabase>>;
  let pool: Pool;
  let queue: TimerQueue;
  let ids: { low: string; high: string };
  let scheduler: ClockScheduler | undefined;

  beforeAll(async () => {
    db = await createOwnTestDatabase('schedorder');
    pool = new Pool({ connectionString: db.url, max: 3 });
    queue = new TimerQueue(REDIS_URL, `sla-test-${randomUUID()}`);
    ids = await insertEventsAcrossPowerOfTen(pool);
  });
  afterAll(async () => {
    await scheduler?.stop(); // gives back its connection, or pool.end() would wait for it
    await queue.queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await pool.end();
    await db.drop();
  });

  it('takes the lower transaction id first, one event per batch, and skips neither', async () => {
    // Not case events: the reader is never asked for clocks, only the checkpoint moves.
    const s = (scheduler = new ClockScheduler(pool, `order-${randomUUID()}`, new CaseClockReader(undefined as never, undefined as never), queue, () => true, {
      batchSize: 1,
      pollIntervalMs: 60_000,
    }));
    const checkpoint = async () =>
      (await pool.query<{ transaction_id: string }>(`SELECT transaction_id::text FROM subscription_checkpoints WHERE name = $1`, [s.name])).rows[0]
        .transaction_id;
    const seen: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      expect(await s.step()).toBe(1);
      seen.push(await checkpoint());
    }
    expect(seen).toEqual([ids.low, ids.high]);
    expect(await s.step()).toBe(0);
  });
});
