import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { CaseCommandMeta } from '@zhuqi/cases';
import { InvalidInput } from '@zhuqi/platform';

const VERSION_TAG = /^(?:W\/)?"?(\d{1,9})"?$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,200}$/;
const ACTOR = /^[A-Za-z0-9._:@-]{1,64}$/;

/**
 * The command's metadata from the request: acting account (X-Actor until accounts exist), correlation id
 * (X-Correlation-Id, echoed back), If-Match version and Idempotency-Key.
 */
export const CommandMeta = createParamDecorator((_: unknown, context: ExecutionContext): CaseCommandMeta & { idempotencyKey?: string } => {
  const req = context.switchToHttp().getRequest<Request>();
  const res = context.switchToHttp().getResponse<Response>();
  const correlation = req.header('x-correlation-id');
  const correlationId = correlation && /^[\w.:-]{1,100}$/.test(correlation) ? correlation : randomUUID();
  res.setHeader('X-Correlation-Id', correlationId);

  const actorHeader = req.header('x-actor');
  if (actorHeader !== undefined && !ACTOR.test(actorHeader)) {
    throw new InvalidInput('X-Actor', 'X-Actor must be an account name (letters, digits, . _ : @ -)');
  }
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
  return { actor: actorHeader ?? 'anonymous', correlationId, causationId: null, expectedVersion, idempotencyKey };
});
