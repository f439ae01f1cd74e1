import { CaseEvent } from '../case/case.events';
import { MarkResponseOverdue } from '../case/case.commands';
import { CaseState } from '../case/case.state';
import { notYetDue, runningCycle } from '../case/case-timers';
import { DecisionContext } from '../case/decision-context';

/** 响应超时: still not acknowledged (签收) when the response limit of this cycle lapsed; recorded once. */
export function markResponseOverdue(state: CaseState, command: MarkResponseOverdue, ctx: DecisionContext): CaseEvent[] {
  const assignment = runningCycle(state, command.cycle, ['dispatched']);
  if (!assignment || assignment.clocks.responseOverdue) return [];
  if (assignment.responseDueAt !== command.dueAt || notYetDue(ctx.now, command.dueAt)) return [];
  return [
    {
      type: 'ResponseOverdue',
      data: {
        cycle: command.cycle,
        departmentCode: assignment.departmentCode,
        responseDueAt: assignment.responseDueAt,
        detectedAt: ctx.now.toISOString(),
      },
    },
  ];
}
