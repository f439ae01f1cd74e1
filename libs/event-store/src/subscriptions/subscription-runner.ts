import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Client, Pool, PoolClient } from 'pg';
import { EventStore } from '../event-store';
import { EventSubscriber } from './event-subscriber';

export interface SubscriptionRunnerOptions {
  batchSize?: number;
  /** Fallback polling when no NOTIFY arrives (a lost notification, a listener reconnecting). */
  pollIntervalMs?: number;
}

/**
 * 64-bit advisory-lock key of a subscriber name. Holding it (e.g. while a rebuild swaps a projection's
 * tables) keeps every process from applying that subscriber.
 */
export function subscriberLockKey(name: string): string {
  return createHash('sha256').update(`subscription:${name}`).digest().readBigInt64BE(0).toString();
}

/**
 * Runs subscribers of the global log. Each batch is one transaction: take the subscriber's advisory
 * lock (so among many worker processes exactly one applies a subscriber at a time), read the checkpoint,
 * handle the next events, move the checkpoint, commit. Woken by NOTIFY from the event store's trigger,
 * with polling as the fallback.
 */
export class SubscriptionRunner {
  private readonly logger = new Logger('subscriptions');
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private listener: Client | undefined;
  private running = false;
  private wakeUps = new Set<() => void>();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly pool: Pool,
    private readonly eventStore: EventStore,
    options: SubscriptionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
  }

  /** Starts following; returns at once. `connectionString` opens the LISTEN connection. */
  async start(subscribers: EventSubscriber[], connectionString?: string): Promise<void> {
    this.running = true;
    if (connectionString) await this.listen(connectionString);
    for (const subscriber of subscribers) {
      await this.ensureCheckpoint(subscriber.name);
      this.loops.push(this.follow(subscriber));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeAll();
    await Promise.allSettled(this.loops);
    this.loops = [];
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  /**
   * Processes batches until the subscriber has caught up with everything committed now; returns the
   * number of events handled. For tests, rebuilds and the CLI. Returns -1 if another process holds it.
   */
  async catchUp(subscriber: EventSubscriber): Promise<number> {
    await this.ensureCheckpoint(subscriber.name);
    let total = 0;
    for (;;) {
      const handled = await this.processBatch(subscriber);
      if (handled === null) return total === 0 ? -1 : total;
      total += handled;
      if (handled < this.batchSize) return total;
    }
  }

  /** The subscriber's checkpoint: the global position of the last event it handled (0 = none). */
  async checkpoint(name: string): Promise<number> {
    const { rows } = await this.pool.query<{ position: string }>(`SELECT position FROM subscription_checkpoints WHERE name = $1`, [name]);
    return Number(rows[0]?.position ?? 0);
  }

  private async ensureCheckpoint(name: string): Promise<void> {
    await this.pool.query(`INSERT INTO subscription_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [name]);
  }

  /** One batch in one transaction; `null` when another process holds the subscriber's lock. */
  private async processBatch(subscriber: EventSubscriber): Promise<number | null> {
    const tx: PoolClient = await this.pool.connect();
    try {
      await tx.query('BEGIN');
      const lock = await tx.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock($1::bigint) AS locked`, [subscriberLockKey(subscriber.name)]);
      if (!lock.rows[0].locked) {
        await tx.query('ROLLBACK');
        return null;
      }
      const { rows } = await tx.query<{ position: string }>(`SELECT position FROM subscription_checkpoints WHERE name = $1 FOR UPDATE`, [subscriber.name]);
      const after = Number(rows[0].position);
      const events = await this.eventStore.readAll(after, this.batchSize);
      if (events.length > 0) {
        await subscriber.handle(events, tx);
        const last = events[events.length - 1];
        await tx.query(
          `UPDATE subscription_checkpoints
           SET position = $2, transaction_id = (SELECT transaction_id FROM events WHERE global_position = $2), updated_at = now()
           WHERE name = $1`,
          [subscriber.name, last.globalPosition],
        );
      }
      await tx.query('COMMIT');
      return events.length;
    } catch (error) {
      await tx.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      tx.release();
    }
  }

  private async follow(subscriber: EventSubscriber): Promise<void> {
    let failures = 0;
    while (this.running) {
      let handled: number | null;
      try {
        handled = await this.processBatch(subscriber);
        failures = 0;
      } catch (error) {
        failures += 1;
        this.logger.error(`${subscriber.name} failed (attempt ${failures}); retrying`, error instanceof Error ? error.stack : String(error));
        await this.sleep(Math.min(30_000, 200 * 2 ** failures));
        continue;
      }
      if (handled === this.batchSize) continue; // more to read
      await this.sleep(handled === null ? this.pollIntervalMs * 2 : this.pollIntervalMs);
    }
  }

  private async listen(connectionString: string): Promise<void> {
    const client = new Client({ connectionString, application_name: 'zhuqi-listener' });
    client.on('notification', () => this.wakeAll());
    client.on('error', (error) => {
      this.logger.warn(`LISTEN connection lost (${error.message}); polling until it is back`);
      this.listener = undefined;
      setTimeout(() => this.running && this.listen(connectionString).catch(() => undefined), this.pollIntervalMs);
    });
    await client.connect();
    await client.query('LISTEN zhuqi_events');
    this.listener = client;
  }

  private wakeAll(): void {
    for (const wake of [...this.wakeUps]) wake();
  }

  /** Sleeps until woken by NOTIFY, by stop(), or after `ms`. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUps.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUps.add(done);
    });
  }
}
