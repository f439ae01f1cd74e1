import { MigrationInterface, QueryRunner } from 'typeorm';
import { CASE_LIST_STATISTICS_INDEXES } from '../case-list/case-list.projection';
import { CaseSearchProjection } from '../case-search/case-search.projection';
import { LIVE_TABLES } from '../projections/stream-projection';

/**
 * 全文检索 by character bigrams in its own table (`read_case_search`, see search-text.ts), replacing the
 * trigram index on `read_case_list` (no use for 2-character queries, and updated at every event of a case);
 * and the partial indexes over open cases (statistics' counts, a department's overdue queue).
 * Its checkpoint starts at 0: the projections runner fills it from the log while the others go on.
 */
export class CreateCaseSearch1732300800000 implements MigrationInterface {
  name = 'CreateCaseSearch1732300800000';

  async up(q: QueryRunner): Promise<void> {
    const search = new CaseSearchProjection();
    for (const statement of [...search.createTables(LIVE_TABLES), ...search.createIndexes(LIVE_TABLES)]) await q.query(statement);
    await q.query(`DROP INDEX IF EXISTS read_case_list_text_trgm`);
    for (const statement of CASE_LIST_STATISTICS_INDEXES('read_case_list')) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE read_case_search`);
    await q.query(`DROP INDEX IF EXISTS read_case_list_waiting_due, read_case_list_handling_due, read_case_list_department_open_due`);
    await q.query(`DELETE FROM subscription_checkpoints WHERE name = 'read-models.case-search'`);
    await q.query(`CREATE INDEX read_case_list_text_trgm ON read_case_list USING gin ((title || ' ' || description) gin_trgm_ops)`);
  }
}
