import { randomUUID } from 'node:crypto';
import { DueClock } from '@zhuqi/cases';
import { Redis } from 'ioredis';
import { TIMER_LEAD_MS } from './timer-jobs';
import { TimerQueue } from './timer-queue';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The timer queue on a real Redis: a job fires at its clock's due time less the lead, however many are scheduled at once. */
describe('TimerQueue (real Redis)', () => {
  let redis: Redis;
  let queue: TimerQueue;

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
    queue = new TimerQueue(REDIS_URL, `timer-queue-test-${randomUUID()}`);
  });

  afterAll(async () => {
    await queue.queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
  });

  it('puts every job of a large schedule (several Redis round trips) at exactly its due time less the lead', async () => {
    // A reconciliation page or a busy scheduler batch hands over thousands of clocks at once. BullMQ
    // fires a delayed job at its creation time + delay: a delay computed once for all of them made every
    // later round trip's jobs fire late by the time the earlier round trips took.
    const base = Date.now() + 60_000;
    const clocks: DueClock[] = Array.from({ length: 2_400 }, (_, i) => {
      const caseId = randomUUID();
      const dueAt = new Date(base + i).toISOString();
      return { kind: 'response', caseId, dueAt, jobId: `${caseId}-response-1`, command: { type: 'MarkResponseOverdue', cycle: 1, dueAt } };
    });
    await queue.schedule(clocks);

    // The delayed set's score is the fire time in ms × 4096 (+ a tie-breaking counter).
    const scored = await redis.zrange(`bull:${queue.name}:delayed`, 0, -1, 'WITHSCORES');
    const fireAt = new Map<string, number>();
    for (let i = 0; i < scored.length; i += 2) fireAt.set(scored[i], Math.floor(Number(scored[i + 1]) / 4096));
    expect(fireAt.size).toBe(clocks.length);
    const off = clocks.map((c) => fireAt.get(c.jobId)! - (Date.parse(c.dueAt) - TIMER_LEAD_MS)).filter((ms) => ms !== 0);
    expect(off).toEqual([]);
  });
});
