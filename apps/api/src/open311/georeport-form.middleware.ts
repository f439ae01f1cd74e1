import { Injectable, NestMiddleware } from '@nestjs/common';
import { urlencoded } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { errorDocument, formatOfPath, send } from './georeport-format';

/** POST bodies are small forms: a description of 4,000 characters is 36 KB percent-encoded. */
export const FORM_LIMIT = '64kb';
const FORM_PARAMETERS = 100;

/**
 * Parses application/x-www-form-urlencoded POST bodies of the Open311 routes only (the rest of the API
 * takes JSON). Flat keys (`attribute[code]` stays one key; a repeated key becomes a list), so the handler
 * sees exactly what the client sent. A body it cannot read is answered in the GeoReport error format.
 */
@Injectable()
export class GeoReportFormMiddleware implements NestMiddleware {
  private readonly parse = urlencoded({ extended: false, limit: FORM_LIMIT, parameterLimit: FORM_PARAMETERS });

  use(req: Request, res: Response, next: NextFunction): void {
    if (req.method !== 'POST') return next();
    this.parse(req, res, (error?: unknown) => {
      if (!error) return next();
      const { status: raw, type } = error as { status?: number; type?: string };
      const status = raw === 413 ? 413 : 400;
      const description =
        type === 'entity.too.large'
          ? `The form is larger than ${FORM_LIMIT}`
          : type === 'parameters.too.many'
            ? `The form has more than ${FORM_PARAMETERS} fields`
            : type === 'charset.unsupported' || type === 'encoding.unsupported'
              ? 'The form must be UTF-8'
              : 'The form could not be read as application/x-www-form-urlencoded';
      send(res, status, formatOfPath(req.path), errorDocument(status, [description]));
    });
  }
}
