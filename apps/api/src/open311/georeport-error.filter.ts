import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError } from '@zhuqi/platform';
import type { Request, Response } from 'express';
import { GeoReportError } from './georeport-errors';
import { errorDocument, formatOfPath, send } from './georeport-format';

/**
 * Every failure of the Open311 routes in the specification's error format, in the format the URL asked
 * for (RFC 9457 problem details stay for /api). 404 for what does not exist, 403 for the api_key, 400 for
 * any other refusal; an unexpected failure is logged and answered 500 without details.
 */
@Catch()
export class GeoReportErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('open311');

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const { status, descriptions } = this.describe(exception, req);
    send(res, status, formatOfPath(req.path), errorDocument(status, descriptions));
  }

  private describe(exception: unknown, req: Request): { status: number; descriptions: string[] } {
    if (exception instanceof GeoReportError) return { status: exception.status, descriptions: exception.descriptions };
    if (exception instanceof DomainError && exception.httpStatus < 500) {
      return { status: georeportStatus(exception.httpStatus), descriptions: [exception.message] };
    }
    const status = exception instanceof HttpException ? exception.getStatus() : httpStatusOf(exception);
    if (status === 404) return { status, descriptions: [`${req.method} ${req.path} is not a GeoReport v2 resource (see /open311/discovery.xml)`] };
    if (status !== undefined && status < 500) {
      // Failures before a route ran: the API's JSON parser (a JSON body sent here), a body too large.
      const description = status === 413 ? 'The request body is too large' : exception instanceof HttpException && !/JSON/.test(exception.message) ? exception.message : 'The request could not be read: POST requests takes an application/x-www-form-urlencoded form';
      return { status: georeportStatus(status), descriptions: [description] };
    }
    this.logger.error(`${req.method} ${req.path} failed`, exception instanceof Error ? exception.stack : String(exception));
    return { status: 500, descriptions: ['The Open311 service failed unexpectedly; it has been logged'] };
  }
}

function httpStatusOf(exception: unknown): number | undefined {
  const status = (exception as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

/**
 * The specification's statuses: 404 and 403 as they are, any other refusal 400 — except HTTP's own signals
 * a client must act on differently: 413 (send less) and 429 (a rate limit: wait).
 */
function georeportStatus(status: number): number {
  return [403, 404, 413, 429].includes(status) ? status : 400;
}

/**
 * The API's global filter: failures under /open311 (an unknown resource, a body the JSON parser refused
 * before any route ran) in the GeoReport format, everything else to the API's own filter (problem details).
 */
export function withGeoReportErrors(apiFilter: ExceptionFilter): ExceptionFilter {
  const georeport = new GeoReportErrorFilter();
  return {
    catch(exception: unknown, host: ArgumentsHost): void {
      const req = host.switchToHttp().getRequest<Request>();
      const filter = req.path === '/open311' || req.path.startsWith('/open311/') ? georeport : apiFilter;
      filter.catch(exception, host);
    },
  };
}
