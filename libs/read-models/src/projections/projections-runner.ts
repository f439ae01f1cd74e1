import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { EventStore, SubscriptionRunner, UpcasterRegistry } from '@zhuqi/event-store';
import { Pool } from 'pg';
import { ProjectionSubscriber } from './projection-subscriber';
import { StreamProjection } from './stream-projection';

export interface ProjectionsRunnerOptions {
  /** Opens the LISTEN connection (woken at once after appends); without it, polling only. */
  connectionString?: string;
  pollIntervalMs?: number;
  batchSize?: number;
}

/** Where a read model has got to, and whether that covers a position the caller named. */
export interface ReadModelProgress {
  reached: boolean;
  checkpoint: number;
}

/**
 * Runs the projections as subscribers of the event log (checkpoint and rows in one transaction; one
 * process at a time per projection by advisory lock; NOTIFY wake-ups with polling as the fallback), and
 * answers "has projection X reached position P" for read-your-writes.
 */
export class ProjectionsRunner {
  private readonly logger = new Logger('projections');
  private readonly runner: SubscriptionRunner;
  private readonly subscribers: ProjectionSubscriber[];
  private started = false;

  constructor(
    private readonly pool: Pool,
    eventStore: EventStore,
    upcasters: UpcasterRegistry,
    readonly projections: readonly StreamProjection[],
    private readonly options: ProjectionsRunnerOptions = {},
  ) {
    this.runner = new SubscriptionRunner(pool, eventStore, { batchSize: options.batchSize ?? 500, pollIntervalMs: options.pollIntervalMs ?? 1000 });
    this.subscribers = projections.map((p) => new ProjectionSubscriber(p, upcasters));
  }

  projection(name: string): StreamProjection | undefined {
    return this.projections.find((p) => p.name === name || p.name === `read-models.${name}`);
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.runner.start(this.subscribers, this.options.connectionString);
    this.logger.log(`following the event log: ${this.projections.map((p) => p.name).join(', ')}`);
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.runner.stop();
  }

  /** Applies everything committed now to every projection (tests, CLI); waits for a busy one to finish. */
  async catchUp(): Promise<void> {
    // Another process may hold a projection and be busy with a long backlog (a history import): wait for it,
    // bounded, rather than answer before the projection got there.
    const deadline = Date.now() + 60_000;
    for (const subscriber of this.subscribers) {
      for (;;) {
        const end = await this.logEnd();
        await this.runner.catchUp(subscriber);
        // The lock may have been (or become) another process's: check the projection really got there.
        if (end === 0 || (await this.progress(subscriber.name, end)).reached || Date.now() > deadline) break;
        await sleep(25);
      }
    }
  }

  /** Whether projection `name` has applied the event at global position `position` (commit order). */
  async progress(name: string, position: number): Promise<ReadModelProgress> {
    const { rows } = await this.pool.query<{ checkpoint: string | null; reached: boolean | null }>(
      `SELECT c.position AS checkpoint,
              (c.transaction_id, c.position) >= (SELECT e.transaction_id, e.global_position FROM events e WHERE e.global_position = $2) AS reached
       FROM (SELECT $1::text AS name) n LEFT JOIN subscription_checkpoints c ON c.name = n.name`,
      [name, position],
    );
    return { checkpoint: Number(rows[0]?.checkpoint ?? 0), reached: rows[0]?.reached === true };
  }

  /** Waits (bounded) until `name` reached `position`; answers where it stands either way. */
  async waitFor(name: string, position: number, timeoutMs: number): Promise<ReadModelProgress> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const progress = await this.progress(name, position);
      if (progress.reached || Date.now() >= deadline) return progress;
      await sleep(10);
    }
  }

  private async logEnd(): Promise<number> {
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT global_position AS position FROM events WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    return Number(rows[0]?.position ?? 0);
  }
}
