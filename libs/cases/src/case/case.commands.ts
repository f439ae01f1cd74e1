import { Channel, Satisfaction, SupervisionLevel, Urgency } from './case.events';

/**
 * What a user (or a timer) asks of a case, as plain data for the pure decisions. The Nest command
 * classes in each slice carry these through the CommandBus.
 */
export type SubmitCase = {
  type: 'SubmitCase';
  caseId: string;
  caseNo: string;
  enterprise: { id: string; name: string; gridCode: string };
  title: string;
  description: string;
  channel: Channel;
  categoryCode: string | null;
  urgency: Urgency;
  contactName: string | null;
  contactPhone: string | null;
  /** Set when the intake names a category and a routing rule maps it to a department. */
  routedDepartmentCode: string | null;
};
export type DispatchCase = {
  type: 'DispatchCase';
  departmentCode: string;
  categoryCode: string | null;
  assistingDepartmentCodes: string[];
};
export type AcknowledgeCase = { type: 'AcknowledgeCase'; note: string | null };
export type GiveAssistOpinion = { type: 'GiveAssistOpinion'; departmentCode: string; opinion: string };
export type ReturnCase = { type: 'ReturnCase'; reason: string };
export type RuleOnReturn = {
  type: 'RuleOnReturn';
  decision: 'redispatch' | 'insist';
  departmentCode: string | null;
  categoryCode: string | null;
  reason: string | null;
};
export type RequestExtension = { type: 'RequestExtension'; workingDays: number; reason: string };
export type ApproveExtension = { type: 'ApproveExtension' };
export type RefuseExtension = { type: 'RefuseExtension'; reason: string };
export type ResolveCase = { type: 'ResolveCase'; resolution: string };
export type OpenSupervision = {
  type: 'OpenSupervision';
  level: SupervisionLevel;
  instructions: string;
  dueInWorkingDays: number;
};
export type SignOffSupervision = { type: 'SignOffSupervision'; comment: string | null };
export type RecordFollowUp = { type: 'RecordFollowUp'; satisfaction: Satisfaction; solved: boolean; comment: string | null };
export type ReviewFollowUp = { type: 'ReviewFollowUp'; reason: string };
export type RejectCase = { type: 'RejectCase'; reason: string };
export type WithdrawCase = { type: 'WithdrawCase'; reason: string | null };
export type MergeCase = { type: 'MergeCase'; intoCaseId: string; reason: string | null };

/*
 * Timers (SLA clocks), sent by the worker when a clock lapses. Each names the cycle and the due time it
 * was scheduled for: when the case has moved on (acknowledged, another cycle, an extension, resolved…)
 * the decision finds nothing to do.
 */
export type MarkResponseOverdue = { type: 'MarkResponseOverdue'; cycle: number; dueAt: string };
export type RemindResolution = { type: 'RemindResolution'; cycle: number; dueAt: string };
export type MarkResolutionOverdue = { type: 'MarkResolutionOverdue'; cycle: number; dueAt: string };
export type MarkAssistOverdue = { type: 'MarkAssistOverdue'; cycle: number; dueAt: string };
/** A supervision order is named by when it was opened; `level` and `dueAt` are the ones the timer was set for. */
export type EscalateSupervision = { type: 'EscalateSupervision'; openedAt: string; level: SupervisionLevel; dueAt: string };
export type MarkFollowUpDue = { type: 'MarkFollowUpDue'; cycle: number; dueAt: string };

export type TimerCommand =
  | MarkResponseOverdue
  | RemindResolution
  | MarkResolutionOverdue
  | MarkAssistOverdue
  | EscalateSupervision
  | MarkFollowUpDue;

export type CaseCommand =
  | SubmitCase
  | DispatchCase
  | AcknowledgeCase
  | GiveAssistOpinion
  | ReturnCase
  | RuleOnReturn
  | RequestExtension
  | ApproveExtension
  | RefuseExtension
  | ResolveCase
  | OpenSupervision
  | SignOffSupervision
  | RecordFollowUp
  | ReviewFollowUp
  | RejectCase
  | WithdrawCase
  | MergeCase
  | TimerCommand;

/** What every command answers: the case's new status and version, and the global position reached. */
export interface CaseCommandResult {
  id: string;
  caseNo: string;
  status: string;
  version: number;
  position: number;
}
