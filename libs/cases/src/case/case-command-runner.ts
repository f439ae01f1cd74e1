import { Injectable } from '@nestjs/common';
import { EventStore, RecordedEvent, StreamVersionConflict } from '@zhuqi/event-store';
import { CaseCommand, CaseCommandResult } from './case.commands';
import { CaseEvent, CASE_STREAM_TYPE } from './case.events';
import { StaleCaseVersion } from './case.errors';
import { CaseState, evolve, ExistingCase, foldCase } from './case.state';
import { decide } from './decide';
import { CaseCommandMeta } from './case-command-meta';
import { CasePolicy } from './case-policy';

const MAX_RETRIES = 3;

export const toCaseEvents = (recorded: RecordedEvent[]): CaseEvent[] =>
  recorded.map((e) => ({ type: e.type, data: e.data }) as CaseEvent);

/**
 * The one way a case changes: read its stream, fold, decide, append at the version read. When another
 * writer got there first, decide again against the new state (up to 3 times, with backoff) — unless the
 * client named a version with If-Match, which is then answered 412 at once.
 */
@Injectable()
export class CaseCommandRunner {
  constructor(
    private readonly eventStore: EventStore,
    private readonly policy: CasePolicy,
  ) {}

  async load(caseId: string): Promise<{ state: CaseState; lastPosition: number }> {
    const recorded = await this.eventStore.readStream(caseId);
    return { state: foldCase(toCaseEvents(recorded)), lastPosition: recorded.at(-1)?.globalPosition ?? 0 };
  }

  async run(caseId: string, command: CaseCommand, meta: CaseCommandMeta): Promise<CaseCommandResult> {
    const ctx = await this.policy.decisionContext(meta.at);
    for (let attempt = 0; ; attempt += 1) {
      const { state, lastPosition } = await this.load(caseId);
      if (state.status !== 'none') meta.authorize?.(state);
      if (meta.expectedVersion !== undefined && meta.expectedVersion !== state.version) {
        throw new StaleCaseVersion(meta.expectedVersion, state.version);
      }
      const events = decide(caseId, state, command, ctx);
      if (events.length === 0) return resultOf(state as ExistingCase, lastPosition);
      try {
        const appended = await this.eventStore.appendToStream(
          caseId,
          CASE_STREAM_TYPE,
          state.version,
          events.map((event) => ({ type: event.type, data: event.data, occurredAt: ctx.now })),
          meta,
        );
        return resultOf(events.reduce(evolve, state) as ExistingCase, appended.lastPosition);
      } catch (error) {
        if (!(error instanceof StreamVersionConflict)) throw error;
        if (meta.expectedVersion !== undefined) throw new StaleCaseVersion(meta.expectedVersion, state.version + 1);
        if (attempt >= MAX_RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt + Math.random() * 10));
      }
    }
  }
}

function resultOf(state: ExistingCase, position: number): CaseCommandResult {
  return { id: state.id, caseNo: state.caseNo, status: state.status, version: state.version, position };
}
