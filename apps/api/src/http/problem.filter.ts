import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError } from '@zhuqi/platform';
import type { Request, Response } from 'express';

/** RFC 9457 problem details: the one error body of the whole API. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: Array<{ field: string; message: string }>;
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}): Problem {
  return {
    type: `https://zhuqi.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...extra,
  };
}

/** Maps domain errors, Nest's HTTP errors and anything unexpected to a problem body; never leaks a stack. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    const body = this.toProblem(exception);
    body.instance = req.originalUrl;
    if (body.status >= 500) {
      this.logger.error(`${req.method} ${req.originalUrl} failed`, exception instanceof Error ? exception.stack : String(exception));
    }
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private toProblem(exception: unknown): Problem {
    if (exception instanceof DomainError) {
      return problem(exception.httpStatus, exception.code, exception.message, exception.extra);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'object' && response !== null && 'message' in response
          ? String(Array.isArray(response.message) ? response.message.join('; ') : response.message)
          : exception.message;
      // Nest turns body-parser's SyntaxError into a bare BadRequestException carrying JSON.parse's message;
      // that message quotes the body (a password, say), so it is not repeated.
      if (status === 400 && /JSON/.test(message)) {
        return problem(400, 'MALFORMED_JSON', 'The request body is not valid JSON');
      }
      return problem(status, codeForStatus(status, exception), message);
    }
    // body-parser errors (malformed JSON, too large) carry a status and a type
    if (isBodyParserError(exception)) {
      const status = exception.status;
      const code = exception.type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : exception.type === 'entity.parse.failed' ? 'MALFORMED_JSON' : 'BAD_REQUEST';
      const detail = code === 'MALFORMED_JSON' ? 'The request body is not valid JSON' : exception.message;
      return problem(status, code, detail);
    }
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, 'INTERNAL', 'An unexpected error occurred; it has been logged');
  }
}

function codeForStatus(status: number, exception: HttpException): string {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 404:
      return 'NOT_FOUND';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 429:
      return 'TOO_MANY_REQUESTS';
    default:
      return exception.name.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase() || 'ERROR';
  }
}

function isBodyParserError(e: unknown): e is { status: number; type: string; message: string } {
  return typeof e === 'object' && e !== null && typeof (e as { status?: unknown }).status === 'number' && typeof (e as { type?: unknown }).type === 'string';
}
