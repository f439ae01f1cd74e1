import { CaseEvent } from '../case/case.events';
import { CaseRuleViolation } from '../case/case.errors';
import { ApproveExtension } from '../case/case.commands';
import { CaseState } from '../case/case.state';
import { requireStatus } from '../case/case.rules';
import { DecisionContext } from '../case/decision-context';

/** A supervisor approves the pending extension: the deadline that on-time is judged against moves. */
export function approveExtension(state: CaseState, caseId: string, _command: ApproveExtension, ctx: DecisionContext): CaseEvent[] {
  const current = requireStatus(state, caseId, 'approve an extension for', ['acknowledged']);
  const pending = current.pendingExtension;
  if (!pending) {
    throw new CaseRuleViolation('NO_PENDING_EXTENSION', 'There is no extension request to approve', current.status);
  }
  const previous = current.assignment!.resolutionDueAt;
  return [
    {
      type: 'ExtensionApproved',
      data: {
        workingDays: pending.workingDays,
        previousResolutionDueAt: previous,
        resolutionDueAt: ctx.deadlines.extend(new Date(previous), pending.workingDays).toISOString(),
        approvedAt: ctx.now.toISOString(),
      },
    },
  ];
}
