import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { DomainError } from '@zhuqi/platform';
import type { Response } from 'express';

/** 429 in the one problem format, with Retry-After (seconds). */
export class TooManyRequests extends DomainError {
  readonly code = 'TOO_MANY_REQUESTS';
  readonly httpStatus = 429;
}

const LOGIN_LIMITED = 'zhuqi:rate-limit:login';

/** The stricter per-address limit of login attempts (LOGIN_RATE_LIMIT per window). */
export const LoginRateLimited = () => SetMetadata(LOGIN_LIMITED, true);

export const isLoginLimited = (context: ExecutionContext): boolean => Reflect.getMetadata(LOGIN_LIMITED, context.getHandler()) === true;

/** Shared by the two guards: only the named throttlers, and the one error format. */
abstract class NamedThrottlerGuard extends ThrottlerGuard {
  protected abstract readonly names: readonly string[];

  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.throttlers = this.throttlers.filter((t) => this.names.includes(t.name ?? 'default'));
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    throw new TooManyRequests(`Too many requests: try again in ${retryAfter} s`, { retryAfter });
  }
}

/** Runs before authentication: per client address (every route) and per address on login. */
@Injectable()
export class AddressRateLimitGuard extends NamedThrottlerGuard {
  protected readonly names = ['address', 'login'];
}

/** Runs after authentication: per logged-in account. */
@Injectable()
export class AccountRateLimitGuard extends NamedThrottlerGuard {
  protected readonly names = ['account'];
}
