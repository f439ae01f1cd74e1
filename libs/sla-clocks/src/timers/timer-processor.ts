import { Logger } from '@nestjs/common';
import {
  CaseCommandMeta,
  EscalateSupervisionCommand,
  MarkAssistOverdueCommand,
  MarkFollowUpDueCommand,
  MarkResolutionOverdueCommand,
  MarkResponseOverdueCommand,
  RemindResolutionCommand,
  TimerCommand,
} from '@zhuqi/cases';
import { createRedisConnection } from '@zhuqi/redis';
import { Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { TimerBatcher } from './timer-batcher';
import { BRIEFING_JOB, isClockJob, TimerJobData, timerOfJob } from './timer-jobs';

export const SLA_ACTOR = 'system:sla-clocks';

/** The timer command as a Nest command for the CommandBus (the ordinary path, one case at a time). */
export function toNestCommand(caseId: string, command: TimerCommand, meta: CaseCommandMeta) {
  const { type, ...input } = command;
  switch (command.type) {
    case 'MarkResponseOverdue':
      return new MarkResponseOverdueCommand(caseId, input as Omit<typeof command, 'type'>, meta);
    case 'RemindResolution':
      return new RemindResolutionCommand(caseId, input as Omit<typeof command, 'type'>, meta);
    case 'MarkResolutionOverdue':
      return new MarkResolutionOverdueCommand(caseId, input as Omit<typeof command, 'type'>, meta);
    case 'MarkAssistOverdue':
      return new MarkAssistOverdueCommand(caseId, input as Omit<typeof command, 'type'>, meta);
    case 'EscalateSupervision':
      return new EscalateSupervisionCommand(caseId, input as Omit<typeof command, 'type'>, meta);
    case 'MarkFollowUpDue':
      return new MarkFollowUpDueCommand(caseId, input as Omit<typeof command, 'type'>, meta);
    default:
      throw new Error(`Unknown timer ${type}`);
  }
}

/**
 * Fires timers: BullMQ gives each job to one worker process; the job waits in the batcher, whose batch
 * decides each timer against its case's current state (a case that moved on → nothing); optimistic
 * concurrency settles a race with any other writer. `concurrency` is the number of jobs held at once,
 * so it bounds the batch sizes too.
 */
export class TimerProcessor {
  private readonly logger = new Logger('sla-clocks');
  private worker?: Worker;
  private connection?: Redis;

  constructor(
    private readonly batcher: TimerBatcher,
    private readonly redisUrl: string,
    private readonly queueName: string,
    private readonly concurrency: number,
    private readonly onBriefing: () => Promise<unknown>,
  ) {}

  start(): void {
    this.connection = createRedisConnection(this.redisUrl, 'zhuqi-sla-worker', { lazyConnect: false });
    this.worker = new Worker(this.queueName, (job) => this.process(job), {
      connection: this.connection,
      concurrency: this.concurrency,
      // Removed when done, so a reconciliation can re-add the id; the decision then finds nothing to do.
      removeOnComplete: { count: 0 },
      removeOnFail: { count: 0 },
      // Timers are short; a stalled job (worker killed mid-job) is handed to another worker soon.
      stalledInterval: 15_000,
    });
    this.worker.on('failed', (job, error) => this.logger.warn(`timer ${job?.id} failed: ${error.message}`));
    this.worker.on('error', (error) => this.logger.warn(`timer worker: ${error.message}`));
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    this.connection?.disconnect();
    this.worker = undefined;
  }

  private async process(job: Job<TimerJobData>): Promise<void> {
    if (job.name === BRIEFING_JOB) {
      await this.onBriefing();
      return;
    }
    if (!isClockJob(job.name)) throw new Error(`Unknown SLA job ${job.name}`);
    const { caseId, command } = timerOfJob({ id: job.id, name: job.name, data: job.data });
    // Jobs come due TIMER_LEAD_MS before their clocks (BullMQ may promote one earlier still): the batcher
    // groups timers by due time and decides none before it is due.
    await this.batcher.fire(caseId, command, { actor: SLA_ACTOR, correlationId: job.id!, causationId: job.id! });
  }
}
