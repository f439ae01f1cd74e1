import { CasePolicy, dueClocks, DueClock, foldCase, toCaseEvents } from '@zhuqi/cases';
import { EventStore } from '@zhuqi/event-store';

/** Reads cases from the event store and lists their due clocks (the one source of due times). */
export class CaseClockReader {
  constructor(
    private readonly eventStore: EventStore,
    private readonly policy: CasePolicy,
  ) {}

  /** Reads the cases `page` at a time, each page in one query. */
  async clocksOf(caseIds: readonly string[], page = 500): Promise<DueClock[]> {
    const clocks: DueClock[] = [];
    for (let i = 0; i < caseIds.length; i += page) {
      const streams = await this.eventStore.readStreams(caseIds.slice(i, i + page));
      for (const [id, events] of streams) clocks.push(...dueClocks(id, foldCase(toCaseEvents(events)), this.policy.deadlines));
    }
    return clocks;
  }
}
