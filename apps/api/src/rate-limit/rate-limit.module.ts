import { ExecutionContext, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { EnvConfig } from '@zhuqi/platform';
import type { ApiRequest } from '../http/request-context';
import { isLoginLimited } from './rate-limit.guard';
import { RateLimitStorage } from './rate-limit.storage';

@Module({ providers: [RateLimitStorage], exports: [RateLimitStorage] })
class RateLimitStorageModule {}

const accountOf = (context: ExecutionContext) => context.switchToHttp().getRequest<ApiRequest>().account;

/**
 * Rate limits (@nestjs/throttler on Redis), one window of RATE_LIMIT_WINDOW_SECONDS for all:
 * `address` — every request per client address; `login` — login attempts per address;
 * `account` — every request per logged-in account. A counter is one key per address or account
 * (`<prefix>:<name>:<who>`), across all routes and all API processes.
 */
export const RateLimitModule = ThrottlerModule.forRootAsync({
  imports: [RateLimitStorageModule],
  inject: [EnvConfig, RateLimitStorage],
  useFactory: (config: EnvConfig, storage: RateLimitStorage) => {
    const ttl = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
    return {
      storage,
      setHeaders: false,
      generateKey: (_context: ExecutionContext, tracker: string, name: string) => `${config.RATE_LIMIT_PREFIX}:${name}:${tracker}`,
      throttlers: [
        { name: 'address', ttl, limit: config.RATE_LIMIT_PER_ADDRESS },
        { name: 'login', ttl, limit: config.LOGIN_RATE_LIMIT, skipIf: (context: ExecutionContext) => !isLoginLimited(context) },
        {
          name: 'account',
          ttl,
          limit: config.RATE_LIMIT_PER_ACCOUNT,
          skipIf: (context: ExecutionContext) => !accountOf(context),
          getTracker: (_req: Record<string, unknown>, context: ExecutionContext) => accountOf(context)!.id,
        },
      ],
    };
  },
});
