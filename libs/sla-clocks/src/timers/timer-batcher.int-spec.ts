import { randomUUID } from 'node:crypto';
import { INestApplicationContext, Module } from '@nestjs/common';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import { CASE_STREAM_TYPE, CasePolicy, CasesModule, MarkResponseOverdue } from '@zhuqi/cases';
import { DatabaseModule } from '@zhuqi/database';
import { EventStore, EventStoreModule } from '@zhuqi/event-store';
import { PlatformModule } from '@zhuqi/platform';
import { Pool } from 'pg';
import { TimerBatcher, TimerBatcherOptions } from './timer-batcher';
import { SLA_ACTOR, toNestCommand } from './timer-processor';
import { dispatchedCase } from './testing-cases';

@Module({ imports: [CqrsModule.forRoot(), PlatformModule, DatabaseModule, EventStoreModule, CasesModule] })
class BatcherTestModule {}

/**
 * The batched timer path on real PostgreSQL: the same outcomes as one command per timer — a breach
 * recorded once, nothing for a case that moved on — whoever else writes meanwhile.
 */
describe('TimerBatcher (real PostgreSQL)', () => {
  let app: INestApplicationContext;
  let store: EventStore;
  let pool: Pool;

  beforeAll(async () => {
    app = await NestFactory.createApplicationContext(BatcherTestModule, { logger: ['error'] });
    store = app.get(EventStore);
    pool = app.get(Pool);
  });

  afterAll(async () => {
    await app.close();
  });

  const ctx = { actor: 'test', correlationId: randomUUID() };

  /** A case dispatched 10 minutes ago whose 3-minute response limit lapsed; returns its id and timer. */
  async function overdueCase(): Promise<{ id: string; timer: MarkResponseOverdue }> {
    const { id, responseDueAt } = await dispatchedCase(store, -420_000);
    return { id, timer: { type: 'MarkResponseOverdue', cycle: 1, dueAt: responseDueAt } };
  }

  const breaches = async (id: string) =>
    (await pool.query<{ metadata: Record<string, string> }>(`SELECT metadata FROM events WHERE stream_id = $1 AND type = 'ResponseOverdue'`, [id])).rows;

  const meta = (id: string) => ({ actor: SLA_ACTOR, correlationId: `${id}-response-1`, causationId: `${id}-response-1` });

  function batcher(options: Partial<TimerBatcherOptions> = {}, eventStore: EventStore = store) {
    const commandBus = app.get(CommandBus);
    let oneByOne = 0;
    const b = new TimerBatcher(
      eventStore,
      app.get(CasePolicy),
      (caseId, command, m) => {
        oneByOne += 1;
        return commandBus.execute(toNestCommand(caseId, command, m));
      },
      { maxBatch: 100, windowMs: 20, maxInFlight: 4, ...options },
    );
    return { b, oneByOne: () => oneByOne };
  }

  it('decides a batch in one read and one append: each lapsed case breached once, nothing for a case that moved on', async () => {
    const cases = await Promise.all(Array.from({ length: 5 }, () => overdueCase()));
    const acknowledged = cases[4];
    await store.appendToStream(
      acknowledged.id,
      CASE_STREAM_TYPE,
      2,
      [{ type: 'CaseAcknowledged', data: { departmentCode: 'three_services', note: null, withinResponseLimit: false, acknowledgedAt: new Date().toISOString() }, occurredAt: new Date() }],
      ctx,
    );
    const { b, oneByOne } = batcher();

    // The same timer twice in one batch (a redelivered job): the second goes the ordinary way and finds it done.
    await Promise.all([...cases, cases[0]].map(({ id, timer }) => b.fire(id, timer, meta(id))));

    expect(b.stats).toMatchObject({ batches: 1, timers: 5, conflicts: 0 });
    expect(oneByOne()).toBe(1);
    for (const { id } of cases.slice(0, 4)) {
      const rows = await breaches(id);
      expect(rows).toHaveLength(1);
      expect(rows[0].metadata).toMatchObject(meta(id));
    }
    expect(await breaches(acknowledged.id)).toHaveLength(0);
  });

  it('a writer appending to a case between the batch read and its append: that case retries alone, every breach still once', async () => {
    const cases = await Promise.all(Array.from({ length: 4 }, () => overdueCase()));
    const contested = cases[1];
    // Reads as the real store does, then another writer moves the contested case on (an extension request).
    const racing = Object.create(store) as EventStore;
    let raced = false;
    racing.readStreams = async (ids) => {
      const streams = await store.readStreams(ids);
      if (!raced) {
        raced = true;
        await store.appendToStream(
          contested.id,
          CASE_STREAM_TYPE,
          2,
          [{ type: 'ExtensionRequested', data: { workingDays: 2, reason: '需现场勘查', requestedAt: new Date().toISOString() }, occurredAt: new Date() }],
          ctx,
        );
      }
      return streams;
    };
    const { b, oneByOne } = batcher({}, racing);

    await Promise.all(cases.map(({ id, timer }) => b.fire(id, timer, meta(id))));

    expect(b.stats.conflicts).toBe(1);
    expect(oneByOne()).toBe(1);
    for (const { id } of cases) expect(await breaches(id)).toHaveLength(1);
    const contestedTypes = (await store.readStream(contested.id)).map((e) => e.type);
    expect(contestedTypes).toEqual(['CaseSubmitted', 'CaseDispatched', 'ExtensionRequested', 'ResponseOverdue']);
  });

  it('timers handed over before they are due (the job lead): each breach recorded at or after its due time, none dropped', async () => {
    // Due 150–190 ms from now, as jobs that came due TIMER_LEAD_MS early (and more) would hand them over;
    // the second timer of one case goes the ordinary way and must wait for its own due time as well.
    const cases = await Promise.all([150, 170, 190].map(async (ms) => {
      const { id, responseDueAt } = await dispatchedCase(store, ms);
      return { id, timer: { type: 'MarkResponseOverdue' as const, cycle: 1, dueAt: responseDueAt } };
    }));
    const { b, oneByOne } = batcher({ windowMs: 60 });

    await Promise.all([...cases, cases[2]].map(({ id, timer }) => b.fire(id, timer, meta(id))));

    expect(b.stats).toMatchObject({ batches: 1, timers: 3 });
    expect(oneByOne()).toBe(1);
    for (const { id, timer } of cases) {
      const rows = (await pool.query<{ recorded_at: Date; occurred_at: Date }>(`SELECT recorded_at, occurred_at FROM events WHERE stream_id = $1 AND type = 'ResponseOverdue'`, [id])).rows;
      expect(rows).toHaveLength(1);
      expect(rows[0].recorded_at.getTime()).toBeGreaterThanOrEqual(Date.parse(timer.dueAt));
      expect(rows[0].occurred_at.getTime()).toBeGreaterThanOrEqual(Date.parse(timer.dueAt));
    }
  });

  it('a timer already late is not held back for timers handed over early for a later time', async () => {
    const late = await overdueCase();
    const { id, responseDueAt } = await dispatchedCase(store, 400);
    const early = { id, timer: { type: 'MarkResponseOverdue' as const, cycle: 1, dueAt: responseDueAt } };
    const { b } = batcher({ windowMs: 20 });

    const handed = Date.now();
    const lateDone = b.fire(late.id, late.timer, meta(late.id)).then(() => Date.now());
    await Promise.all([lateDone, b.fire(early.id, early.timer, meta(early.id))]);

    expect(b.stats.batches).toBe(2);
    expect((await lateDone) - handed).toBeLessThan(300); // not at the early one's due time, 400 ms on
    expect(await breaches(late.id)).toHaveLength(1);
    expect(await breaches(early.id)).toHaveLength(1);
  });

  it('two workers firing the same timers at once: each breach recorded once', async () => {
    const cases = await Promise.all(Array.from({ length: 30 }, () => overdueCase()));
    const [one, two] = [batcher({ maxBatch: 7, windowMs: 1 }), batcher({ maxBatch: 11, windowMs: 0 })];

    await Promise.all([
      ...cases.map(({ id, timer }) => one.b.fire(id, timer, meta(id))),
      ...[...cases].reverse().map(({ id, timer }) => two.b.fire(id, timer, meta(id))),
    ]);

    for (const { id } of cases) expect(await breaches(id)).toHaveLength(1);
    expect(one.b.stats.timers + two.b.stats.timers).toBeGreaterThanOrEqual(30);
  });
});
