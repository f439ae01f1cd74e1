import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff logins. A staff member (reference table `staff`: username, role, department, grids) may hold an
 * account: an argon2id password hash and its lockout counters. A login opens a session (the refresh-token
 * family); each refresh rotates the token, and a rotated token presented again revokes the whole session.
 * `security_audit` records logins, refreshes, logouts and every admin change (who, when, from where; never
 * a password or a token).
 */
export class CreateAccounts1732300900000 implements MigrationInterface {
  name = 'CreateAccounts1732300900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE accounts (
        staff_id            uuid        PRIMARY KEY REFERENCES staff (id) ON DELETE CASCADE,
        password_hash       text        NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
        failed_logins       integer     NOT NULL DEFAULT 0,
        locked_until        timestamptz,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        last_login_at       timestamptz
      )`);
    await q.query(`
      CREATE TABLE auth_sessions (
        id                uuid        PRIMARY KEY,
        staff_id          uuid        NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
        created_at        timestamptz NOT NULL DEFAULT now(),
        last_refreshed_at timestamptz,
        revoked_at        timestamptz,
        revoked_reason    text,
        address           text,
        user_agent        text
      )`);
    await q.query(`CREATE INDEX auth_sessions_staff ON auth_sessions (staff_id) WHERE revoked_at IS NULL`);
    await q.query(`
      CREATE TABLE refresh_tokens (
        id          uuid        PRIMARY KEY,
        session_id  uuid        NOT NULL REFERENCES auth_sessions (id) ON DELETE CASCADE,
        secret_hash bytea       NOT NULL,
        issued_at   timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL,
        rotated_at  timestamptz
      )`);
    await q.query(`CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id)`);
    await q.query(`
      CREATE TABLE security_audit (
        id             bigserial   PRIMARY KEY,
        at             timestamptz NOT NULL DEFAULT now(),
        action         text        NOT NULL,
        outcome        text        NOT NULL,
        actor          text,
        subject        text,
        address        text,
        user_agent     text,
        correlation_id text,
        detail         jsonb       NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX security_audit_at ON security_audit (at DESC)`);
    await q.query(`CREATE INDEX security_audit_subject ON security_audit (subject, at DESC)`);
    await q.query(`CREATE INDEX security_audit_correlation ON security_audit (correlation_id) WHERE correlation_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE security_audit, refresh_tokens, auth_sessions, accounts`);
  }
}
