import { CaseEvent } from '../case/case.events';
import { CaseInputInvalid } from '../case/case.errors';
import { MergeCase } from '../case/case.commands';
import { CaseState } from '../case/case.state';
import { requireStatus } from '../case/case.rules';
import { DecisionContext } from '../case/decision-context';

/** 重复件合并: a duplicate is folded into another case, which carries on. */
export function mergeCase(state: CaseState, caseId: string, command: MergeCase, ctx: DecisionContext): CaseEvent[] {
  requireStatus(state, caseId, 'merge', ['submitted', 'dispatched', 'acknowledged', 'returned']);
  if (command.intoCaseId === caseId) {
    throw new CaseInputInvalid('intoCaseId', 'A case cannot be merged into itself');
  }
  return [{ type: 'CaseMerged', data: { intoCaseId: command.intoCaseId, reason: command.reason, mergedAt: ctx.now.toISOString() } }];
}
