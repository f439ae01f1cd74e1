import { Injectable, Logger } from '@nestjs/common';
import { JwtModuleOptions, JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import type { AuthenticatedAccount } from '@zhuqi/accounts';
import { EnvConfig } from '@zhuqi/platform';
import { Unauthenticated } from './auth.errors';

const ISSUER = 'zhuqi';
const AUDIENCE = 'zhuqi-api';

/** What an access token says: the account (`sub`), its session (`sid`, so logout ends it at once) and role. */
export interface AccessClaims {
  sub: string;
  sid: string;
  username: string;
  role: string;
}

/**
 * HS256 with the key from JWT_SECRET. Without one (never in production: the configuration refuses to
 * boot) the process makes an ephemeral key and says so: tokens then die with the process.
 */
export function jwtOptions(config: EnvConfig): JwtModuleOptions {
  let secret = config.JWT_SECRET;
  if (!secret) {
    secret = randomBytes(48).toString('base64');
    new Logger('auth').warn('JWT_SECRET is not set: signing tokens with an ephemeral key (logins end when this process stops; set JWT_SECRET for anything but a demo)');
  }
  return {
    secret,
    signOptions: { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE, expiresIn: config.ACCESS_TOKEN_TTL_SECONDS },
    verifyOptions: { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE },
  };
}

@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: EnvConfig,
  ) {}

  /** A short-lived access token for the account's session. */
  async accessToken(account: AuthenticatedAccount): Promise<{ accessToken: string; expiresIn: number }> {
    const claims: AccessClaims = { sub: account.id, sid: account.sessionId, username: account.username, role: account.role };
    return { accessToken: await this.jwt.signAsync(claims), expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS };
  }

  /** The claims of a well-signed, unexpired token of ours; 401 otherwise (the reason, never the token). */
  async verify(token: string): Promise<AccessClaims> {
    let claims: Partial<AccessClaims>;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token);
    } catch (error) {
      if ((error as Error).name === 'TokenExpiredError') throw new Unauthenticated('TOKEN_EXPIRED', 'The access token has expired: refresh it (POST /api/auth/refresh) or log in again');
      throw new Unauthenticated('INVALID_TOKEN', 'The access token is not valid');
    }
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') throw new Unauthenticated('INVALID_TOKEN', 'The access token is not valid');
    return claims as AccessClaims;
  }
}
