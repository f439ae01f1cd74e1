import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The statistics' monthly rollup (a year's summary reads twelve months instead of 365 days), filled from the
 * daily one in the same transaction, so it starts exactly where the facts projection's checkpoint is (a new
 * database has it already: the facts migration creates every table of the projection). A database that
 * ran it under its first name (1732300900000, before issue 5's accounts took that timestamp) already has the
 * table, kept by the projection since: nothing is added to it.
 */
export class CreateCaseStatsMonthly1732300900200 implements MigrationInterface {
  name = 'CreateCaseStatsMonthly1732300900200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS read_case_stats_monthly (
        dim text NOT NULL,
        month date NOT NULL,
        key text NOT NULL,
        kind text NOT NULL,
        n int NOT NULL,
        n_ok int NOT NULL,
        PRIMARY KEY (dim, month, key, kind)
      )`);
    await q.query(`
      INSERT INTO read_case_stats_monthly (dim, month, key, kind, n, n_ok)
      SELECT dim, date_trunc('month', day)::date, key, kind, sum(n), sum(n_ok) FROM read_case_stats_daily
      GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 OR sum(n_ok) <> 0
      ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE read_case_stats_monthly`);
  }
}
