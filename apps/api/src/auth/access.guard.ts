import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { SessionStore } from '@zhuqi/accounts';
import type { StaffRole } from '@zhuqi/reference-data';
import type { ApiRequest } from '../http/request-context';
import { ACCESS_PUBLIC, ACCESS_ROLES } from './access.decorators';
import { AccessDenied, Unauthenticated } from './auth.errors';
import { TokenService } from './token.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a route declares: public, or the roles that may call it; `undefined` when it declares nothing. */
export function accessOf(reflector: Reflector, handler: object, controller: object): { public: true } | { roles: readonly StaffRole[] } | undefined {
  for (const target of [handler, controller]) {
    if (reflector.get<boolean>(ACCESS_PUBLIC, target as never)) return { public: true };
    const roles = reflector.get<StaffRole[] | undefined>(ACCESS_ROLES, target as never);
    if (roles) return { roles };
  }
  return undefined;
}

/**
 * Deny by default: a route answers only if it declares its callers (`@Public()` or `@Roles(...)`). For a
 * `@Roles` route the request needs a valid access token whose session is still open and whose account is
 * still active (one indexed read, so logout, a disabled account or a changed role apply at once), and the
 * account's role among those named: 401 without a valid login, 403 for another role. A route without a
 * declaration answers 401/403 to everyone.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('access');
  private readonly warned = new Set<string>();

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly sessions: SessionStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = accessOf(this.reflector, context.getHandler(), context.getClass());
    if (access && 'public' in access) return true;
    if (!access) this.warnUndeclared(context);
    const req = context.switchToHttp().getRequest<ApiRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    try {
      req.account = await this.authenticate(req);
    } catch (error) {
      res.setHeader('WWW-Authenticate', error instanceof Unauthenticated && error.code !== 'UNAUTHENTICATED' ? 'Bearer error="invalid_token"' : 'Bearer');
      throw error;
    }
    const roles = access?.roles ?? [];
    if (!roles.includes(req.account.role)) {
      throw new AccessDenied('ROLE_NOT_ALLOWED', `A ${req.account.role} may not ${req.method} ${req.route?.path ?? req.path}`, { role: req.account.role });
    }
    return true;
  }

  private async authenticate(req: ApiRequest) {
    const header = req.header('authorization');
    if (!header) throw new Unauthenticated('UNAUTHENTICATED', 'Log in first (POST /api/auth/login) and send Authorization: Bearer <accessToken>');
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(header);
    if (!match) throw new Unauthenticated('INVALID_TOKEN', 'The Authorization header must be "Bearer <accessToken>"');
    const claims = await this.tokens.verify(match[1]);
    if (!UUID.test(claims.sid)) throw new Unauthenticated('INVALID_TOKEN', 'The access token is not valid');
    const account = await this.sessions.sessionAccount(claims.sid);
    if (!account || account.id !== claims.sub) throw new Unauthenticated('SESSION_ENDED', 'This login has ended (logged out, revoked or the account disabled): log in again');
    return account;
  }

  private warnUndeclared(context: ExecutionContext): void {
    const name = `${context.getClass().name}.${context.getHandler().name}`;
    if (this.warned.has(name)) return;
    this.warned.add(name);
    this.logger.error(`${name} declares no @Public() or @Roles(...): it is refused to everyone`);
  }
}
