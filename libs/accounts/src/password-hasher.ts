import { hash, verify } from '@node-rs/argon2';

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): ~30–50 ms per hash on the development machine. */
const ARGON2ID = { algorithm: 2 /* Algorithm.Argon2id (a const enum the compiler cannot inline here) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 10;
/** argon2 takes any length; the cap keeps one request from costing more than a normal login. */
export const PASSWORD_MAX_LENGTH = 256;

/** Passwords are stored only as argon2id PHC strings (`$argon2id$v=19$m=…`). */
export class PasswordHasher {
  /** Verified against when the username is unknown, so that a miss costs as much time as a wrong password. */
  private dummy?: Promise<string>;

  hash(password: string): Promise<string> {
    return hash(password, ARGON2ID);
  }

  async verify(storedHash: string | null | undefined, password: string): Promise<boolean> {
    if (!storedHash) {
      this.dummy ??= this.hash('zhuqi-no-such-account');
      await verify(await this.dummy, password).catch(() => false);
      return false;
    }
    return verify(storedHash, password).catch(() => false);
  }
}

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `password must have at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `password must have at most ${PASSWORD_MAX_LENGTH} characters`;
  return null;
}
