import { DeadlinePolicy } from '@zhuqi/sla';
import { TimerCommand } from './case.commands';
import { Assignment, CaseState, CaseStatus, ExistingCase, hasOpenSupervision } from './case.state';

/** While the clocks of a cycle run: after dispatch, until resolved (a return stops them). */
const RUNNING: readonly CaseStatus[] = ['dispatched', 'acknowledged'];

/**
 * The assignment a timer of `cycle` still applies to, or null when the case has moved on (another
 * cycle, returned, resolved, closed…). Timers never throw: a late timer is simply a no-op.
 */
export function runningCycle(state: CaseState, cycle: number, statuses: readonly CaseStatus[] = RUNNING): Assignment | null {
  if (state.status === 'none' || !statuses.includes(state.status)) return null;
  const assignment = state.assignment;
  return assignment && assignment.cycle === cycle ? assignment : null;
}

/** Every SLA clock of a case, as stored events make it due now. */
export type ClockKind = 'response' | 'reminder' | 'resolution' | 'assist' | 'supervision' | 'follow-up';

export interface DueClock {
  kind: ClockKind;
  caseId: string;
  dueAt: string;
  /** Deterministic and colon-free (BullMQ): scheduling the same clock twice schedules it once. */
  jobId: string;
  command: TimerCommand;
}

/**
 * The clocks still to fire for a case in its current state, with their due times. The scheduler, the
 * reconciliation and GET /api/cases/:id all derive due times from here, so they never disagree.
 */
export function dueClocks(caseId: string, state: CaseState, deadlines: DeadlinePolicy): DueClock[] {
  if (state.status === 'none') return [];
  const clocks: DueClock[] = [];
  const a = state.assignment;
  const add = (kind: ClockKind, id: string, dueAt: string, command: TimerCommand) =>
    clocks.push({ kind, caseId, dueAt, jobId: `${caseId}-${kind}-${id}`, command });
  if (a && RUNNING.includes(state.status)) {
    const cycle = a.cycle;
    if (state.status === 'dispatched' && !a.clocks.responseOverdue) {
      add('response', `${cycle}`, a.responseDueAt, { type: 'MarkResponseOverdue', cycle, dueAt: a.responseDueAt });
    }
    // The due time is part of the id: an extension makes new reminder and deadline timers.
    const dueMs = Date.parse(a.resolutionDueAt);
    if (a.clocks.remindedFor !== a.resolutionDueAt) {
      const remindAt = reminderAt(a, deadlines);
      add('reminder', `${cycle}-${dueMs}`, remindAt, { type: 'RemindResolution', cycle, dueAt: remindAt });
    }
    if (a.clocks.resolutionOverdueFor !== a.resolutionDueAt) {
      add('resolution', `${cycle}-${dueMs}`, a.resolutionDueAt, { type: 'MarkResolutionOverdue', cycle, dueAt: a.resolutionDueAt });
    }
    if (a.assistDueAt && !a.clocks.assistOverdue && a.assisting.some((d) => !d.opinionGivenAt)) {
      add('assist', `${cycle}`, a.assistDueAt, { type: 'MarkAssistOverdue', cycle, dueAt: a.assistDueAt });
    }
  }
  if (a && state.status === 'resolved' && !a.clocks.followUpDue && state.resolvedAt) {
    const dueAt = followUpDueAt(state, deadlines);
    add('follow-up', `${a.cycle}`, dueAt, { type: 'MarkFollowUpDue', cycle: a.cycle, dueAt });
  }
  const sup = state.supervision;
  if (sup && hasOpenSupervision(state) && sup.level < 3 && RUNNING.concat(['submitted', 'returned']).includes(state.status)) {
    add('supervision', `${Date.parse(sup.openedAt)}-${sup.level}`, sup.dueAt, {
      type: 'EscalateSupervision',
      openedAt: sup.openedAt,
      level: sup.level,
      dueAt: sup.dueAt,
    });
  }
  return clocks;
}

export function reminderAt(a: Assignment, deadlines: DeadlinePolicy): string {
  return deadlines.reminderAt(new Date(a.dispatchedAt), new Date(a.resolutionDueAt)).toISOString();
}

export function followUpDueAt(state: ExistingCase, deadlines: DeadlinePolicy): string {
  return deadlines.followUpDueAt(new Date(state.resolvedAt!)).toISOString();
}

/** The timer is not due yet (fired early, e.g. clock skew): do nothing; the reconciliation re-adds it. */
export const notYetDue = (now: Date, dueAt: string): boolean => now.getTime() < Date.parse(dueAt);
