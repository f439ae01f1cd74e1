import { ClockKind, DueClock, TimerCommand } from '@zhuqi/cases';

/**
 * A timer job, kept small on purpose (Redis holds one per pending clock): its id names the case
 * (`<caseId>-<clock>-…`, case ids are UUIDs), its name is the clock, its data the rest of the timer
 * command (without the type, which the clock names).
 */
export type TimerJobData = Omit<TimerCommand, 'type'>;

export const BRIEFING_JOB = 'daily-briefing';

/**
 * A clock's job comes due this long before the clock itself. Meanwhile the batcher reads the job's case
 * (with the others of its batch), so the breach is appended at its due time instead of after BullMQ's own
 * delivery lateness plus a read (bench/timers.bench.ts: the first p99 ~20–40 ms, with spikes to ~100; the
 * second ~2 ms). 25 ms left BullMQ's p99 uncovered in some runs; 50 covered it in each (bench/results/timers.md).
 * Never recorded early: the batcher decides only once every timer of the batch is due (decide() refuses
 * a timer before its time), and the append is guarded by the version it read.
 */
export const TIMER_LEAD_MS = 50;

const COMMAND_OF: Record<ClockKind, TimerCommand['type']> = {
  response: 'MarkResponseOverdue',
  reminder: 'RemindResolution',
  resolution: 'MarkResolutionOverdue',
  assist: 'MarkAssistOverdue',
  supervision: 'EscalateSupervision',
  'follow-up': 'MarkFollowUpDue',
};

export const isClockJob = (name: string): name is ClockKind => Object.hasOwn(COMMAND_OF, name);

/** The case and the timer command of a fired job. */
export function timerOfJob(job: { id?: string; name: ClockKind; data: TimerJobData }): { caseId: string; command: TimerCommand } {
  return { caseId: job.id!.slice(0, 36), command: { type: COMMAND_OF[job.name], ...job.data } as TimerCommand };
}

/**
 * BullMQ job of a clock: fires TIMER_LEAD_MS before its due time (at once when already past), id = the clock's. Completed
 * and failed jobs are removed by the worker (its options), so a reconciliation can re-add the id.
 */
export function timerJob(clock: DueClock, now = Date.now()) {
  const { type: _type, ...data } = clock.command;
  return {
    name: clock.kind,
    data: data satisfies TimerJobData,
    // BullMQ fires a delayed job at its `timestamp` + `delay`, and stamps the job when it builds it, not
    // when `now` was read: without the stamp every later round trip of a large schedule fired late by the
    // time the earlier ones took (up to ~0.2 s for 2,400 clocks, timer-queue.int-spec.ts).
    // A failed command (the database briefly away) is retried every second.
    opts: { jobId: clock.jobId, timestamp: now, delay: Math.max(0, Date.parse(clock.dueAt) - TIMER_LEAD_MS - now), attempts: 5, backoff: 1000 },
  };
}
