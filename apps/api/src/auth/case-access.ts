import type { AuthenticatedAccount } from '@zhuqi/accounts';
import { CaseNotFound, CaseView, ExistingCase } from '@zhuqi/cases';
import { CaseReach, caseInScope, type CaseScope } from '@zhuqi/read-models';
import { AccessDenied } from './auth.errors';

/**
 * Who reaches which case. A grid worker: the cases of their grids' enterprises. A handler: the cases their
 * department leads (主办) or assists (协办); acting as lead (签收, 退回, 延期申请, 办结) needs the lead. Every
 * other case role reaches every case. A case out of reach is "not found" (404), never "forbidden", so a
 * guessed id tells nothing.
 */
export function caseScopeOf(account: AuthenticatedAccount): CaseScope | undefined {
  if (account.role === 'grid_worker') return { gridCodes: account.gridCodes };
  if (account.role === 'handler') return { departmentCode: account.departmentCode ?? '' };
  return undefined;
}

function reaches(account: AuthenticatedAccount, c: CaseReach): boolean {
  return caseInScope(caseScopeOf(account), c);
}

/** GET /cases/:id and its history: 404 for a case out of the reader's reach. */
export function assertMayRead(account: AuthenticatedAccount, view: CaseView): void {
  const reach = {
    gridCode: view.enterprise.gridCode,
    departmentCode: view.departmentCode,
    assistingDepartmentCodes: view.assistingDepartments.map((a) => a.departmentCode),
  };
  if (!reaches(account, reach)) throw new CaseNotFound(view.id);
}

/** `scoped`: the case must be within reach; `lead`: a handler must also be of the lead department. */
export type CaseActionKind = 'scoped' | 'lead';

/** The command's access check, run by the command runner against the state the decision is made on. */
export function authorizeCaseCommand(account: AuthenticatedAccount, kind: CaseActionKind): (state: ExistingCase) => void {
  return (state) => {
    const reach = {
      gridCode: state.gridCode,
      departmentCode: state.assignment?.departmentCode ?? null,
      assistingDepartmentCodes: state.assignment?.assisting.map((a) => a.departmentCode) ?? [],
    };
    if (!reaches(account, reach)) throw new CaseNotFound(state.id);
    if (kind === 'lead' && account.role === 'handler' && reach.departmentCode !== account.departmentCode) {
      throw new AccessDenied('NOT_LEAD_DEPARTMENT', `Only the lead department (${reach.departmentCode}) acts on this case; ${account.departmentCode} assists`);
    }
  };
}
