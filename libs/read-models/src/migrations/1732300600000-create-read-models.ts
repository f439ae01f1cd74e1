import { MigrationInterface, QueryRunner } from 'typeorm';
import { CaseDetailProjection } from '../case-detail/case-detail.projection';
import { CaseListProjection } from '../case-list/case-list.projection';
import { VisitsProjection } from '../visits/visits.projection';
import { LIVE_TABLES } from '../projections/stream-projection';

/**
 * The read-model tables, from the same DDL a rebuild uses for its fresh tables. Their checkpoints start
 * at 0 (rows in subscription_checkpoints appear on first run), so they fill from the whole log.
 */
export class CreateReadModels1732300600000 implements MigrationInterface {
  name = 'CreateReadModels1732300600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    for (const projection of [new CaseListProjection(), new CaseDetailProjection(), new VisitsProjection()]) {
      for (const ddl of projection.createTables(LIVE_TABLES)) await q.query(ddl);
      for (const index of projection.createIndexes(LIVE_TABLES)) await q.query(index);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE read_visits, read_case_detail, read_case_list`);
    await q.query(`DELETE FROM subscription_checkpoints WHERE name LIKE 'read-models.%'`);
  }
}
