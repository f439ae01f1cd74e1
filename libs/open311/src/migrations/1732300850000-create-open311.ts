import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Open311 GeoReport v2: the api keys issued to partner systems and enterprises (only a SHA-256 of each key
 * is stored) and the link from each case posted through Open311 to the key that posted it (its token is the
 * case number).
 */
export class CreateOpen3111732300850000 implements MigrationInterface {
  name = 'CreateOpen3111732300850000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE open311_api_keys (
        id            uuid        PRIMARY KEY,
        name          text        NOT NULL UNIQUE,
        kind          text        NOT NULL CHECK (kind IN ('partner', 'enterprise')),
        enterprise_id uuid        REFERENCES enterprises (id),
        key_hash      text        NOT NULL UNIQUE,
        key_prefix    text        NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        created_by    text        NOT NULL,
        revoked_at    timestamptz,
        revoked_by    text,
        CONSTRAINT open311_api_keys_enterprise CHECK ((kind = 'enterprise') = (enterprise_id IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE open311_requests (
        case_id       uuid        PRIMARY KEY,
        case_no       text        NOT NULL UNIQUE,
        api_key_id    uuid        NOT NULL REFERENCES open311_api_keys (id),
        enterprise_id uuid        NOT NULL,
        device_id     text,
        account_id    text,
        submitted_at  timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX open311_requests_api_key ON open311_requests (api_key_id, submitted_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE open311_requests, open311_api_keys`);
  }
}
