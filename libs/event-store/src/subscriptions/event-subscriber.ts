import { PoolClient } from 'pg';
import { RecordedEvent } from '../event-store.types';

/**
 * A durable reader of the global log. `handle` runs inside the transaction that also advances the
 * subscriber's checkpoint: read-model writes made through `tx` commit together with it.
 */
export interface EventSubscriber {
  /** Stable name: the checkpoint's key (renaming it replays from the start). */
  readonly name: string;
  handle(events: RecordedEvent[], tx: PoolClient): Promise<void>;
}
