import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { EventStore, SubscriptionRunner, UpcasterRegistry } from '@zhuqi/event-store';
import { Pool } from 'pg';
import { CaseFactsSubscriber } from './case-facts.subscriber';

/**
 * Runs the statistics' facts subscriber (checkpoint `read-models.case-facts`): one process at a time by
 * advisory lock, woken by NOTIFY after each commit, polling as the fallback.
 */
export class CaseFactsProjection {
  private readonly logger = new Logger('statistics');
  private readonly runner: SubscriptionRunner;
  readonly subscriber: CaseFactsSubscriber;
  private started = false;

  constructor(
    private readonly pool: Pool,
    eventStore: EventStore,
    upcasters: UpcasterRegistry,
    private readonly connectionString?: string,
  ) {
    this.runner = new SubscriptionRunner(pool, eventStore, { batchSize: 1000, pollIntervalMs: 1000 });
    this.subscriber = new CaseFactsSubscriber(upcasters);
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.runner.start([this.subscriber], this.connectionString);
    this.logger.log(`following the event log: ${this.subscriber.name}`);
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.runner.stop();
  }

  /** Applies everything committed now (tests, CLI); waits while another process holds the subscriber. */
  async catchUp(): Promise<void> {
    const { rows } = await this.pool.query<{ txid: string; position: string }>(
      `SELECT transaction_id::text AS txid, global_position AS position FROM events
       WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    const end = rows[0];
    for (let attempt = 0; attempt < 800; attempt += 1) {
      await this.runner.catchUp(this.subscriber);
      if (!end || (await this.reached(end.txid, end.position))) return;
      await sleep(25);
    }
  }

  private async reached(txid: string, position: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ reached: boolean }>(
      `SELECT (transaction_id, position) >= ($2::xid8, $3::bigint) AS reached FROM subscription_checkpoints WHERE name = $1`,
      [this.subscriber.name, txid, position],
    );
    return rows[0]?.reached === true;
  }
}
