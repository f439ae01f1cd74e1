import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where each subscriber of the global log (projections, the timer scheduler) has got to. A subscriber
 * writes its checkpoint in the same transaction as its own writes, so a crash neither loses nor repeats.
 */
export class CreateSubscriptionCheckpoints1732300300000 implements MigrationInterface {
  name = 'CreateSubscriptionCheckpoints1732300300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subscription_checkpoints (
        name           text PRIMARY KEY,
        position       bigint      NOT NULL DEFAULT 0,
        transaction_id xid8        NOT NULL DEFAULT '0',
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE subscription_checkpoints`);
  }
}
