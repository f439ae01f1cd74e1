import { CaseEvent } from '../case/case.events';
import { CaseInputInvalid } from '../case/case.errors';
import { DispatchCase } from '../case/case.commands';
import { CaseState } from '../case/case.state';
import { dispatchEvent, requireStatus } from '../case/case.rules';
import { DecisionContext } from '../case/decision-context';

/** 分类派发: sets the category and the lead department (主办), with optional assisting ones (协办). */
export function dispatchCase(state: CaseState, caseId: string, command: DispatchCase, ctx: DecisionContext): CaseEvent[] {
  const current = requireStatus(state, caseId, 'dispatch', ['submitted']);
  const categoryCode = command.categoryCode ?? current.categoryCode;
  if (!categoryCode) {
    throw new CaseInputInvalid('categoryCode', 'The case has no category yet; name one to dispatch it');
  }
  if (command.assistingDepartmentCodes.includes(command.departmentCode)) {
    throw new CaseInputInvalid('assistingDepartmentCodes', 'The lead department cannot also assist');
  }
  return [
    dispatchEvent(current, ctx, {
      categoryCode,
      departmentCode: command.departmentCode,
      assistingDepartmentCodes: command.assistingDepartmentCodes,
      by: 'dispatcher',
      binding: false,
    }),
  ];
}
