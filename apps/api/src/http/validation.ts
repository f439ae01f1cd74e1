import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError } from '@zhuqi/platform';

/** 400 listing every invalid field by its dot path, e.g. `assistingDepartmentCodes.1`. */
export class InvalidRequest extends DomainError {
  readonly code = 'INVALID_INPUT';
  readonly httpStatus = 400;
  constructor(readonly errors: Array<{ field: string; message: string }>) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  }
}

function flatten(errors: ValidationError[], parent = ''): Array<{ field: string; message: string }> {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** A request body must be one JSON object: arrays and scalars are refused before field validation. */
class ObjectBodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      if (value !== undefined) throw new InvalidRequest([{ field: 'body', message: 'The request body must be a JSON object' }]);
      value = {};
    }
    return super.transform(value, metadata);
  }
}

/** Unknown fields are refused, not dropped: a typo must not silently lose input. */
export function validationPipe(): ValidationPipe {
  return new ObjectBodyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: false,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InvalidRequest(flatten(errors)),
  });
}
