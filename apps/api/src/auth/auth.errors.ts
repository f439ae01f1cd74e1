import { DomainError } from '@zhuqi/platform';

/** 401: no valid login behind the request (`WWW-Authenticate: Bearer` is sent with it). */
export class Unauthenticated extends DomainError {
  readonly httpStatus = 401;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** 403: logged in, but this role (or this account) may not do that. */
export class AccessDenied extends DomainError {
  readonly httpStatus = 403;
  constructor(
    readonly code: string,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message, extra);
  }
}
