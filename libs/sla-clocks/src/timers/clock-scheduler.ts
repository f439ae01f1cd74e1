import { Logger } from '@nestjs/common';
import { CASE_STREAM_TYPE, CaseEventType } from '@zhuqi/cases';
import { subscriberLockKey } from '@zhuqi/event-store';
import { Pool, PoolClient } from 'pg';
import { CaseClockReader } from './case-clock-reader';
import { TimerQueue } from './timer-queue';

/** Events after which a case may have a new clock to run. */
const STARTS_A_CLOCK: ReadonlySet<string> = new Set<CaseEventType>([
  'CaseDispatched',
  'ExtensionApproved',
  'CaseResolved',
  'SupervisionOpened',
  'SupervisionEscalated',
]);

/**
 * The log in commit order after a checkpoint, as `EventStore.readAll` reads it, but only the columns the
 * scheduler looks at: while timers fire, most of the log is breach events it skips, and their data and
 * metadata need not travel (nor be parsed) to be skipped.
 */
const READ_SQL = `
  SELECT global_position, transaction_id::text AS transaction_id, stream_id, stream_type, type FROM events
  WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
    AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
  ORDER BY events.transaction_id, events.global_position -- the columns: the ::text alias would sort 10 before 9
  LIMIT $3`;

interface LogRow {
  global_position: string;
  transaction_id: string;
  stream_id: string;
  stream_type: string;
  type: string;
}

export interface ClockSchedulerOptions {
  batchSize: number;
  pollIntervalMs: number;
}

/**
 * Schedules timers from the committed event log (not from a call after the commit): for each case a
 * batch of the log touched, its due clocks go into BullMQ, then the checkpoint moves on.
 *
 * One process at a time owns the scheduler by a session advisory lock (the key `SubscriptionRunner` uses
 * for the same name, so tools that lock a subscriber keep working). It holds no transaction open while
 * it talks to Redis: every statement commits on its own, the checkpoint after the Redis work. An open
 * transaction would hold back the xmin horizon, and every follower of the log (projections) reads only
 * below it. A crash between the Redis work and the checkpoint repeats the batch, and the deterministic
 * job ids make the repeat a no-op (at-least-once, deduplicated).
 */
export class ClockScheduler {
  private readonly logger = new Logger('sla-clocks');
  private owner?: PoolClient;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly pool: Pool,
    readonly name: string,
    private readonly reader: CaseClockReader,
    private readonly queue: TimerQueue,
    /** Limits the cases handled (tests share the database with other runs). */
    private readonly inScope: (caseId: string) => boolean = () => true,
    private readonly options: ClockSchedulerOptions = { batchSize: 500, pollIntervalMs: 250 },
  ) {}

  async start(): Promise<void> {
    await this.pool.query(`INSERT INTO subscription_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [this.name]);
    this.running = true;
    this.loop = this.follow();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.disown();
  }

  /**
   * One batch: `null` when another process owns the scheduler, else the number of log events read.
   * Polled, not woken by NOTIFY: under a burst of commits (every breach is one) a wake-up per commit
   * would cost a round of statements for a handful of events; every 250 ms takes them in one.
   */
  async step(): Promise<number | null> {
    const owner = await this.own();
    if (!owner) return null;
    // The row start() made (made again here if it is gone: the log then is read from its start, and the
    // deterministic job ids make the repeat scheduling a no-op).
    const { rows: cp } = await owner.query<{ position: string; transaction_id: string }>(
      `WITH made AS (INSERT INTO subscription_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING position, transaction_id)
       SELECT position, transaction_id::text AS transaction_id FROM subscription_checkpoints WHERE name = $1
       UNION ALL SELECT position, transaction_id::text FROM made`,
      [this.name],
    );
    const { rows } = await owner.query<LogRow>(READ_SQL, [cp[0].transaction_id, cp[0].position, this.options.batchSize]);
    if (rows.length === 0) return 0;
    const caseIds = new Set<string>();
    for (const r of rows) {
      if (r.stream_type === CASE_STREAM_TYPE && STARTS_A_CLOCK.has(r.type) && this.inScope(r.stream_id)) caseIds.add(r.stream_id);
    }
    if (caseIds.size > 0) await this.queue.schedule(await this.reader.clocksOf([...caseIds]));
    const last = rows[rows.length - 1];
    await owner.query(`UPDATE subscription_checkpoints SET position = $2, transaction_id = $3::xid8, updated_at = now() WHERE name = $1`, [
      this.name,
      last.global_position,
      last.transaction_id,
    ]);
    return rows.length;
  }

  private async follow(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let read: number | null;
      try {
        read = await this.step();
        failures = 0;
      } catch (error) {
        failures += 1;
        this.logger.error(`clock scheduler failed (attempt ${failures}); retrying`, error instanceof Error ? error.stack : String(error));
        await this.disown(error as Error);
        await this.sleep(Math.min(30_000, 200 * 2 ** failures));
        continue;
      }
      if (read === this.options.batchSize) continue; // more to read
      await this.sleep(read === null ? this.options.pollIntervalMs * 2 : this.options.pollIntervalMs);
    }
  }

  /** The connection holding the session lock; none (and no connection kept) while another process owns it. */
  private async own(): Promise<PoolClient | undefined> {
    if (this.owner) return this.owner;
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1::bigint) AS locked`, [subscriberLockKey(this.name)]);
      if (!rows[0].locked) {
        client.release();
        return undefined;
      }
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    this.owner = client;
    return client;
  }

  /** Gives up ownership: a broken connection is discarded (its session lock goes with it). */
  private async disown(error?: Error): Promise<void> {
    const owner = this.owner;
    this.owner = undefined;
    if (!owner) return;
    if (error) {
      owner.release(error);
      return;
    }
    await owner.query(`SELECT pg_advisory_unlock($1::bigint)`, [subscriberLockKey(this.name)]).then(
      () => owner.release(),
      (e: Error) => owner.release(e),
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
