import { Module } from '@nestjs/common';
import { ReferenceDataModule } from '@zhuqi/reference-data';
import { AcknowledgeCaseCommandHandler } from './acknowledge-case/acknowledge-case.command';
import { ApproveExtensionCommandHandler } from './approve-extension/approve-extension.command';
import { CaseCommandRunner } from './case/case-command-runner';
import { CasePolicy } from './case/case-policy';
import { ReferenceChecks } from './case/reference-checks';
import { GetCaseHistoryQueryHandler, GetCaseQueryHandler } from './case-detail/get-case.query';
import { DispatchCaseCommandHandler } from './dispatch-case/dispatch-case.command';
import { GiveAssistOpinionCommandHandler } from './give-assist-opinion/give-assist-opinion.command';
import { MergeCaseCommandHandler } from './merge-case/merge-case.command';
import { OpenSupervisionCommandHandler } from './open-supervision/open-supervision.command';
import { RecordFollowUpCommandHandler } from './record-follow-up/record-follow-up.command';
import { RefuseExtensionCommandHandler } from './refuse-extension/refuse-extension.command';
import { RejectCaseCommandHandler } from './reject-case/reject-case.command';
import { RequestExtensionCommandHandler } from './request-extension/request-extension.command';
import { ResolveCaseCommandHandler } from './resolve-case/resolve-case.command';
import { ReturnCaseCommandHandler } from './return-case/return-case.command';
import { ReviewFollowUpCommandHandler } from './review-follow-up/review-follow-up.command';
import { RuleOnReturnCommandHandler } from './rule-on-return/rule-on-return.command';
import { SignOffSupervisionCommandHandler } from './sign-off-supervision/sign-off-supervision.command';
import { MarkResponseOverdueCommandHandler } from './mark-response-overdue/mark-response-overdue.command';
import { RemindResolutionCommandHandler } from './remind-resolution/remind-resolution.command';
import { MarkResolutionOverdueCommandHandler } from './mark-resolution-overdue/mark-resolution-overdue.command';
import { MarkAssistOverdueCommandHandler } from './mark-assist-overdue/mark-assist-overdue.command';
import { EscalateSupervisionCommandHandler } from './escalate-supervision/escalate-supervision.command';
import { MarkFollowUpDueCommandHandler } from './mark-follow-up-due/mark-follow-up-due.command';
import { CaseIdentity } from './submit-case/case-identity';
import { SubmitCaseCommandHandler } from './submit-case/submit-case.command';
import { WithdrawCaseCommandHandler } from './withdraw-case/withdraw-case.command';

const commandHandlers = [
  SubmitCaseCommandHandler,
  DispatchCaseCommandHandler,
  AcknowledgeCaseCommandHandler,
  GiveAssistOpinionCommandHandler,
  ReturnCaseCommandHandler,
  RuleOnReturnCommandHandler,
  RequestExtensionCommandHandler,
  ApproveExtensionCommandHandler,
  RefuseExtensionCommandHandler,
  ResolveCaseCommandHandler,
  OpenSupervisionCommandHandler,
  SignOffSupervisionCommandHandler,
  RecordFollowUpCommandHandler,
  ReviewFollowUpCommandHandler,
  RejectCaseCommandHandler,
  WithdrawCaseCommandHandler,
  MergeCaseCommandHandler,
  MarkResponseOverdueCommandHandler,
  RemindResolutionCommandHandler,
  MarkResolutionOverdueCommandHandler,
  MarkAssistOverdueCommandHandler,
  EscalateSupervisionCommandHandler,
  MarkFollowUpDueCommandHandler,
];
const queryHandlers = [GetCaseQueryHandler, GetCaseHistoryQueryHandler];

/** The case lifecycle: commands through the CommandBus onto the event store, and the case queries. */
@Module({
  imports: [ReferenceDataModule],
  providers: [CaseCommandRunner, CasePolicy, CaseIdentity, ReferenceChecks, ...commandHandlers, ...queryHandlers],
  exports: [CaseCommandRunner, CasePolicy],
})
export class CasesModule {}
