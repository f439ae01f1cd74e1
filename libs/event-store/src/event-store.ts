import { AppendResult, EventContext, ExpectedVersion, NewEvent, RecordedEvent } from './event-store.types';

/**
 * The write side's only storage: append-only streams with optimistic concurrency, and one global log
 * that subscribers can follow without ever skipping a late-committing event.
 */
export abstract class EventStore {
  /** All events of one stream, oldest first; empty when the stream does not exist. */
  abstract readStream(streamId: string): Promise<RecordedEvent[]>;

  /**
   * Appends `events` in one transaction if the stream is still at `expectedVersion`, otherwise throws
   * `StreamVersionConflict` and writes nothing. Committed events are then published on the EventBus.
   */
  abstract appendToStream(
    streamId: string,
    streamType: string,
    expectedVersion: ExpectedVersion,
    events: NewEvent[],
    context: EventContext,
  ): Promise<AppendResult>;

  /**
   * Up to `limit` committed events after global position `after` (0 = from the start), in commit order.
   * Passing the last returned event's `globalPosition` as the next `after` never skips an event.
   * Throws `CheckpointNotFound` when no event has position `after` (e.g. it was deleted).
   */
  abstract readAll(after: number, limit: number): Promise<RecordedEvent[]>;
}
