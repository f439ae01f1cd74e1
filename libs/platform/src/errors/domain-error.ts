/**
 * A failure the user can act on. Each subclass names a stable `code` (for clients) and the HTTP
 * status the API maps it to; `detail` is the human sentence; `extra` is merged into the error body.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly httpStatus: number;
  readonly extra: Record<string, unknown>;

  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.extra = extra;
  }
}

/** 400: the input is wrong; `field` names the offending field (dot path). */
export class InvalidInput extends DomainError {
  readonly code = 'INVALID_INPUT';
  readonly httpStatus = 400;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message, { errors: [{ field, message }] });
  }
}

/** 404: the thing named does not exist (or the caller may not know it exists). */
export class NotFound extends DomainError {
  readonly code = 'NOT_FOUND';
  readonly httpStatus = 404;
}
