import { MigrationInterface, QueryRunner } from 'typeorm';

/** 案件编号: human-readable case numbers (ZQ2026-000123) from a sequence; gaps are harmless. */
export class CreateCaseNumbers1732300200000 implements MigrationInterface {
  name = 'CreateCaseNumbers1732300200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE case_no_seq`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SEQUENCE case_no_seq`);
  }
}
