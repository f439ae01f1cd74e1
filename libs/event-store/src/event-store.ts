import { StreamVersionConflict } from './event-store.errors';
import { AppendResult, EventContext, ExpectedVersion, NewEvent, RecordedEvent, StreamAppend } from './event-store.types';

/**
 * The write side's only storage: append-only streams with optimistic concurrency, and one global log
 * that subscribers can follow without ever skipping a late-committing event.
 */
export abstract class EventStore {
  /** All events of one stream, oldest first; empty when the stream does not exist. */
  abstract readStream(streamId: string): Promise<RecordedEvent[]>;

  /** All events of many streams in one read: each id maps to its events, oldest first (empty when none). */
  abstract readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>>;

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
   * Appends to many streams at once (batched writers such as the SLA timers), each stream guarded by its
   * own expected version. The answer is aligned with `appends`: the stream's `AppendResult`, or the
   * `StreamVersionConflict` of a stream another writer moved on — a conflict writes nothing for that
   * stream and never loses the others. Each stream's events are published as after `appendToStream`.
   */
  abstract appendToStreams(appends: readonly StreamAppend[]): Promise<Array<AppendResult | StreamVersionConflict>>;

  /**
   * Up to `limit` committed events after global position `after` (0 = from the start), in commit order.
   * Passing the last returned event's `globalPosition` as the next `after` never skips an event.
   * Throws `CheckpointNotFound` when no event has position `after` (e.g. it was deleted).
   */
  abstract readAll(after: number, limit: number): Promise<RecordedEvent[]>;
}
