import { CASE_STREAM_TYPE, CaseEventType } from '@zhuqi/cases';
import { EventSubscriber, RecordedEvent } from '@zhuqi/event-store';
import { CaseClockReader } from './case-clock-reader';
import { TimerQueue } from './timer-queue';

/** Events after which a case may have a new clock to run. */
const STARTS_A_CLOCK: ReadonlySet<string> = new Set<CaseEventType>([
  'CaseDispatched',
  'ExtensionApproved',
  'CaseResolved',
  'SupervisionOpened',
  'SupervisionEscalated',
]);

/**
 * Schedules timers from the committed event log (not from a call after the commit): for each case a
 * batch touched, its due clocks go into BullMQ, then the checkpoint commits. A crash in between repeats
 * the batch, and the deterministic job ids make the repeat a no-op (at-least-once, deduplicated).
 */
export class ClockSchedulerSubscriber implements EventSubscriber {
  constructor(
    readonly name: string,
    private readonly reader: CaseClockReader,
    private readonly queue: TimerQueue,
    /** Limits the cases handled (tests share the database with other runs). */
    private readonly inScope: (caseId: string) => boolean = () => true,
  ) {}

  async handle(events: RecordedEvent[]): Promise<void> {
    const caseIds = new Set<string>();
    for (const e of events) {
      if (e.streamType === CASE_STREAM_TYPE && STARTS_A_CLOCK.has(e.type) && this.inScope(e.streamId)) caseIds.add(e.streamId);
    }
    if (caseIds.size === 0) return;
    await this.queue.schedule(await this.reader.clocksOf([...caseIds]));
  }
}
