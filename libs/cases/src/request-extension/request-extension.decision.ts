import { CaseEvent } from '../case/case.events';
import { CaseRuleViolation } from '../case/case.errors';
import { RequestExtension } from '../case/case.commands';
import { CaseState } from '../case/case.state';
import { requireStatus } from '../case/case.rules';
import { DecisionContext } from '../case/decision-context';

/** 延期申请: only before the deadline, and one at a time. */
export function requestExtension(state: CaseState, caseId: string, command: RequestExtension, ctx: DecisionContext): CaseEvent[] {
  const current = requireStatus(state, caseId, 'request an extension for', ['acknowledged']);
  if (current.pendingExtension) {
    throw new CaseRuleViolation('EXTENSION_ALREADY_PENDING', 'An extension request is already waiting for a supervisor', current.status);
  }
  if (ctx.now.getTime() > Date.parse(current.assignment!.resolutionDueAt)) {
    throw new CaseRuleViolation(
      'DEADLINE_PASSED',
      `The deadline ${current.assignment!.resolutionDueAt} has passed; an extension must be asked for before it`,
      current.status,
    );
  }
  return [
    { type: 'ExtensionRequested', data: { workingDays: command.workingDays, reason: command.reason, requestedAt: ctx.now.toISOString() } },
  ];
}
