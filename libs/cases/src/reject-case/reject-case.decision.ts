import { CaseEvent } from '../case/case.events';
import { RejectCase } from '../case/case.commands';
import { CaseState } from '../case/case.state';
import { requireStatus } from '../case/case.rules';
import { DecisionContext } from '../case/decision-context';

/** 不予受理: the dispatcher rejects a request that is out of scope, with a reason. */
export function rejectCase(state: CaseState, caseId: string, command: RejectCase, ctx: DecisionContext): CaseEvent[] {
  requireStatus(state, caseId, 'reject', ['submitted', 'returned']);
  return [{ type: 'CaseRejected', data: { reason: command.reason, rejectedAt: ctx.now.toISOString() } }];
}
