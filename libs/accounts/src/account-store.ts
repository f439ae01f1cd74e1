import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import type { Account, AccountSummary } from './account.types';
import { PasswordHasher } from './password-hasher';

const ACCOUNT_COLUMNS = `s.id, s.username, s.name, s.role, s.department_code AS "departmentCode", s.grid_codes AS "gridCodes", s.phone, s.active`;

export interface LoginRecord {
  account: Account;
  passwordHash: string | null;
  lockedUntil: Date | null;
}

/** A new staff member with their first password. */
export type NewAccount = Omit<Account, 'id' | 'active'> & { password: string };

/** Staff accounts: the `staff` row (who, role, binding) and its `accounts` row (password hash, lockout). */
@Injectable()
export class AccountStore {
  constructor(
    @Inject(Pool) private readonly pool: Pool,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Usernames are compared as typed, except for case: `Admin` logs in as `admin`. */
  async forLogin(username: string): Promise<LoginRecord | undefined> {
    const { rows } = await this.pool.query(
      `SELECT ${ACCOUNT_COLUMNS}, a.password_hash, a.locked_until
       FROM staff s LEFT JOIN accounts a ON a.staff_id = s.id WHERE lower(s.username) = lower($1)`,
      [username],
    );
    const row = rows[0];
    if (!row) return undefined;
    const { password_hash, locked_until, ...account } = row;
    return { account: account as Account, passwordHash: password_hash ?? null, lockedUntil: locked_until ?? null };
  }

  /**
   * Counts a failed login; the `maxFailures`-th consecutive one locks the account for `lockSeconds` (and
   * starts the count afresh, so that after the lock the same number of tries locks it again).
   */
  async recordFailedLogin(staffId: string, maxFailures: number, lockSeconds: number): Promise<{ locked: boolean }> {
    const { rows } = await this.pool.query<{ locked: boolean }>(
      `UPDATE accounts SET
         failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
         locked_until  = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(secs => $3) ELSE locked_until END
       WHERE staff_id = $1
       RETURNING locked_until > now() AS locked`,
      [staffId, maxFailures, lockSeconds],
    );
    return { locked: rows[0]?.locked === true };
  }

  async recordSuccessfulLogin(staffId: string, client: Pool | PoolClient = this.pool): Promise<void> {
    await client.query(`UPDATE accounts SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE staff_id = $1`, [staffId]);
  }

  async byId(id: string): Promise<Account | undefined> {
    const { rows } = await this.pool.query<Account>(`SELECT ${ACCOUNT_COLUMNS} FROM staff s WHERE s.id = $1`, [id]);
    return rows[0];
  }

  async list(): Promise<AccountSummary[]> {
    const { rows } = await this.pool.query<AccountSummary>(
      `SELECT ${ACCOUNT_COLUMNS}, a.staff_id IS NOT NULL AS "hasPassword",
              CASE WHEN a.locked_until > now() THEN a.locked_until END AS "lockedUntil", a.last_login_at AS "lastLoginAt"
       FROM staff s LEFT JOIN accounts a ON a.staff_id = s.id ORDER BY s.role, s.username`,
    );
    return rows;
  }

  async usernameTaken(username: string): Promise<boolean> {
    const { rows } = await this.pool.query(`SELECT 1 FROM staff WHERE lower(username) = lower($1)`, [username]);
    return rows.length > 0;
  }

  /** Inserts the staff row and its password in the caller's transaction; answers the new account's id. */
  async create(client: PoolClient, input: NewAccount): Promise<string> {
    const id = randomUUID();
    await client.query(
      `INSERT INTO staff (id, username, name, role, department_code, grid_codes, phone) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, input.username, input.name, input.role, input.departmentCode, input.gridCodes, input.phone],
    );
    await client.query(`INSERT INTO accounts (staff_id, password_hash) VALUES ($1, $2)`, [id, await this.hasher.hash(input.password)]);
    return id;
  }

  /** Sets (or first gives) a staff member a password; clears any lockout. */
  async setPassword(client: PoolClient, staffId: string, password: string): Promise<void> {
    const hash = await this.hasher.hash(password);
    await client.query(
      `INSERT INTO accounts (staff_id, password_hash) VALUES ($1, $2)
       ON CONFLICT (staff_id) DO UPDATE SET password_hash = EXCLUDED.password_hash, failed_logins = 0, locked_until = NULL, password_changed_at = now()`,
      [staffId, hash],
    );
  }

  async setActive(client: PoolClient, staffId: string, active: boolean): Promise<boolean> {
    const { rowCount } = await client.query(`UPDATE staff SET active = $2 WHERE id = $1`, [staffId, active]);
    return (rowCount ?? 0) > 0;
  }
}
