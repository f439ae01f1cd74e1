import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedAccount, RequestOrigin } from '@zhuqi/accounts';
import { EmptyRequest } from '../cases/case-requests';
import { Origin } from '../http/request-context';
import { UnmaskedPhones } from '../http/phone-masking.interceptor';
import { LoginRateLimited } from '../rate-limit/rate-limit.guard';
import { Public, Roles } from './access.decorators';
import { AuthService, TokenPair } from './auth.service';
import { CurrentAccount } from './current-account.decorator';
import { LoginRequest, RefreshRequest } from './auth-requests';
import { ANY_STAFF } from './roles';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Username + password → a short-lived access token and a refresh token (rate-limited per address, audited). */
  @Post('auth/login')
  @Public()
  @LoginRateLimited()
  @HttpCode(200)
  login(@Body() body: LoginRequest, @Origin() origin: RequestOrigin): Promise<TokenPair> {
    return this.auth.login(body.username, body.password, origin);
  }

  /** A refresh token → a new pair; the old refresh token is spent (presenting it again ends the login). */
  @Post('auth/refresh')
  @Public()
  @LoginRateLimited()
  @HttpCode(200)
  refresh(@Body() body: RefreshRequest, @Origin() origin: RequestOrigin): Promise<TokenPair> {
    return this.auth.refresh(body.refreshToken, origin);
  }

  /** Ends this login: its refresh token and every access token of it stop working at once. */
  @Post('auth/logout')
  @Roles(...ANY_STAFF)
  @ApiBearerAuth()
  @HttpCode(204)
  async logout(@Body() _body: EmptyRequest, @CurrentAccount() account: AuthenticatedAccount, @Origin() origin: RequestOrigin): Promise<void> {
    await this.auth.logout(account, origin);
  }

  /** Who is logged in: role, department (handlers), grids (grid workers). */
  @Get('me')
  @Roles(...ANY_STAFF)
  @ApiBearerAuth()
  @UnmaskedPhones()
  me(@CurrentAccount() account: AuthenticatedAccount) {
    const { sessionId: _session, active: _active, ...me } = account;
    return me;
  }
}
