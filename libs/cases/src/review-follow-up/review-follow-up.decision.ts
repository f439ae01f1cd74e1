import { CaseEvent } from '../case/case.events';
import { CaseRuleViolation } from '../case/case.errors';
import { ReviewFollowUp } from '../case/case.commands';
import { CaseState } from '../case/case.state';
import { requireStatus } from '../case/case.rules';
import { DecisionContext } from '../case/decision-context';

/** 不满意甄别: a supervisor judges the unsatisfied rating unfair and closes the reopened case instead. */
export function reviewFollowUp(state: CaseState, caseId: string, command: ReviewFollowUp, ctx: DecisionContext): CaseEvent[] {
  const current = requireStatus(state, caseId, 'review the follow-up of', ['dispatched', 'acknowledged', 'returned']);
  if (!current.reopenedByFollowUp || current.lastFollowUp?.satisfaction !== 'unsatisfied') {
    throw new CaseRuleViolation(
      'NOTHING_TO_REVIEW',
      'Only a case reopened by an unsatisfied (不满意) rating can be reviewed',
      current.status,
    );
  }
  const at = ctx.now.toISOString();
  return [
    { type: 'FollowUpReviewed', data: { reason: command.reason, reviewedAt: at } },
    { type: 'CaseClosed', data: { via: 'review', closedAt: at } },
  ];
}
