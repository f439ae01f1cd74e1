import { CaseEvent } from '../case/case.events';
import { RemindResolution } from '../case/case.commands';
import { CaseState } from '../case/case.state';
import { notYetDue, reminderAt, runningCycle } from '../case/case-timers';
import { DecisionContext } from '../case/decision-context';

/**
 * 办结提醒: the reminder share of the time to the deadline has passed. Once per deadline (an approved
 * extension makes a new one due); none once the deadline itself has passed — the breach says it then.
 */
export function remindResolution(state: CaseState, command: RemindResolution, ctx: DecisionContext): CaseEvent[] {
  const assignment = runningCycle(state, command.cycle);
  if (!assignment || assignment.clocks.remindedFor === assignment.resolutionDueAt) return [];
  if (reminderAt(assignment, ctx.deadlines) !== command.dueAt || notYetDue(ctx.now, command.dueAt)) return [];
  if (!notYetDue(ctx.now, assignment.resolutionDueAt)) return [];
  return [
    {
      type: 'ResolutionReminded',
      data: {
        cycle: command.cycle,
        departmentCode: assignment.departmentCode,
        resolutionDueAt: assignment.resolutionDueAt,
        remindedAt: ctx.now.toISOString(),
      },
    },
  ];
}
