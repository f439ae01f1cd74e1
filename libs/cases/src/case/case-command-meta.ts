import { EventContext } from '@zhuqi/event-store';
import type { ExistingCase } from './case.state';

/** What travels with every case command besides its input. */
export interface CaseCommandMeta extends EventContext {
  /** The client's `If-Match`: the command applies only to this version (412 otherwise, no retry). */
  expectedVersion?: number;
  /** Business time for history imports and replays; defaults to the clock. */
  at?: Date;
  /**
   * Whether the caller may act on this case (the API's access rules: a handler on their department's cases,
   * a grid worker on their grids'): throws to refuse. Checked against the very state the decision is made
   * on, on every retry, so a case re-dispatched meanwhile is judged as it is now.
   */
  authorize?: (state: ExistingCase) => void;
}
