import { CaseEvent } from '../case/case.events';
import { CaseRuleViolation, CaseStatusConflict } from '../case/case.errors';
import { SignOffSupervision } from '../case/case.commands';
import { CaseState, CaseStatus, hasOpenSupervision } from '../case/case.state';
import { requireStatus } from '../case/case.rules';
import { DecisionContext } from '../case/decision-context';

const FINISHED: readonly CaseStatus[] = ['resolved', 'closed', 'rejected', 'withdrawn', 'merged'];

/** 督办销号: only once the case is resolved (or otherwise finished). */
export function signOffSupervision(state: CaseState, caseId: string, command: SignOffSupervision, ctx: DecisionContext): CaseEvent[] {
  const current = requireStatus(state, caseId, 'sign off the supervision of', [
    'submitted',
    'dispatched',
    'acknowledged',
    'returned',
    ...FINISHED,
  ]);
  if (!hasOpenSupervision(current)) {
    throw new CaseRuleViolation('NO_OPEN_SUPERVISION', 'There is no open supervision order on this case', current.status);
  }
  if (!FINISHED.includes(current.status)) {
    throw new CaseStatusConflict(current.status, 'sign off the supervision of', FINISHED);
  }
  return [{ type: 'SupervisionSignedOff', data: { comment: command.comment, signedOffAt: ctx.now.toISOString() } }];
}
