/**
 * The catalogue of everything that can happen to a case (one stream per case, stream type `case`).
 * Stored type strings are explicit and never derived from class names; a change of shape gets a new
 * schema version and an upcaster, never a rewrite of history. Every event carries its `…At` time.
 */

export const CHANNELS = ['grid_visit', 'online', 'hotline', 'onsite_office', 'top50_session', 'liaison'] as const;
/** 网格走访 / 线上 / 热线 / 月中现场办公 / 年底50强集中解难题 / 班子联系企业. */
export type Channel = (typeof CHANNELS)[number];

export const URGENCIES = ['normal', 'urgent', 'emergency'] as const;
/** 一般 / 紧急 / 特急. */
export type Urgency = (typeof URGENCIES)[number];

export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
/** 满意 / 基本满意 / 不满意. */
export type Satisfaction = (typeof SATISFACTIONS)[number];

/** 督办 levels: 1 一般督办, 2 重点督办, 3 挂牌督办. */
export const SUPERVISION_LEVELS = [1, 2, 3] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];

type Event<Type extends string, Data> = { type: Type; data: Data };

/** 诉求受理 — the intake. */
export type CaseSubmitted = Event<
  'CaseSubmitted',
  {
    caseId: string;
    caseNo: string;
    enterpriseId: string;
    enterpriseName: string;
    gridCode: string;
    title: string;
    description: string;
    channel: Channel;
    categoryCode: string | null;
    urgency: Urgency;
    contactName: string | null;
    contactPhone: string | null;
    submittedAt: string;
  }
>;

/** 分类派发 — to a lead department (主办) with optional assisting ones (协办); starts the clocks. */
export type CaseDispatched = Event<
  'CaseDispatched',
  {
    categoryCode: string;
    departmentCode: string;
    assistingDepartmentCodes: string[];
    /** `rule` when a routing rule dispatched it at intake; `dispatcher` otherwise; `reopen` after a follow-up. */
    by: 'rule' | 'dispatcher' | 'return_ruling' | 'reopen';
    /** The dispatcher insisted after a return: the department may not return it again (binding). */
    binding: boolean;
    /** Increments with every dispatch; timers carry it so a stale timer is recognised. */
    cycle: number;
    responseLimitMinutes: number;
    resolutionLimitWorkingDays: number;
    responseDueAt: string;
    resolutionDueAt: string;
    assistDueAt: string | null;
    dispatchedAt: string;
  }
>;

/** 签收 — the department's first response. */
export type CaseAcknowledged = Event<
  'CaseAcknowledged',
  { departmentCode: string; note: string | null; withinResponseLimit: boolean; acknowledgedAt: string }
>;

/** 协办意见 — an assisting department's input for the lead. */
export type AssistOpinionGiven = Event<
  'AssistOpinionGiven',
  { departmentCode: string; opinion: string; onTime: boolean; givenAt: string }
>;

/** 退回 — a mis-routed case handed back to the dispatcher; the clocks stop. */
export type CaseReturned = Event<'CaseReturned', { departmentCode: string; reason: string; returnedAt: string }>;

/** The dispatcher's ruling on a return: dispatch elsewhere, or insist (binding). A CaseDispatched follows. */
export type ReturnRuled = Event<
  'ReturnRuled',
  { decision: 'redispatch' | 'insist'; departmentCode: string; reason: string | null; ruledAt: string }
>;

/** 延期申请. */
export type ExtensionRequested = Event<'ExtensionRequested', { workingDays: number; reason: string; requestedAt: string }>;
export type ExtensionApproved = Event<
  'ExtensionApproved',
  { workingDays: number; previousResolutionDueAt: string; resolutionDueAt: string; approvedAt: string }
>;
export type ExtensionRefused = Event<'ExtensionRefused', { reason: string; refusedAt: string }>;

/** 办结. `onTime` is judged against the (possibly extended) deadline. */
export type CaseResolved = Event<
  'CaseResolved',
  { departmentCode: string; resolution: string; onTime: boolean; resolvedAt: string }
>;

/** 督办 — a supervision order; stays open until the case is resolved and it is signed off (督办销号). */
export type SupervisionOpened = Event<
  'SupervisionOpened',
  { level: SupervisionLevel; instructions: string; dueAt: string; openedAt: string }
>;
export type SupervisionSignedOff = Event<'SupervisionSignedOff', { comment: string | null; signedOffAt: string }>;

/** 事后跟踪 — the call back to the enterprise after resolution. */
export type FollowUpRecorded = Event<
  'FollowUpRecorded',
  { satisfaction: Satisfaction; solved: boolean; comment: string | null; recordedAt: string }
>;

