import { acknowledgeCase } from '../acknowledge-case/acknowledge-case.decision';
import { approveExtension } from '../approve-extension/approve-extension.decision';
import { dispatchCase } from '../dispatch-case/dispatch-case.decision';
import { giveAssistOpinion } from '../give-assist-opinion/give-assist-opinion.decision';
import { mergeCase } from '../merge-case/merge-case.decision';
import { openSupervision } from '../open-supervision/open-supervision.decision';
import { recordFollowUp } from '../record-follow-up/record-follow-up.decision';
import { refuseExtension } from '../refuse-extension/refuse-extension.decision';
import { rejectCase } from '../reject-case/reject-case.decision';
import { requestExtension } from '../request-extension/request-extension.decision';
import { resolveCase } from '../resolve-case/resolve-case.decision';
import { returnCase } from '../return-case/return-case.decision';
import { reviewFollowUp } from '../review-follow-up/review-follow-up.decision';
import { ruleOnReturn } from '../rule-on-return/rule-on-return.decision';
import { signOffSupervision } from '../sign-off-supervision/sign-off-supervision.decision';
import { submitCase } from '../submit-case/submit-case.decision';
import { withdrawCase } from '../withdraw-case/withdraw-case.decision';
import { escalateSupervision } from '../escalate-supervision/escalate-supervision.decision';
import { markAssistOverdue } from '../mark-assist-overdue/mark-assist-overdue.decision';
import { markFollowUpDue } from '../mark-follow-up-due/mark-follow-up-due.decision';
import { markResolutionOverdue } from '../mark-resolution-overdue/mark-resolution-overdue.decision';
import { markResponseOverdue } from '../mark-response-overdue/mark-response-overdue.decision';
import { remindResolution } from '../remind-resolution/remind-resolution.decision';
import { CaseCommand } from './case.commands';
import { CaseEvent } from './case.events';
import { CaseState } from './case.state';
import { DecisionContext } from './decision-context';

/** The case's rules in one pure function: given its state and a command, the events that follow. */
export function decide(caseId: string, state: CaseState, command: CaseCommand, ctx: DecisionContext): CaseEvent[] {
  switch (command.type) {
    case 'SubmitCase':
      return submitCase(state, command, ctx);
    case 'DispatchCase':
      return dispatchCase(state, caseId, command, ctx);
    case 'AcknowledgeCase':
      return acknowledgeCase(state, caseId, command, ctx);
    case 'GiveAssistOpinion':
      return giveAssistOpinion(state, caseId, command, ctx);
    case 'ReturnCase':
      return returnCase(state, caseId, command, ctx);
    case 'RuleOnReturn':
      return ruleOnReturn(state, caseId, command, ctx);
    case 'RequestExtension':
      return requestExtension(state, caseId, command, ctx);
    case 'ApproveExtension':
      return approveExtension(state, caseId, command, ctx);
    case 'RefuseExtension':
      return refuseExtension(state, caseId, command, ctx);
    case 'ResolveCase':
      return resolveCase(state, caseId, command, ctx);
    case 'OpenSupervision':
      return openSupervision(state, caseId, command, ctx);
    case 'SignOffSupervision':
      return signOffSupervision(state, caseId, command, ctx);
    case 'RecordFollowUp':
      return recordFollowUp(state, caseId, command, ctx);
    case 'ReviewFollowUp':
      return reviewFollowUp(state, caseId, command, ctx);
    case 'RejectCase':
      return rejectCase(state, caseId, command, ctx);
    case 'WithdrawCase':
      return withdrawCase(state, caseId, command, ctx);
    case 'MergeCase':
      return mergeCase(state, caseId, command, ctx);
    case 'MarkResponseOverdue':
      return markResponseOverdue(state, command, ctx);
    case 'RemindResolution':
      return remindResolution(state, command, ctx);
    case 'MarkResolutionOverdue':
      return markResolutionOverdue(state, command, ctx);
    case 'MarkAssistOverdue':
      return markAssistOverdue(state, command, ctx);
    case 'EscalateSupervision':
      return escalateSupervision(state, command, ctx);
    case 'MarkFollowUpDue':
      return markFollowUpDue(state, command, ctx);
    default: {
      const unknownCommand: never = command;
      throw new Error(`Unknown case command ${(unknownCommand as CaseCommand).type}`);
    }
  }
}
