import { DomainError } from '@zhuqi/platform';

/** Another writer appended to the stream since it was read: the optimistic-concurrency check failed. */
export class StreamVersionConflict extends DomainError {
  readonly code = 'VERSION_CONFLICT';
  readonly httpStatus = 412;
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
  ) {
    super(`Stream ${streamId} is no longer at version ${expectedVersion}`, { expectedVersion });
  }
}

/**
 * `readAll(after)` was given a global position whose event does not exist (never returned by `readAll`,
 * or deleted since). The follower cannot tell where it stands in commit order, so it must not go on as if
 * nothing had happened: without this it would silently read nothing, forever.
 */
export class CheckpointNotFound extends Error {
  constructor(readonly after: number) {
    super(`readAll: no event at global position ${after}; a checkpoint must be a position readAll returned`);
    this.name = 'CheckpointNotFound';
  }
}