/** 不满意甄别 — a supervisor judged an unsatisfied rating unfair; the case closes instead of being reworked. */
export type FollowUpReviewed = Event<'FollowUpReviewed', { reason: string; reviewedAt: string }>;

/** 重办 — unsatisfied or unsolved at follow-up; a CaseDispatched to the same department follows. */
export type CaseReopened = Event<'CaseReopened', { reason: string; reopenCount: number; reopenedAt: string }>;

/** 销号. */
export type CaseClosed = Event<'CaseClosed', { via: 'follow_up' | 'review'; closedAt: string }>;

/** 不予受理 — out of scope. */
export type CaseRejected = Event<'CaseRejected', { reason: string; rejectedAt: string }>;

/** 企业撤回. */
export type CaseWithdrawn = Event<'CaseWithdrawn', { reason: string | null; withdrawnAt: string }>;

/** 重复件合并 — a duplicate folded into another case. */
export type CaseMerged = Event<'CaseMerged', { intoCaseId: string; reason: string | null; mergedAt: string }>;

/*
 * SLA clocks (timers). Recorded by the worker (actor `system:sla-clocks`) when a clock lapses; each names
 * the dispatch cycle and the due time it judged, so a breach is recorded once per cycle and due time.
 */

/** 响应超时: the lead department did not acknowledge by the response limit; escalates to dispatcher and supervisors. */
export type ResponseOverdue = Event<
  'ResponseOverdue',
  { cycle: number; departmentCode: string; responseDueAt: string; detectedAt: string }
>;

/** 办结提醒: a share (75% by default) of the resolution time has passed. */
export type ResolutionReminded = Event<
  'ResolutionReminded',
  { cycle: number; departmentCode: string; resolutionDueAt: string; remindedAt: string }
>;

/** 办理超期: the (possibly extended) resolution deadline passed with the case unresolved. */
export type ResolutionOverdue = Event<
  'ResolutionOverdue',
  { cycle: number; departmentCode: string; resolutionDueAt: string; detectedAt: string }
>;

/** 协办超期: assisting departments (协办) that gave no input by their sub-deadline. */
export type AssistOverdue = Event<
  'AssistOverdue',
  { cycle: number; departmentCodes: string[]; assistDueAt: string; detectedAt: string }
>;

/** 督办升级: a supervision order lapsed with the case unresolved; its level rises and it gets a new due date. */
export type SupervisionEscalated = Event<
  'SupervisionEscalated',
  { fromLevel: SupervisionLevel; toLevel: SupervisionLevel; previousDueAt: string; dueAt: string; escalatedAt: string }
>;

/** 回访到期: the follow-up call is due; the case goes onto its grid worker's to-do list. */
export type FollowUpDue = Event<'FollowUpDue', { cycle: number; gridCode: string; dueAt: string; notedAt: string }>;

export type CaseEvent =
  | CaseSubmitted
  | CaseDispatched
  | CaseAcknowledged
  | AssistOpinionGiven
  | CaseReturned
  | ReturnRuled
  | ExtensionRequested
  | ExtensionApproved
  | ExtensionRefused
  | CaseResolved
  | SupervisionOpened
  | SupervisionSignedOff
  | FollowUpRecorded
  | FollowUpReviewed
  | CaseReopened
  | CaseClosed
  | CaseRejected
  | CaseWithdrawn
  | CaseMerged
  | ResponseOverdue
  | ResolutionReminded
  | ResolutionOverdue
  | AssistOverdue
  | SupervisionEscalated
  | FollowUpDue;

export type CaseEventType = CaseEvent['type'];

export const CASE_STREAM_TYPE = 'case';

/** Every stored type string of the case stream. */
export const CASE_EVENT_TYPES: readonly CaseEventType[] = [
  'CaseSubmitted',
  'CaseDispatched',
  'CaseAcknowledged',
  'AssistOpinionGiven',
  'CaseReturned',
  'ReturnRuled',
  'ExtensionRequested',
  'ExtensionApproved',
  'ExtensionRefused',
  'CaseResolved',
  'SupervisionOpened',
  'SupervisionSignedOff',
  'FollowUpRecorded',
  'FollowUpReviewed',
  'CaseReopened',
  'CaseClosed',
  'CaseRejected',
  'CaseWithdrawn',
  'CaseMerged',
  'ResponseOverdue',
  'ResolutionReminded',
  'ResolutionOverdue',
  'AssistOverdue',
  'SupervisionEscalated',
  'FollowUpDue',
];

/** The events the SLA clocks record (read models: 超期 and 督办 queues, 回访 to-do list). */
export const SLA_TIMER_EVENT_TYPES: readonly CaseEventType[] = [
  'ResponseOverdue',
  'ResolutionReminded',
  'ResolutionOverdue',
  'AssistOverdue',
  'SupervisionEscalated',
  'FollowUpDue',
];
