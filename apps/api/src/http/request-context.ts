import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { AuthenticatedAccount, RequestOrigin } from '@zhuqi/accounts';

/** What the API attaches to a request: its correlation id and, once the access guard let it in, the account. */
export interface ApiRequest extends Request {
  correlationId?: string;
  account?: AuthenticatedAccount;
}

const CORRELATION_ID = /^[\w.:-]{1,100}$/;

/** Every request gets a correlation id (the client's `X-Correlation-Id` when well formed), echoed back. */
export function correlationIds(req: ApiRequest, res: Response, next: NextFunction): void {
  const given = req.header('x-correlation-id');
  req.correlationId = given && CORRELATION_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Correlation-Id', req.correlationId);
  next();
}

export function originOf(req: ApiRequest): RequestOrigin {
  return { address: req.ip ?? null, userAgent: req.header('user-agent') ?? null, correlationId: req.correlationId ?? null };
}

/** Where the request came from (address, user agent, correlation id), for the security audit. */
export const Origin = createParamDecorator((_: unknown, context: ExecutionContext): RequestOrigin => originOf(context.switchToHttp().getRequest<ApiRequest>()));
