import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import type { Account, AuthenticatedAccount, RequestOrigin } from './account.types';
import { inTransaction } from './transaction';

/** `<token id>.<43 base64url characters of secret>`; only the secret's SHA-256 is stored. */
const REFRESH_TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

export interface IssuedRefreshToken {
  token: string;
  expiresAt: Date;
}

export type RotationResult =
  | { kind: 'ok'; account: AuthenticatedAccount; refresh: IssuedRefreshToken }
  /** Not a token we issued (or a forged secret). */
  | { kind: 'invalid' }
  | { kind: 'expired' | 'revoked' | 'disabled'; username: string }
  /** A token already rotated came back: someone holds a copy; the whole session is now revoked. */
  | { kind: 'reused'; username: string; sessionId: string };

const sha256 = (text: string) => createHash('sha256').update(text).digest();

const SESSION_ACCOUNT = `s.id, s.username, s.name, s.role, s.department_code AS "departmentCode", s.grid_codes AS "gridCodes", s.phone, s.active`;

/**
 * Login sessions. A session is one refresh-token family: login opens it, each refresh rotates its token
 * (the old one is spent), logout or a reused token revokes it. Access tokens name their session, and the
 * API refuses them once it is revoked or the account disabled, without waiting for them to expire.
 */
@Injectable()
export class SessionStore {
  constructor(@Inject(Pool) private readonly pool: Pool) {}

  async open(client: PoolClient, staffId: string, origin: RequestOrigin, refreshTtlSeconds: number): Promise<{ sessionId: string; refresh: IssuedRefreshToken }> {
    const sessionId = randomUUID();
    await client.query(`INSERT INTO auth_sessions (id, staff_id, address, user_agent) VALUES ($1, $2, $3, $4)`, [
      sessionId,
      staffId,
      origin.address,
      origin.userAgent?.slice(0, 300) ?? null,
    ]);
    return { sessionId, refresh: await this.issue(client, sessionId, refreshTtlSeconds) };
  }

  /** The live account behind a session: null when the session is revoked or unknown, or the account disabled. */
  async sessionAccount(sessionId: string): Promise<AuthenticatedAccount | null> {
    const { rows } = await this.pool.query<Account>(
      `SELECT ${SESSION_ACCOUNT} FROM auth_sessions x JOIN staff s ON s.id = x.staff_id
       WHERE x.id = $1 AND x.revoked_at IS NULL AND s.active`,
      [sessionId],
    );
    return rows[0] ? { ...rows[0], sessionId } : null;
  }

  /** Spends a refresh token and issues its successor in the same session. */
  async rotate(token: string, refreshTtlSeconds: number): Promise<RotationResult> {
    const parsed = REFRESH_TOKEN.exec(token);
    if (!parsed) return { kind: 'invalid' };
    const [, tokenId, secret] = parsed;
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query(
        `SELECT t.session_id, t.secret_hash, t.expires_at <= now() AS expired, t.rotated_at IS NOT NULL AS rotated,
                x.revoked_at IS NOT NULL AS revoked, ${SESSION_ACCOUNT}
         FROM refresh_tokens t JOIN auth_sessions x ON x.id = t.session_id JOIN staff s ON s.id = x.staff_id
         WHERE t.id = $1 FOR UPDATE OF t, x`,
        [tokenId],
      );
      const row = rows[0];
      if (!row || !timingSafeEqual(row.secret_hash, sha256(secret))) return { kind: 'invalid' };
      const { session_id: sessionId, secret_hash: _hash, expired, rotated, revoked, ...account } = row;
      const username: string = account.username;
      if (revoked) return { kind: 'revoked', username };
      if (rotated) {
        await this.revoke(sessionId, 'refresh-token-reused', client);
        return { kind: 'reused', username, sessionId };
      }
      if (expired) return { kind: 'expired', username };
      if (!account.active) {
        await this.revoke(sessionId, 'account-disabled', client);
        return { kind: 'disabled', username };
      }
      await client.query(`UPDATE refresh_tokens SET rotated_at = now() WHERE id = $1`, [tokenId]);
      await client.query(`UPDATE auth_sessions SET last_refreshed_at = now() WHERE id = $1`, [sessionId]);
      const refresh = await this.issue(client, sessionId, refreshTtlSeconds);
      return { kind: 'ok', account: { ...(account as Account), sessionId }, refresh };
    });
  }

  async revoke(sessionId: string, reason: string, client: Pool | PoolClient = this.pool): Promise<void> {
    await client.query(`UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`, [sessionId, reason]);
  }

  /** Every open session of an account (disabled, password reset). */
  async revokeAllOf(staffId: string, reason: string, client: Pool | PoolClient = this.pool): Promise<number> {
    const { rowCount } = await client.query(`UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE staff_id = $1 AND revoked_at IS NULL`, [
      staffId,
      reason,
    ]);
    return rowCount ?? 0;
  }

  private async issue(client: PoolClient, sessionId: string, ttlSeconds: number): Promise<IssuedRefreshToken> {
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    await client.query(`INSERT INTO refresh_tokens (id, session_id, secret_hash, expires_at) VALUES ($1, $2, $3, $4)`, [id, sessionId, sha256(secret), expiresAt]);
    return { token: `${id}.${secret}`, expiresAt };
  }
}
