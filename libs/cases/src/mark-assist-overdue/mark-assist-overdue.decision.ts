import { CaseEvent } from '../case/case.events';
import { MarkAssistOverdue } from '../case/case.commands';
import { CaseState } from '../case/case.state';
import { notYetDue, runningCycle } from '../case/case-timers';
import { DecisionContext } from '../case/decision-context';

/** 协办超期: the assisting departments that gave no input (协办意见) by the sub-deadline; once per cycle. */
export function markAssistOverdue(state: CaseState, command: MarkAssistOverdue, ctx: DecisionContext): CaseEvent[] {
  const assignment = runningCycle(state, command.cycle);
  if (!assignment || assignment.clocks.assistOverdue) return [];
  if (assignment.assistDueAt !== command.dueAt || notYetDue(ctx.now, command.dueAt)) return [];
  const late = assignment.assisting.filter((a) => !a.opinionGivenAt).map((a) => a.departmentCode);
  if (late.length === 0) return [];
  return [
    {
      type: 'AssistOverdue',
      data: { cycle: command.cycle, departmentCodes: late, assistDueAt: command.dueAt, detectedAt: ctx.now.toISOString() },
    },
  ];
}
