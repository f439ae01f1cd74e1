import { DueClock } from '@zhuqi/cases';
import { createRedisConnection } from '@zhuqi/redis';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { timerJob } from './timer-jobs';

/** The BullMQ queue of SLA timers. Adding a clock whose job id exists is a no-op (scheduling twice schedules once). */
export class TimerQueue {
  readonly queue: Queue;
  private readonly connection: Redis;

  constructor(redisUrl: string, readonly name: string) {
    this.connection = createRedisConnection(redisUrl, `zhuqi-sla-queue`, { lazyConnect: false });
    this.queue = new Queue(name, { connection: this.connection });
  }

  async schedule(clocks: readonly DueClock[]): Promise<void> {
    if (clocks.length === 0) return;
    const now = Date.now();
    for (let i = 0; i < clocks.length; i += 500) {
      await this.queue.addBulk(clocks.slice(i, i + 500).map((clock) => timerJob(clock, now)));
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }
}
