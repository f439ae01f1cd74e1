import { CaseEvent } from '../case/case.events';
import { CaseInputInvalid } from '../case/case.errors';
import { RuleOnReturn } from '../case/case.commands';
import { CaseState } from '../case/case.state';
import { dispatchEvent, requireStatus } from '../case/case.rules';
import { DecisionContext } from '../case/decision-context';

/**
 * The dispatcher's ruling on a return: re-dispatch to another department, or insist on the same one —
 * then the assignment is binding and cannot be returned again.
 */
export function ruleOnReturn(state: CaseState, caseId: string, command: RuleOnReturn, ctx: DecisionContext): CaseEvent[] {
  const current = requireStatus(state, caseId, 'rule on a return of', ['returned']);
  const previous = current.assignment!;
  const returnedBy = current.returnedBy!;
  let departmentCode = returnedBy;
  if (command.decision === 'redispatch') {
    if (!command.departmentCode) {
      throw new CaseInputInvalid('departmentCode', 'A re-dispatch needs the department to send the case to');
    }
    if (command.departmentCode === returnedBy) {
      throw new CaseInputInvalid('departmentCode', `${returnedBy} returned this case; to keep it there, insist instead`);
    }
    departmentCode = command.departmentCode;
  } else if (command.departmentCode && command.departmentCode !== returnedBy) {
    throw new CaseInputInvalid('departmentCode', `Insisting keeps the case at ${returnedBy}, which returned it; to send it elsewhere, re-dispatch`);
  }
  const ruledAt = ctx.now.toISOString();
  return [
    { type: 'ReturnRuled', data: { decision: command.decision, departmentCode, reason: command.reason, ruledAt } },
    dispatchEvent(current, ctx, {
      categoryCode: command.categoryCode ?? previous.categoryCode,
      departmentCode,
      assistingDepartmentCodes: previous.assisting.map((a) => a.departmentCode),
      by: 'return_ruling',
      binding: command.decision === 'insist',
    }),
  ];
}
