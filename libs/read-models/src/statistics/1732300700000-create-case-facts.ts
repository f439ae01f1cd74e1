import { MigrationInterface, QueryRunner } from 'typeorm';
import { LIVE_TABLES } from '../projections/stream-projection';
import { CaseFactsProjection } from './case-facts.projection';

/** The statistics' facts table and its daily rollup; its checkpoint starts at 0, so it fills from the whole log. */
export class CreateCaseFacts1732300700000 implements MigrationInterface {
  name = 'CreateCaseFacts1732300700000';

  async up(q: QueryRunner): Promise<void> {
    const facts = new CaseFactsProjection();
    for (const statement of [...facts.createTables(LIVE_TABLES), ...facts.createIndexes(LIVE_TABLES)]) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE read_case_facts, read_case_stats_daily`);
    await q.query(`DELETE FROM subscription_checkpoints WHERE name = 'read-models.case-facts'`);
  }
}
