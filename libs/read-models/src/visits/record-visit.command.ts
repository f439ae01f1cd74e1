import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventContext, EventStore } from '@zhuqi/event-store';
import { Clock, InvalidInput } from '@zhuqi/platform';
import { ReferenceDataService } from '@zhuqi/reference-data';
import { VISIT_STREAM_TYPE, VisitRecordedData } from './visit.events';

export interface RecordVisitInput {
  enterpriseId: string;
  summary: string;
  /** Business time of the visit; defaults to now. */
  visitedAt?: Date;
}

export interface RecordVisitResult {
  id: string;
  gridCode: string;
  visitedAt: string;
  position: number;
}

/** 走访: a grid worker's visit to an enterprise of the grid. */
export class RecordVisitCommand extends Command<RecordVisitResult> {
  constructor(
    readonly input: RecordVisitInput,
    readonly meta: EventContext,
  ) {
    super();
  }
}

@CommandHandler(RecordVisitCommand)
export class RecordVisitCommandHandler implements ICommandHandler<RecordVisitCommand, RecordVisitResult> {
  constructor(
    private readonly eventStore: EventStore,
    private readonly referenceData: ReferenceDataService,
    private readonly clock: Clock,
  ) {}

  async execute({ input, meta }: RecordVisitCommand): Promise<RecordVisitResult> {
    const enterprise = await this.referenceData.enterprise(input.enterpriseId);
    if (!enterprise) throw new InvalidInput('enterpriseId', `Unknown enterprise "${input.enterpriseId}"`);
    const now = this.clock.now();
    const visitedAt = input.visitedAt ?? now;
    if (visitedAt.getTime() > now.getTime() + 60_000) throw new InvalidInput('visitedAt', 'visitedAt lies in the future');
    const visitId = randomUUID();
    const data: VisitRecordedData = {
      visitId,
      enterpriseId: enterprise.id,
      enterpriseName: enterprise.name,
      gridCode: enterprise.gridCode,
      visitor: meta.actor,
      summary: input.summary,
      visitedAt: visitedAt.toISOString(),
    };
    const result = await this.eventStore.appendToStream(visitId, VISIT_STREAM_TYPE, 0, [{ type: 'VisitRecorded', data, occurredAt: visitedAt }], meta);
    return { id: visitId, gridCode: enterprise.gridCode, visitedAt: data.visitedAt, position: result.lastPosition };
  }
}
