import { CASE_STREAM_TYPE, CaseView, caseViewOf } from '@zhuqi/cases';
import { RecordedEvent } from '@zhuqi/event-store';
import { DeadlinePolicy } from '@zhuqi/sla';
import { StreamFolder } from '../projections/stream-projection';

/**
 * The case stream folded into the same `CaseView` the write side defines (GET /api/cases/:id), with the
 * running configuration's deadline rules; the case list and the detail are both cut from it.
 * caseViewOf ignores event types it does not know.
 */
export class CaseViewFolder implements StreamFolder<CaseView> {
  readonly streamType = CASE_STREAM_TYPE;

  constructor(private readonly deadlines: DeadlinePolicy) {}

  fold(events: readonly RecordedEvent[]): CaseView | undefined {
    return caseViewOf(events, this.deadlines);
  }
}
