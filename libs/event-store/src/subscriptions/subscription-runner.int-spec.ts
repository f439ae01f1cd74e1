import { randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { PgEventStore } from '../pg-event-store';
import { RecordedEvent } from '../event-store.types';
import { EventSubscriber } from './event-subscriber';
import { SubscriptionRunner } from './subscription-runner';

/** Counts the test's own events into a table, inside the subscriber's transaction. */
class CountingSubscriber implements EventSubscriber {
  constructor(
    readonly name: string,
    private readonly prefix: string,
    private readonly failOnce = false,
  ) {}
  private failed = false;

  async handle(events: RecordedEvent[], tx: PoolClient): Promise<void> {
    for (const e of events.filter((event) => event.streamId.startsWith(this.prefix))) {
      await tx.query(`INSERT INTO subscription_test_seen (subscriber, event_id) VALUES ($1, $2)`, [this.name, e.eventId]);
      if (this.failOnce && !this.failed) {
        this.failed = true;
        throw new Error('simulated crash in the middle of a batch');
      }
    }
  }
}

describe('SubscriptionRunner (real PostgreSQL)', () => {
  let pool: Pool;
  let store: PgEventStore;

  beforeAll(async () => {
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 12 });
    store = new PgEventStore(pool);
    await pool.query(`CREATE TABLE IF NOT EXISTS subscription_test_seen (subscriber text, event_id uuid, UNIQUE (subscriber, event_id))`);
  });
  afterAll(() => pool.end());

  const appendMany = async (prefix: string, streams: number, perStream: number) => {
    await Promise.all(
      Array.from({ length: streams }, async (_, s) => {
        for (let v = 0; v < perStream; v += 1) {
          await store.appendToStream(`${prefix}${s}`, 'test', v, [{ type: 'Ticked', data: { n: v }, occurredAt: new Date() }], {
            actor: 'test',
            correlationId: prefix,
          });
        }
      }),
    );
  };

  const seen = async (name: string) =>
    Number((await pool.query(`SELECT count(*) FROM subscription_test_seen WHERE subscriber = $1`, [name])).rows[0].count);

  it('applies each event exactly once across competing runners, woken by NOTIFY', async () => {
    const prefix = `sub-${randomUUID()}-`;
    const name = `test-${randomUUID()}`;
    // Start from the current end of the log so the test does not replay everything before it.
    await pool.query(
      `INSERT INTO subscription_checkpoints (name, position, transaction_id)
       SELECT $1, global_position, transaction_id FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
      [name],
    );
    const runners = [new SubscriptionRunner(pool, store, { batchSize: 7, pollIntervalMs: 5000 }), new SubscriptionRunner(pool, store, { batchSize: 7, pollIntervalMs: 5000 })];
    for (const runner of runners) await runner.start([new CountingSubscriber(name, prefix)], process.env.DATABASE_URL);
    await appendMany(prefix, 8, 10);
    const deadline = Date.now() + 15_000;
    while ((await seen(name)) < 80 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await Promise.all(runners.map((r) => r.stop()));
    // With a 5 s poll interval, reaching 80 quickly shows the NOTIFY wake-up works; the unique key proves once.
    expect(await seen(name)).toBe(80);
  });

  it('rolls back a failed batch with its checkpoint, then applies it on retry', async () => {
    const prefix = `sub-${randomUUID()}-`;
    const name = `test-${randomUUID()}`;
    await pool.query(
      `INSERT INTO subscription_checkpoints (name, position, transaction_id)
       SELECT $1, global_position, transaction_id FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
      [name],
    );
    await appendMany(prefix, 2, 5);
    const runner = new SubscriptionRunner(pool, store, { batchSize: 1000 });
    const crashing = new CountingSubscriber(name, prefix, true);
    // Our events become readable once every older transaction (other suites' work) has finished: retry.
    const deadline = Date.now() + 20_000;
    let crashed = false;
    while (!crashed && Date.now() < deadline) {
      const before = await runner.checkpoint(name);
      try {
        await runner.catchUp(crashing);
      } catch (error) {
        expect((error as Error).message).toBe('simulated crash in the middle of a batch');
        crashed = true;
        expect(await seen(name)).toBe(0);
        expect(await runner.checkpoint(name)).toBe(before);
      }
      if (!crashed) await new Promise((r) => setTimeout(r, 50));
    }
    expect(crashed).toBe(true);
    while ((await seen(name)) < 10 && Date.now() < deadline) await runner.catchUp(crashing);
    expect(await seen(name)).toBe(10);
  });
});
