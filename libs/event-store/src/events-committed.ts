import { RecordedEvent } from './event-store.types';

/**
 * Published on the in-process EventBus after a commit, never before. A notification only: anything that
 * must not miss an event follows the log from a checkpoint instead.
 */
export class EventsCommitted {
  constructor(readonly events: RecordedEvent[]) {}
}
