import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthenticatedAccount } from '@zhuqi/accounts';
import type { ApiRequest } from '../http/request-context';
import { Unauthenticated } from './auth.errors';

/** The logged-in account of a `@Roles(...)` route (the access guard has put it on the request). */
export const CurrentAccount = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedAccount => {
  const account = context.switchToHttp().getRequest<ApiRequest>().account;
  if (!account) throw new Unauthenticated('UNAUTHENTICATED', 'Log in first: send Authorization: Bearer <accessToken>');
  return account;
});
