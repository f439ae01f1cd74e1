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

/** Keys that reach an object's prototype when copied into it (prototype pollution). */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The dot path of the first prototype key in a parsed body, at any depth. */
function prototypeKeyIn(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value !== 'object' || value === null || depth > 32) return undefined;
  for (const key of Object.keys(value)) {
    const field = path ? `${path}.${key}` : key;
    if (PROTOTYPE_KEYS.has(key)) return field;
    const inner = prototypeKeyIn((value as Record<string, unknown>)[key], field, depth + 1);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * A request body must be one JSON object: arrays and scalars are refused before field validation, and so is
 * any `__proto__`, `constructor` or `prototype` key (JSON.parse keeps them as plain keys; copied into an
 * object they would reach its prototype).
 */
class ObjectBodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      if (value !== undefined) throw new InvalidRequest([{ field: 'body', message: 'The request body must be a JSON object' }]);
      value = {};
    }
    if (metadata.type === 'body' || metadata.type === 'query') {
      const field = prototypeKeyIn(value, '');
      if (field) throw new InvalidRequest([{ field, message: `${field.split('.').pop()} is not an accepted key` }]);
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
