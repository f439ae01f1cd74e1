import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { AccountStore, AuthenticatedAccount, inTransaction, IssuedRefreshToken, PasswordHasher, RequestOrigin, SecurityAudit, SessionStore } from '@zhuqi/accounts';
import { Clock, EnvConfig } from '@zhuqi/platform';
import { Unauthenticated } from './auth.errors';
import { TokenService } from './token.service';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds the access token lives. */
  expiresIn: number;
  refreshExpiresAt: string;
}

/** The same answer for an unknown name, a wrong password and a locked account: nothing to learn from it. */
const BAD_CREDENTIALS = 'Wrong username or password, or the account is locked after repeated failures (try again later)';

/**
 * Login, refresh and logout. Every attempt is audited (username tried, outcome, address, user agent,
 * correlation id; never the password). LOGIN_MAX_FAILURES consecutive wrong passwords lock the account for
 * LOGIN_LOCK_SECONDS; while locked even the right password is refused. An unknown username costs the same
 * argon2 verification as a known one.
 */
@Injectable()
export class AuthService {
  constructor(
    @Inject(Pool) private readonly pool: Pool,
    private readonly accounts: AccountStore,
    private readonly sessions: SessionStore,
    private readonly hasher: PasswordHasher,
    private readonly audit: SecurityAudit,
    private readonly tokens: TokenService,
    private readonly config: EnvConfig,
    private readonly clock: Clock,
  ) {}

  async login(username: string, password: string, origin: RequestOrigin): Promise<TokenPair> {
    const record = await this.accounts.forLogin(username);
    const refuse = async (outcome: string): Promise<never> => {
      await this.audit.record({ action: 'login', outcome, actor: null, subject: username, origin });
      throw new Unauthenticated('INVALID_CREDENTIALS', BAD_CREDENTIALS);
    };
    if (!record?.passwordHash) {
      await this.hasher.verify(null, password);
      return refuse(record ? 'no_password' : 'unknown_account');
    }
    if (record.lockedUntil && record.lockedUntil > this.clock.now()) {
      await this.hasher.verify(null, password);
      return refuse('locked');
    }
    if (!(await this.hasher.verify(record.passwordHash, password))) {
      const { locked } = await this.accounts.recordFailedLogin(record.account.id, this.config.LOGIN_MAX_FAILURES, this.config.LOGIN_LOCK_SECONDS);
      return refuse(locked ? 'bad_password_now_locked' : 'bad_password');
    }
    if (!record.account.active) return refuse('disabled');
    const { sessionId, refresh } = await inTransaction(this.pool, async (client) => {
      await this.accounts.recordSuccessfulLogin(record.account.id, client);
      const opened = await this.sessions.open(client, record.account.id, origin, this.config.REFRESH_TOKEN_TTL_SECONDS);
      await this.audit.record({ action: 'login', outcome: 'ok', actor: record.account.username, subject: record.account.username, origin, detail: { sessionId: opened.sessionId } }, client);
      return opened;
    });
    return this.pair({ ...record.account, sessionId }, refresh);
  }

  /** Rotates the refresh token; a spent one presented again ends the whole session (someone copied it). */
  async refresh(refreshToken: string, origin: RequestOrigin): Promise<TokenPair> {
    const result = await this.sessions.rotate(refreshToken, this.config.REFRESH_TOKEN_TTL_SECONDS);
    if (result.kind === 'ok') {
      await this.audit.record({ action: 'refresh', outcome: 'ok', actor: result.account.username, subject: result.account.username, origin, detail: { sessionId: result.account.sessionId } });
      return this.pair(result.account, result.refresh);
    }
    const username = result.kind === 'invalid' ? null : result.username;
    await this.audit.record({ action: 'refresh', outcome: result.kind, actor: null, subject: username, origin, detail: result.kind === 'reused' ? { sessionId: result.sessionId } : {} });
    if (result.kind === 'reused') {
      throw new Unauthenticated('REFRESH_TOKEN_REUSED', 'This refresh token was already used: the login it belongs to has been ended for safety; log in again');
    }
    throw new Unauthenticated('INVALID_REFRESH_TOKEN', 'The refresh token is not valid (expired, revoked or unknown): log in again');
  }

  async logout(account: AuthenticatedAccount, origin: RequestOrigin): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await this.sessions.revoke(account.sessionId, 'logout', client);
      await this.audit.record({ action: 'logout', outcome: 'ok', actor: account.username, subject: account.username, origin, detail: { sessionId: account.sessionId } }, client);
    });
  }

  private async pair(account: AuthenticatedAccount, refresh: IssuedRefreshToken): Promise<TokenPair> {
    const { accessToken, expiresIn } = await this.tokens.accessToken(account);
    return { accessToken, refreshToken: refresh.token, tokenType: 'Bearer', expiresIn, refreshExpiresAt: refresh.expiresAt.toISOString() };
  }
}
