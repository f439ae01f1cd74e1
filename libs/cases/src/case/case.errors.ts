import { DomainError } from '@zhuqi/platform';

/** 404: no case with this id. */
export class CaseNotFound extends DomainError {
  readonly code = 'CASE_NOT_FOUND';
  readonly httpStatus = 404;
  constructor(readonly caseId: string) {
    super(`Case ${caseId} does not exist`, { caseId });
  }
}

/** 409: the case's status does not allow this step; names the current status. */
export class CaseStatusConflict extends DomainError {
  readonly code = 'CASE_STATUS_CONFLICT';
  readonly httpStatus = 409;
  constructor(
    readonly status: string,
    readonly attempted: string,
    allowed: readonly string[],
  ) {
    super(`Cannot ${attempted} a case that is ${status} (allowed when: ${allowed.join(', ')})`, {
      currentStatus: status,
      attempted,
      allowedStatuses: allowed,
    });
  }
}

/** 409: the status allows the step in general, but a rule of the workflow forbids it now. */
export class CaseRuleViolation extends DomainError {
  readonly httpStatus = 409;
  constructor(
    readonly code: string,
    message: string,
    readonly currentStatus: string,
  ) {
    super(message, { currentStatus });
  }
}

/** 412: the client's `If-Match` version is not the case's current version. */
export class StaleCaseVersion extends DomainError {
  readonly code = 'STALE_VERSION';
  readonly httpStatus = 412;
  constructor(expected: number, actual: number) {
    super(`The case is at version ${actual}, not ${expected}; reload it and try again`, { expectedVersion: expected, currentVersion: actual });
  }
}

/** 400 naming the field: input that is well-formed but wrong for this case (an unknown code, a self-merge…). */
export class CaseInputInvalid extends DomainError {
  readonly code = 'INVALID_INPUT';
  readonly httpStatus = 400;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message, { errors: [{ field, message }] });
  }
}
