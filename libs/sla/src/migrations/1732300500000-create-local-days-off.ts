import { MigrationInterface, QueryRunner } from 'typeorm';

/** A zone's own calendar: local days off (or extra workdays) that win over the national 节假日/调休 data. */
export class CreateLocalDaysOff1732300500000 implements MigrationInterface {
  name = 'CreateLocalDaysOff1732300500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sla_calendar_overrides (
        day        date        PRIMARY KEY,
        working    boolean     NOT NULL DEFAULT false,
        note       text        NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sla_calendar_overrides`);
  }
}
