import { randomUUID } from 'node:crypto';
import { INestApplicationContext, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import { CasePolicy, CasesModule, DueClock } from '@zhuqi/cases';
import { DatabaseModule } from '@zhuqi/database';
import { EventStore, EventStoreModule } from '@zhuqi/event-store';
import { PlatformModule } from '@zhuqi/platform';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { CaseClockReader } from './case-clock-reader';
import { ClockScheduler } from './clock-scheduler';
import { dispatchedCase } from './testing-cases';
import { TimerQueue } from './timer-queue';

@Module({ imports: [CqrsModule.forRoot(), PlatformModule, DatabaseModule, EventStoreModule, CasesModule] })
class SchedulerTestModule {}

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The clock scheduler on real PostgreSQL and Redis: one owner, and no transaction held while Redis answers. */
describe('ClockScheduler (real PostgreSQL and Redis)', () => {
  let app: INestApplicationContext;
  let store: EventStore;
  let pool: Pool;
  let redis: Redis;
  const queues: TimerQueue[] = [];

  beforeAll(async () => {
    app = await NestFactory.createApplicationContext(SchedulerTestModule, { logger: ['error'] });
    store = app.get(EventStore);
    pool = app.get(Pool);
    redis = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    for (const q of queues) {
      await q.queue.obliterate({ force: true }).catch(() => undefined);
      await q.close();
    }
    redis.disconnect();
    await app.close();
  });

  /** A scheduler whose checkpoint starts at the end of the log and that sees only `mine`. */
  async function scheduler(name: string, queue: TimerQueue, mine: string[]): Promise<ClockScheduler> {
    // (On an empty log, as in a fresh CI database, the scheduler makes its checkpoint row itself.)
    await pool.query(
      `INSERT INTO subscription_checkpoints (name, position, transaction_id)
       SELECT $1, global_position, transaction_id FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1
       ON CONFLICT (name) DO NOTHING`,
      [name],
    );
    // One batch takes in everything other suites sharing the database commit meanwhile.
    return new ClockScheduler(pool, name, new CaseClockReader(store, app.get(CasePolicy)), queue, (id) => mine.includes(id), {
      batchSize: 1_000_000,
      pollIntervalMs: 250,
    });
  }

  it('schedules from the log without holding a transaction while Redis answers; one process owns it at a time', async () => {
    const queue = new TimerQueue(REDIS_URL, `sla-test-${randomUUID()}`);
    queues.push(queue);
    // Redis answers only when the test says so.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let waiting!: () => void;
    const atRedis = new Promise<void>((resolve) => (waiting = resolve));
    const schedule = queue.schedule.bind(queue);
    queue.schedule = async (clocks: readonly DueClock[]) => {
      waiting();
      await gate;
      return schedule(clocks);
    };
    const mine: string[] = [];
    const name = `sla-test-${randomUUID()}`;
    const owner = await scheduler(name, queue, mine);
    const other = await scheduler(name, queue, mine);
    const { id } = await dispatchedCase(store, 60_000);
    mine.push(id);
    const before = (await store.readStream(id)).at(-1)!.globalPosition;

    const stepping = owner.step();
    await atRedis;
    // Meanwhile another writer commits: a follower of the log (a projection) sees it at once.
    const { id: later } = await dispatchedCase(store, 60_000);
    // (Eventually: other suites sharing the database hold short transactions of their own.)
    let visible = false;
    for (const until = Date.now() + 5_000; !visible && Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
      visible = (await store.readAll(before, 100_000)).some((e) => e.streamId === later);
    }
    expect(visible).toBe(true);
    // And the other worker does not take over the scheduler.
    expect(await other.step()).toBeNull();
    release();
    expect(await stepping).toBeGreaterThanOrEqual(2);

    expect(await redis.zscore(`bull:${queue.name}:delayed`, `${id}-response-1`)).not.toBeNull();
    // The checkpoint moved past the case's events (in commit order).
    const { rows } = await pool.query<{ past: boolean }>(
      `SELECT (c.transaction_id, c.position) >= (e.transaction_id, e.global_position) AS past
       FROM subscription_checkpoints c, events e WHERE c.name = $1 AND e.stream_id = $2 AND e.version = 2`,
      [name, id],
    );
    expect(rows[0].past).toBe(true);
    await owner.stop();
    // Given up: the other worker owns it now.
    expect(await other.step()).not.toBeNull();
    await other.stop();
  });
});
