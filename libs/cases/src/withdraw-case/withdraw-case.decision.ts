import { CaseEvent } from '../case/case.events';
import { WithdrawCase } from '../case/case.commands';
import { CaseState } from '../case/case.state';
import { requireStatus } from '../case/case.rules';
import { DecisionContext } from '../case/decision-context';

/** 企业撤回: the enterprise withdraws its request while it is still being handled. */
export function withdrawCase(state: CaseState, caseId: string, command: WithdrawCase, ctx: DecisionContext): CaseEvent[] {
  requireStatus(state, caseId, 'withdraw', ['submitted', 'dispatched', 'acknowledged', 'returned']);
  return [{ type: 'CaseWithdrawn', data: { reason: command.reason, withdrawnAt: ctx.now.toISOString() } }];
}
