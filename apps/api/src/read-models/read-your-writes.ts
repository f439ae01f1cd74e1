import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader, ApiPropertyOptional } from '@nestjs/swagger';
import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { IsOptional, Matches } from 'class-validator';
import { InvalidInput } from '@zhuqi/platform';
import { ProjectionsRunner, READ_YOUR_WRITES_TIMEOUT_MS } from '@zhuqi/read-models';
import type { Request, Response } from 'express';
import { from, Observable, switchMap } from 'rxjs';

const POSITION = /^[1-9][0-9]{0,15}$/;
const MESSAGE = "must be a positive integer (a command's position)";

/**
 * `?position=` or `X-Min-Position`: the position a command answered. Invalid → 400 naming whichever
 * was sent (the query parameter wins when both are).
 */
export function requestedPosition(query: unknown, header: string | undefined): number | undefined {
  const field = query !== undefined ? 'position' : 'X-Min-Position';
  const raw = query ?? header;
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !POSITION.test(raw)) throw new InvalidInput(field, `${field} ${MESSAGE}`);
  return Number(raw);
}

/** The `position` query parameter, for the DTOs of reads that wait for it (unknown fields are refused). */
export class ReadPosition {
  @ApiPropertyOptional({ description: "a command's answered `position`: wait (up to 2 s) until the read models have it" })
  @IsOptional() @Matches(POSITION, { message: `position ${MESSAGE}` })
  position?: string;
}

const READS = 'zhuqi:reads-projections';

/** The projections a route waits for on `?position=` (its `@ReadsProjections`), or none. */
export function projectionsReadBy(reflector: Reflector, handler: object, controller: object): readonly string[] {
  return reflector.getAllAndOverride<string[]>(READS, [handler as never, controller as never]) ?? [];
}

/**
 * Read your writes for a read over projections: with `?position=` / `X-Min-Position` the handler runs once
 * every projection it names has applied that position, or after 2 s; the answer then carries
 * `X-Read-Model-Position` (the lowest of their checkpoints) and, when they had not got there,
 * `X-Read-Model-Behind: true`. The same wait GET /api/cases/:id does (ProjectionsRunner.waitFor).
 */
export const ReadsProjections = (...names: string[]) =>
  applyDecorators(
    SetMetadata(READS, names),
    UseInterceptors(ReadYourWritesInterceptor),
    ApiHeader({ name: 'X-Min-Position', required: false, description: "a command's `position`: wait until the read models have it" }),
  );

@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  constructor(
    private readonly runner: ProjectionsRunner,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const position = requestedPosition(req.query.position, req.header('x-min-position'));
    const names = projectionsReadBy(this.reflector, context.getHandler(), context.getClass());
    if (position === undefined || names.length === 0) return next.handle();
    return from(this.runner.waitFor(names, position, READ_YOUR_WRITES_TIMEOUT_MS)).pipe(
      switchMap((progress) => {
        res.setHeader('X-Read-Model-Position', String(progress.checkpoint));
        if (!progress.reached) res.setHeader('X-Read-Model-Behind', 'true');
        return next.handle();
      }),
    );
  }
}
