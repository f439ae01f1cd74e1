import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AccountsModule } from '@zhuqi/accounts';
import { EnvConfig } from '@zhuqi/platform';
import { PhoneMaskingInterceptor } from '../http/phone-masking.interceptor';
import { AccountRateLimitGuard, AddressRateLimitGuard } from '../rate-limit/rate-limit.guard';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { jwtOptions, TokenService } from './token.service';

/**
 * Login and the global guards, in this order: the per-address rate limit, the access guard (deny by
 * default: `@Public()` or `@Roles(...)` on every route), the per-account rate limit; and phone masking on
 * every answer.
 */
@Module({
  imports: [AccountsModule, JwtModule.registerAsync({ inject: [EnvConfig], useFactory: jwtOptions }), RateLimitModule],
  controllers: [AuthController],
  providers: [
    TokenService,
    AuthService,
    { provide: APP_GUARD, useClass: AddressRateLimitGuard },
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_GUARD, useClass: AccountRateLimitGuard },
    { provide: APP_INTERCEPTOR, useClass: PhoneMaskingInterceptor },
  ],
  exports: [AccountsModule, TokenService],
})
export class AuthModule {}
