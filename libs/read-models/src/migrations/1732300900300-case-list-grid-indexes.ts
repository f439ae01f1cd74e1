import { MigrationInterface, QueryRunner } from 'typeorm';
import { CASE_LIST_GRID_INDEXES } from '../case-list/case-list.projection';

/**
 * A grid's cases by submission time (list pages and counts of "grid + since" from the index alone) and a
 * grid's returned cases, in place of the (grid_code, status) index.
 */
export class CaseListGridIndexes1732300900300 implements MigrationInterface {
  name = 'CaseListGridIndexes1732300900300';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of CASE_LIST_GRID_INDEXES('read_case_list')) await q.query(statement);
    await q.query(`DROP INDEX IF EXISTS read_case_list_grid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS read_case_list_grid ON read_case_list (grid_code, status)`);
    await q.query(`DROP INDEX IF EXISTS read_case_list_grid_submitted, read_case_list_grid_returned`);
  }
}
