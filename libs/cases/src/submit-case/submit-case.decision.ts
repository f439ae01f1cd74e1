import { CaseEvent, CaseSubmitted } from '../case/case.events';
import { CaseRuleViolation } from '../case/case.errors';
import { SubmitCase } from '../case/case.commands';
import { CaseState, evolve, ExistingCase } from '../case/case.state';
import { dispatchEvent } from '../case/case.rules';
import { DecisionContext } from '../case/decision-context';

/** 诉求受理: opens the case; when the intake names a routed category, the rule dispatches it at once. */
export function submitCase(state: CaseState, command: SubmitCase, ctx: DecisionContext): CaseEvent[] {
  if (state.status !== 'none') {
    throw new CaseRuleViolation('CASE_EXISTS', `Case ${command.caseId} already exists`, state.status);
  }
  const submitted: CaseSubmitted = {
    type: 'CaseSubmitted',
    data: {
      caseId: command.caseId,
      caseNo: command.caseNo,
      enterpriseId: command.enterprise.id,
      enterpriseName: command.enterprise.name,
      gridCode: command.enterprise.gridCode,
      title: command.title,
      description: command.description,
      channel: command.channel,
      categoryCode: command.categoryCode,
      urgency: command.urgency,
      contactName: command.contactName,
      contactPhone: command.contactPhone,
      submittedAt: ctx.now.toISOString(),
    },
  };
  if (!command.categoryCode || !command.routedDepartmentCode) return [submitted];
  const afterSubmit = evolve(state, submitted) as ExistingCase;
  return [
    submitted,
    dispatchEvent(afterSubmit, ctx, {
      categoryCode: command.categoryCode,
      departmentCode: command.routedDepartmentCode,
      assistingDepartmentCodes: [],
      by: 'rule',
      binding: false,
    }),
  ];
}
