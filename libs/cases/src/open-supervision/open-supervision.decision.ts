import { CaseEvent } from '../case/case.events';
import { CaseRuleViolation } from '../case/case.errors';
import { OpenSupervision } from '../case/case.commands';
import { CaseState, hasOpenSupervision } from '../case/case.state';
import { requireStatus } from '../case/case.rules';
import { DecisionContext } from '../case/decision-context';

/** 督办: a supervision order on an unfinished case, with a level, instructions and its own due date. */
export function openSupervision(state: CaseState, caseId: string, command: OpenSupervision, ctx: DecisionContext): CaseEvent[] {
  const current = requireStatus(state, caseId, 'supervise', ['submitted', 'dispatched', 'acknowledged', 'returned']);
  if (hasOpenSupervision(current)) {
    throw new CaseRuleViolation('SUPERVISION_ALREADY_OPEN', 'A supervision order is already open on this case', current.status);
  }
  return [
    {
      type: 'SupervisionOpened',
      data: {
        level: command.level,
        instructions: command.instructions,
        dueAt: ctx.deadlines.workingDaysAfter(ctx.now, command.dueInWorkingDays).toISOString(),
        openedAt: ctx.now.toISOString(),
      },
    },
  ];
}
