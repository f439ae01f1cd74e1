import { CaseEvent } from '../case/case.events';
import { MarkFollowUpDue } from '../case/case.commands';
import { CaseState } from '../case/case.state';
import { followUpDueAt, notYetDue, runningCycle } from '../case/case-timers';
import { DecisionContext } from '../case/decision-context';

/** 回访到期: the case resolved in this cycle waits for its follow-up call; onto the grid worker's to-do list. */
export function markFollowUpDue(state: CaseState, command: MarkFollowUpDue, ctx: DecisionContext): CaseEvent[] {
  const assignment = runningCycle(state, command.cycle, ['resolved']);
  if (!assignment || assignment.clocks.followUpDue || state.status === 'none') return [];
  if (followUpDueAt(state, ctx.deadlines) !== command.dueAt || notYetDue(ctx.now, command.dueAt)) return [];
  return [
    {
      type: 'FollowUpDue',
      data: { cycle: command.cycle, gridCode: state.gridCode, dueAt: command.dueAt, notedAt: ctx.now.toISOString() },
    },
  ];
}
