import { MigrationInterface, QueryRunner } from 'typeorm';

/** 每日整改简报: one stored briefing per Shanghai day, written by the 08:00 job. */
export class CreateDailyBriefings1732300500100 implements MigrationInterface {
  name = 'CreateDailyBriefings1732300500100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE daily_briefings (
        day          date        PRIMARY KEY,
        body         jsonb       NOT NULL,
        generated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE daily_briefings`);
  }
}
