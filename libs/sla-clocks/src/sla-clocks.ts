import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CasePolicy } from '@zhuqi/cases';
import { EventStore } from '@zhuqi/event-store';
import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { DailyBriefings } from './briefing/daily-briefing';
import { CaseClockReader } from './timers/case-clock-reader';
import { ClockScheduler } from './timers/clock-scheduler';
import { Reconciliation } from './timers/reconciliation';
import { BRIEFING_JOB } from './timers/timer-jobs';
import { DEFAULT_BATCHER_OPTIONS, TimerBatcher, TimerBatcherOptions } from './timers/timer-batcher';
import { toNestCommand, TimerProcessor } from './timers/timer-processor';
import { TimerQueue } from './timers/timer-queue';

export interface SlaClocksOptions {
  redisUrl: string;
  queueName: string;
  /** The scheduler's checkpoint name in `subscription_checkpoints`. */
  subscriberName: string;
  /** BullMQ jobs held at once per process (SLA_CONCURRENCY): the pool the batches are drawn from. */
  concurrency: number;
  /** How timers are batched (defaults: DEFAULT_BATCHER_OPTIONS). */
  batching?: Partial<TimerBatcherOptions>;
  reconcileEveryMs: number;
  /** Limits the cases handled; for tests that share the database. */
  onlyCases?: () => string[];
  /** Runs the 08:00 Asia/Shanghai 每日整改简报 job (off in tests). */
  dailyBriefing?: boolean;
}

/**
 * The SLA clocks of one worker process: the scheduler (event log → BullMQ delayed jobs, with a
 * checkpoint), the timer processor (job → the batcher, which decides and appends many timers at once;
 * conflicts go through the CommandBus), the reconciliation (event
 * store → BullMQ, at start and every few minutes, one process at a time) and the daily briefing job.
 */
export class SlaClocks {
  private readonly logger = new Logger('sla-clocks');
  readonly queue: TimerQueue;
  readonly reconciliation: Reconciliation;
  readonly scheduler: ClockScheduler;
  private readonly processor: TimerProcessor;
  readonly batcher: TimerBatcher;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly pool: Pool,
    eventStore: EventStore,
    commandBus: CommandBus,
    policy: CasePolicy,
    private readonly options: SlaClocksOptions,
  ) {
    const briefings = new DailyBriefings(pool);
    const reader = new CaseClockReader(eventStore, policy);
    this.queue = new TimerQueue(options.redisUrl, options.queueName);
    const only = options.onlyCases;
    this.scheduler = new ClockScheduler(pool, options.subscriberName, reader, this.queue, only ? (id) => only().includes(id) : undefined);
    this.reconciliation = new Reconciliation(pool, reader, this.queue, only);
    this.batcher = new TimerBatcher(
      eventStore,
      policy,
      (caseId, command, meta) => commandBus.execute(toNestCommand(caseId, command, meta)),
      { ...DEFAULT_BATCHER_OPTIONS, ...options.batching },
    );
    this.processor = new TimerProcessor(this.batcher, options.redisUrl, options.queueName, options.concurrency, () =>
      briefings.generateForYesterday(),
    );
  }

  async start(): Promise<void> {
    this.processor.start();
    await this.scheduler.start();
    await this.reconcile();
    this.timer = setInterval(() => void this.reconcile(), this.options.reconcileEveryMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.scheduler.stop();
    await this.processor.stop();
    await this.queue.close();
  }

  /**
   * One reconciliation, unless another worker is running one (advisory lock); also re-creates the
   * briefing's repeatable job, which a Redis that lost its data no longer has.
   */
  async reconcile(): Promise<number> {
    const client = await this.pool.connect();
    const key = createHash('sha256').update(`sla-reconcile:${this.options.queueName}`).digest().readBigInt64BE(0).toString();
    try {
      const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1::bigint) AS locked`, [key]);
      if (!rows[0].locked) return 0;
      try {
        if (this.options.dailyBriefing) {
          await this.queue.queue.upsertJobScheduler(BRIEFING_JOB, { pattern: '0 0 8 * * *', tz: 'Asia/Shanghai' }, { name: BRIEFING_JOB });
        }
        const scheduled = await this.reconciliation.run();
        this.logger.log(`reconciliation: ${scheduled} due timers ensured`);
        return scheduled;
      } finally {
        await client.query(`SELECT pg_advisory_unlock($1::bigint)`, [key]);
      }
    } catch (error) {
      this.logger.warn(`reconciliation failed (${(error as Error).message}); the next one retries`);
      return 0;
    } finally {
      client.release();
    }
  }
}
