import { CaseEvent } from '../case/case.events';
import { MarkResolutionOverdue } from '../case/case.commands';
import { CaseState } from '../case/case.state';
import { notYetDue, runningCycle } from '../case/case-timers';
import { DecisionContext } from '../case/decision-context';

/** 办理超期: the (possibly extended) deadline of this cycle passed unresolved; recorded once per deadline. */
export function markResolutionOverdue(state: CaseState, command: MarkResolutionOverdue, ctx: DecisionContext): CaseEvent[] {
  const assignment = runningCycle(state, command.cycle);
  if (!assignment || assignment.clocks.resolutionOverdueFor === assignment.resolutionDueAt) return [];
  // An extension moved the deadline: the timer set for the old one has nothing to say.
  if (assignment.resolutionDueAt !== command.dueAt || notYetDue(ctx.now, command.dueAt)) return [];
  return [
    {
      type: 'ResolutionOverdue',
      data: {
        cycle: command.cycle,
        departmentCode: assignment.departmentCode,
        resolutionDueAt: assignment.resolutionDueAt,
        detectedAt: ctx.now.toISOString(),
      },
    },
  ];
}
