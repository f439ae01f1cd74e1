import { CaseDispatched } from './case.events';
import { CaseNotFound, CaseStatusConflict } from './case.errors';
import { CaseState, CaseStatus, ExistingCase } from './case.state';
import { DecisionContext } from './decision-context';

/** The case must exist and be in one of `allowed`; otherwise 404 or a 409 naming its status. */
export function requireStatus(state: CaseState, caseId: string, attempted: string, allowed: readonly CaseStatus[]): ExistingCase {
  if (state.status === 'none') throw new CaseNotFound(caseId);
  if (!allowed.includes(state.status)) throw new CaseStatusConflict(state.status, attempted, allowed);
  return state;
}

/** Builds a dispatch with fresh clocks: every (re)dispatch starts a new timer cycle. */
export function dispatchEvent(
  state: ExistingCase,
  ctx: DecisionContext,
  plan: {
    categoryCode: string;
    departmentCode: string;
    assistingDepartmentCodes: string[];
    by: CaseDispatched['data']['by'];
    binding: boolean;
  },
): CaseDispatched {
  const limits = ctx.slaFor(plan.categoryCode, state.urgency);
  const assisting = [...new Set(plan.assistingDepartmentCodes)].filter((code) => code !== plan.departmentCode);
  return {
    type: 'CaseDispatched',
    data: {
      categoryCode: plan.categoryCode,
      departmentCode: plan.departmentCode,
      assistingDepartmentCodes: assisting,
      by: plan.by,
      binding: plan.binding,
      cycle: state.dispatchCount + 1,
      responseLimitMinutes: limits.responseLimitMinutes,
      resolutionLimitWorkingDays: limits.resolutionLimitWorkingDays,
      responseDueAt: ctx.deadlines.responseDueAt(ctx.now, limits.responseLimitMinutes).toISOString(),
      resolutionDueAt: ctx.deadlines.resolutionDueAt(ctx.now, limits.resolutionLimitWorkingDays).toISOString(),
      assistDueAt: assisting.length > 0 ? ctx.deadlines.assistDueAt(ctx.now).toISOString() : null,
      dispatchedAt: ctx.now.toISOString(),
    },
  };
}
