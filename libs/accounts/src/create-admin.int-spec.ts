import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createAdmin } from './create-admin.cli';
import { PasswordHasher } from './password-hasher';

describe('npm run accounts:create-admin (the first admin of a real deployment)', () => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  afterAll(() => pool.end());
  const quiet = () => {
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  };
  afterEach(() => {
    jest.restoreAllMocks();
    delete process.env.ADMIN_PASSWORD;
  });

  it('creates an admin with an argon2id hash of the password from ADMIN_PASSWORD, audited; refuses a short password and a taken name', async () => {
    quiet();
    const username = `first-admin-${randomUUID().slice(0, 8)}`;
    process.env.ADMIN_PASSWORD = 'short';
    expect(await createAdmin(['--username', username])).toBe(2);
    process.env.ADMIN_PASSWORD = 'correct horse battery staple';
    expect(await createAdmin(['--username', username, '--name', '系统管理员'])).toBe(0);
    const { rows } = await pool.query(`SELECT s.role, s.name, a.password_hash FROM staff s JOIN accounts a ON a.staff_id = s.id WHERE s.username = $1`, [username]);
    expect(rows).toEqual([{ role: 'admin', name: '系统管理员', password_hash: expect.stringMatching(/^\$argon2id\$/) }]);
    expect(await new PasswordHasher().verify(rows[0].password_hash, 'correct horse battery staple')).toBe(true);
    const audit = await pool.query(`SELECT actor FROM security_audit WHERE action = 'account.create' AND subject = $1`, [username]);
    expect(audit.rows).toEqual([{ actor: 'cli:create-admin' }]);
    expect(await createAdmin(['--username', username])).toBe(1);
    expect(await createAdmin([])).toBe(2);
  });
});
