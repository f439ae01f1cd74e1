import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { CaseCommandMeta } from '@zhuqi/cases';
import { InvalidInput } from '@zhuqi/platform';
import { authorizeCaseCommand, CaseActionKind } from '../auth/case-access';
import type { ApiRequest } from './request-context';

const VERSION_TAG = /^(?:W\/)?"?(\d{1,9})"?$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,200}$/;

/**
 * The command's metadata from the request: the acting account (the access token's username), correlation
 * id (X-Correlation-Id, echoed back), If-Match version, Idempotency-Key, and the access check of the case
 * (`scoped` by default; `lead` for what only the lead department's handler may do).
 */
export const CommandMeta = createParamDecorator((kind: CaseActionKind | undefined, context: ExecutionContext): CaseCommandMeta & { idempotencyKey?: string } => {
  const req = context.switchToHttp().getRequest<ApiRequest>();
  const res = context.switchToHttp().getResponse<Response>();
  const correlationId = req.correlationId ?? randomUUID();
  res.setHeader('X-Correlation-Id', correlationId);

  const ifMatch = req.header('if-match');
  let expectedVersion: number | undefined;
  if (ifMatch !== undefined) {
    const match = VERSION_TAG.exec(ifMatch.trim());
    if (!match) throw new InvalidInput('If-Match', 'If-Match must be the case version, e.g. "3"');
    expectedVersion = Number(match[1]);
  }
  const idempotencyKey = req.header('idempotency-key');
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new InvalidInput('Idempotency-Key', 'Idempotency-Key must be 1–200 visible ASCII characters');
  }
  const account = req.account;
  return {
    actor: account?.username ?? 'anonymous',
    correlationId,
    causationId: null,
    expectedVersion,
    idempotencyKey,
    ...(account ? { authorize: authorizeCaseCommand(account, kind ?? 'scoped') } : {}),
  };
});
