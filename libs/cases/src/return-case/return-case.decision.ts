import { CaseEvent } from '../case/case.events';
import { CaseRuleViolation } from '../case/case.errors';
import { ReturnCase } from '../case/case.commands';
import { CaseState } from '../case/case.state';
import { requireStatus } from '../case/case.rules';
import { DecisionContext } from '../case/decision-context';

/** 退回: the department hands a mis-routed case back to the dispatcher; its clocks stop. */
export function returnCase(state: CaseState, caseId: string, command: ReturnCase, ctx: DecisionContext): CaseEvent[] {
  const current = requireStatus(state, caseId, 'return', ['dispatched', 'acknowledged']);
  const assignment = current.assignment!;
  if (assignment.binding) {
    throw new CaseRuleViolation(
      'RETURN_NOT_ALLOWED',
      'The dispatcher insisted on this department after an earlier return; the assignment is binding',
      current.status,
    );
  }
  return [
    {
      type: 'CaseReturned',
      data: { departmentCode: assignment.departmentCode, reason: command.reason, returnedAt: ctx.now.toISOString() },
    },
  ];
}
