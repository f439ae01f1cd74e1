import { MigrationInterface, QueryRunner } from 'typeorm';
import { createCaseFactsTable } from './case-facts.subscriber';

/** The statistics' facts table and its daily rollup; its checkpoint starts at 0, so it fills from the whole log. */
export class CreateCaseFacts1732300700000 implements MigrationInterface {
  name = 'CreateCaseFacts1732300700000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of createCaseFactsTable()) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE read_case_facts, read_case_stats_daily`);
    await q.query(`DELETE FROM subscription_checkpoints WHERE name = 'read-models.case-facts'`);
  }
}
