import { createInterface } from 'node:readline';
import { Pool } from 'pg';
import { AccountStore } from './account-store';
import { PasswordHasher, passwordProblem } from './password-hasher';
import { SecurityAudit } from './security-audit';
import { inTransaction } from './transaction';

const USAGE = `usage: npm run accounts:create-admin -- --username <name> [--name <显示名>] [--phone <phone>]
  The password comes from ADMIN_PASSWORD, or else from the first line of standard input:
    ADMIN_PASSWORD='…' npm run accounts:create-admin -- --username alice
    printf '%s\\n' "$PASSWORD" | npm run accounts:create-admin -- --username alice`;

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('password (input is shown; prefer ADMIN_PASSWORD or a pipe): ');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

/** Creates an admin account: the first one of a real deployment, where no default password exists. */
export async function createAdmin(args: string[]): Promise<number> {
  const username = option(args, 'username');
  if (!username || !/^[A-Za-z0-9._-]{2,64}$/.test(username)) {
    process.stderr.write(`${USAGE}\n--username must be 2–64 letters, digits, . _ or -\n`);
    return 2;
  }
  if (!process.env.DATABASE_URL) {
    process.stderr.write('DATABASE_URL is not set\n');
    return 2;
  }
  const password = await readPassword();
  const problem = passwordProblem(password);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    return 2;
  }
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 1, application_name: 'zhuqi-accounts' });
  try {
    const accounts = new AccountStore(pool, new PasswordHasher());
    if (await accounts.usernameTaken(username)) {
      process.stderr.write(`an account named "${username}" exists already; an admin resets its password (POST /api/accounts/:id/password)\n`);
      return 1;
    }
    const id = await inTransaction(pool, async (client) => {
      const created = await accounts.create(client, { username, name: option(args, 'name') ?? username, role: 'admin', departmentCode: null, gridCodes: [], phone: option(args, 'phone') ?? '', password });
      await new SecurityAudit(pool).record(
        { action: 'account.create', outcome: 'ok', actor: 'cli:create-admin', subject: username, origin: { address: null, userAgent: null, correlationId: null }, detail: { role: 'admin' } },
        client,
      );
      return created;
    });
    process.stdout.write(`admin account "${username}" created (${id}); log in with POST /api/auth/login\n`);
    return 0;
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  createAdmin(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`create-admin failed: ${error.message}\n`);
      process.exit(1);
    },
  );
}
