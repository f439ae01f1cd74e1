import { Pool } from 'pg';
import { PasswordHasher } from './password-hasher';

export const DEFAULT_DEMO_PASSWORD = 'zhuqi-demo';

/** The demo logins: one per role, two grid workers, and a handler for each department. */
export async function demoUsernames(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ code: string }>(`SELECT code FROM departments ORDER BY code`);
  return ['admin', 'dispatcher', 'supervisor', 'manager', 'grid01', 'grid02', ...rows.map((r) => `handler-${r.code}`)];
}

/**
 * Gives the demo staff (seeds/reference/staff.json) a password, each with its own salt. Accounts that
 * already have one keep it, so a password changed after the first start survives the next. `everyone`
 * (the tests) gives every staff member without a password one, e.g. the grid workers of every grid.
 */
export async function seedDemoAccounts(target: Pool | string, password = DEFAULT_DEMO_PASSWORD, options: { everyone?: boolean } = {}): Promise<{ created: string[] }> {
  const pool = typeof target === 'string' ? new Pool({ connectionString: target, max: 2, application_name: 'zhuqi-seed' }) : target;
  try {
    const hasher = new PasswordHasher();
    const { rows } = await pool.query<{ id: string; username: string }>(
      `SELECT s.id, s.username FROM staff s WHERE ($2 OR s.username = ANY($1)) AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.staff_id = s.id) ORDER BY s.username`,
      [await demoUsernames(pool), options.everyone === true],
    );
    const created: string[] = [];
    for (const row of rows) {
      const { rowCount } = await pool.query(`INSERT INTO accounts (staff_id, password_hash) VALUES ($1, $2) ON CONFLICT (staff_id) DO NOTHING`, [
        row.id,
        await hasher.hash(password),
      ]);
      if (rowCount) created.push(row.username);
    }
    return { created };
  } finally {
    if (typeof target === 'string') await pool.end();
  }
}
