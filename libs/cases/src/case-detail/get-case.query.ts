import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EventStore, RecordedEvent } from '@zhuqi/event-store';
import { CaseNotFound } from '../case/case.errors';
import { CasePolicy } from '../case/case-policy';
import { CaseView, caseViewOf } from './case-view';

export class GetCaseQuery extends Query<CaseView> {
  constructor(readonly caseId: string) {
    super();
  }
}

/** Folds the stream on read; the read-model issue replaces this with a projection of the same shape. */
@QueryHandler(GetCaseQuery)
export class GetCaseQueryHandler implements IQueryHandler<GetCaseQuery, CaseView> {
  constructor(
    private readonly eventStore: EventStore,
    private readonly policy: CasePolicy,
  ) {}

  async execute({ caseId }: GetCaseQuery): Promise<CaseView> {
    const view = caseViewOf(await this.eventStore.readStream(caseId), this.policy.deadlines);
    if (!view) throw new CaseNotFound(caseId);
    return view;
  }
}

/** One entry of a case's history (the audit trail): what happened, when, and who did it. */
export interface CaseHistoryEntry {
  version: number;
  position: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  correlationId: string;
  causationId: string | null;
  eventId: string;
}

export class GetCaseHistoryQuery extends Query<CaseHistoryEntry[]> {
  constructor(readonly caseId: string) {
    super();
  }
}

@QueryHandler(GetCaseHistoryQuery)
export class GetCaseHistoryQueryHandler implements IQueryHandler<GetCaseHistoryQuery, CaseHistoryEntry[]> {
  constructor(private readonly eventStore: EventStore) {}

  async execute({ caseId }: GetCaseHistoryQuery): Promise<CaseHistoryEntry[]> {
    const recorded = await this.eventStore.readStream(caseId);
    if (recorded.length === 0) throw new CaseNotFound(caseId);
    return recorded.map(toHistoryEntry);
  }
}

export function toHistoryEntry(e: RecordedEvent): CaseHistoryEntry {
  return {
    version: e.version,
    position: e.globalPosition,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    occurredAt: e.occurredAt.toISOString(),
    recordedAt: e.recordedAt.toISOString(),
    actor: e.metadata.actor,
    correlationId: e.metadata.correlationId,
    causationId: e.metadata.causationId ?? null,
    eventId: e.eventId,
  };
}
