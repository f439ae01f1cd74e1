import { EventContext } from '@zhuqi/event-store';

/** What travels with every case command besides its input. */
export interface CaseCommandMeta extends EventContext {
  /** The client's `If-Match`: the command applies only to this version (412 otherwise, no retry). */
  expectedVersion?: number;
  /** Business time for history imports and replays; defaults to the clock. */
  at?: Date;
}
