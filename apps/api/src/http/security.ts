import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { EnvConfig } from '@zhuqi/platform';
import { problem } from './problem.filter';

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/**
 * A command's body is JSON or nothing: another media type is refused (415) instead of being read as `{}`.
 * Open311 (/open311) takes forms and answers in its own error format: it judges its content types itself.
 */
export function jsonBodiesOnly(req: Request, res: Response, next: NextFunction): void {
  if (req.path.startsWith('/open311/')) return next();
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !JSON_TYPE.test(req.headers['content-type'] ?? '')) {
    const body = { ...problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json'), instance: req.originalUrl };
    res.status(415).type('application/problem+json').send(JSON.stringify(body));
    return;
  }
  next();
}

/** Express `trust proxy` from TRUST_PROXY: false, a hop count, or the proxies' addresses. */
function trustProxy(value: string): boolean | number | string {
  if (value === 'false' || value === 'true') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/**
 * Security headers (helmet: CSP, HSTS, nosniff, frame-ancestors none, …), CORS for the configured origins
 * only (CORS_ORIGINS; none by default, so browsers on other sites cannot call the API), the client address
 * behind a reverse proxy (TRUST_PROXY), and JSON-only bodies.
 */
export function applySecurity(app: INestApplication): void {
  const config = app.get(EnvConfig);
  const express = app as NestExpressApplication;
  express.set('trust proxy', trustProxy(config.TRUST_PROXY));
  // TLS ends at the reverse proxy: no upgrade-insecure-requests, which would break /api/docs on plain http.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  const origins = config.corsOrigins();
  app.enableCors({
    origin: origins.length ? origins : false,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Correlation-Id', 'X-Min-Position'],
    exposedHeaders: ['ETag', 'Location', 'Retry-After', 'X-Correlation-Id', 'X-Read-Model-Behind', 'X-Read-Model-Position', 'Idempotent-Replayed'],
    maxAge: 600,
  });
  app.use(jsonBodiesOnly);
}
