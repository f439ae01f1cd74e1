import { CaseEvent } from '../case/case.events';
import { CaseRuleViolation } from '../case/case.errors';
import { RefuseExtension } from '../case/case.commands';
import { CaseState } from '../case/case.state';
import { requireStatus } from '../case/case.rules';
import { DecisionContext } from '../case/decision-context';

/** A supervisor refuses the pending extension; the deadline stands. */
export function refuseExtension(state: CaseState, caseId: string, command: RefuseExtension, ctx: DecisionContext): CaseEvent[] {
  const current = requireStatus(state, caseId, 'refuse an extension for', ['acknowledged']);
  if (!current.pendingExtension) {
    throw new CaseRuleViolation('NO_PENDING_EXTENSION', 'There is no extension request to refuse', current.status);
  }
  return [{ type: 'ExtensionRefused', data: { reason: command.reason, refusedAt: ctx.now.toISOString() } }];
}
