import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `read_case_list.assisting_department_codes`: a handler's lists show the cases their department leads
 * and those it assists (协办). Existing rows are filled from the event log exactly as the projection would:
 * the assisting departments of the case's last dispatch up to the row's version. (On a fresh database the
 * table is created with the column already: hence IF NOT EXISTS.)
 */
export class AddCaseListAssisting1732300900100 implements MigrationInterface {
  name = 'AddCaseListAssisting1732300900100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE read_case_list ADD COLUMN IF NOT EXISTS assisting_department_codes text[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      UPDATE read_case_list l SET assisting_department_codes = coalesce((
        SELECT ARRAY(SELECT jsonb_array_elements_text(e.data->'assistingDepartmentCodes'))
        FROM events e
        WHERE e.stream_id = l.id::text AND e.stream_type = 'case' AND e.type = 'CaseDispatched' AND e.version <= l.version
        ORDER BY e.version DESC LIMIT 1), '{}')
      WHERE l.dispatched_at IS NOT NULL`);
    await q.query(`CREATE INDEX IF NOT EXISTS read_case_list_assisting ON read_case_list USING gin (assisting_department_codes)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE read_case_list DROP COLUMN assisting_department_codes`);
  }
}
