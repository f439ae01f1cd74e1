import { CasePolicy, dueClocks, DueClock, foldCase, toCaseEvents } from '@zhuqi/cases';
import { EventStore } from '@zhuqi/event-store';

/** Reads cases from the event store and lists their due clocks (the one source of due times). */
export class CaseClockReader {
  constructor(
    private readonly eventStore: EventStore,
    private readonly policy: CasePolicy,
  ) {}

  async clocksOf(caseIds: readonly string[], parallel = 16): Promise<DueClock[]> {
    const clocks: DueClock[] = [];
    for (let i = 0; i < caseIds.length; i += parallel) {
      const batch = await Promise.all(
        caseIds.slice(i, i + parallel).map(async (id) => dueClocks(id, foldCase(toCaseEvents(await this.eventStore.readStream(id))), this.policy.deadlines)),
      );
      for (const list of batch) clocks.push(...list);
    }
    return clocks;
  }
}
