import { RecordedEvent } from '@zhuqi/event-store';
import { DeadlinePolicy } from '@zhuqi/sla';
import { CaseEvent, Channel, Satisfaction, SupervisionLevel, Urgency } from '../case/case.events';
import { CaseStatus } from '../case/case.state';

/** The case as users see it (GET /api/cases/:id): a stable JSON shape, folded from the stream. */
export interface CaseView {
  id: string;
  caseNo: string;
  status: CaseStatus;
  version: number;
  title: string;
  description: string;
  channel: Channel;
  urgency: Urgency;
  categoryCode: string | null;
  departmentCode: string | null;
  assistingDepartments: Array<{ departmentCode: string; opinion: string | null; opinionGivenAt: string | null }>;
  enterprise: { id: string; name: string; gridCode: string };
  contactName: string | null;
  contactPhone: string | null;
  dispatchCycle: number;
  /** The assignment is binding: the dispatcher insisted after a return. */
  binding: boolean;
  returnedBy: string | null;
  returnReason: string | null;
  responseDueAt: string | null;
  resolutionDueAt: string | null;
  /** 办结提醒 time of the current deadline, while the case is being handled. */
  resolutionReminderAt: string | null;
  assistDueAt: string | null;
  /** 回访 due time, while the resolved case waits for its follow-up call. */
  followUpDueAt: string | null;
  /** SLA clock marks of the current cycle (响应超时, 办结提醒, 办理超期, 协办超期, 回访到期). */
  responseOverdue: boolean;
  resolutionReminded: boolean;
  resolutionOverdue: boolean;
  assistOverdueDepartments: string[];
  followUpDue: boolean;
  acknowledgedWithinLimit: boolean | null;
  resolvedOnTime: boolean | null;
  resolution: string | null;
  pendingExtension: { workingDays: number; reason: string; requestedAt: string } | null;
  extensions: Array<{ workingDays: number; outcome: 'approved' | 'refused'; at: string }>;
  supervision: {
    level: SupervisionLevel;
    instructions: string;
    dueAt: string;
    openedAt: string;
    /** 督办升级: when the order last rose a level after lapsing. */
    escalatedAt: string | null;
    signedOffAt: string | null;
  } | null;
  followUps: Array<{ satisfaction: Satisfaction; solved: boolean; comment: string | null; recordedAt: string }>;
  reopenCount: number;
  mergedIntoCaseId: string | null;
  closingReason: string | null;
  submittedAt: string;
  dispatchedAt: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  updatedAt: string;
  lastPosition: number;
}

/** Applies one event to the fold's own working copy (in place; nested values are replaced, not changed). */
function apply(view: CaseView, event: CaseEvent, at: string): CaseView {
  switch (event.type) {
    case 'CaseSubmitted': {
      const d = event.data;
      return Object.assign(view, {
        id: d.caseId,
        caseNo: d.caseNo,
        status: 'submitted',
        title: d.title,
        description: d.description,
        channel: d.channel,
        urgency: d.urgency,
        categoryCode: d.categoryCode,
        enterprise: { id: d.enterpriseId, name: d.enterpriseName, gridCode: d.gridCode },
        contactName: d.contactName,
        contactPhone: d.contactPhone,
        submittedAt: d.submittedAt,
      });
    }
    case 'CaseDispatched': {
      const d = event.data;
      return Object.assign(view, {
        status: 'dispatched',
        categoryCode: d.categoryCode,
        departmentCode: d.departmentCode,
        assistingDepartments: d.assistingDepartmentCodes.map((code) => ({ departmentCode: code, opinion: null, opinionGivenAt: null })),
        dispatchCycle: d.cycle,
        binding: d.binding,
        returnedBy: null,
        responseDueAt: d.responseDueAt,
        resolutionDueAt: d.resolutionDueAt,
        assistDueAt: d.assistDueAt,
        ...FRESH_CLOCKS,
        acknowledgedWithinLimit: null,
        resolvedOnTime: null,
        resolution: null,
        pendingExtension: null,
        dispatchedAt: d.dispatchedAt,
        acknowledgedAt: null,
        resolvedAt: null,
      });
    }
    case 'CaseAcknowledged':
      return Object.assign(view, { status: 'acknowledged', acknowledgedAt: event.data.acknowledgedAt, acknowledgedWithinLimit: event.data.withinResponseLimit });
    case 'AssistOpinionGiven':
      return Object.assign(view, {
        assistingDepartments: view.assistingDepartments.map((a) =>
          a.departmentCode === event.data.departmentCode ? { ...a, opinion: event.data.opinion, opinionGivenAt: event.data.givenAt } : a,
        ),
      });
    case 'CaseReturned':
      return Object.assign(view, { status: 'returned', returnedBy: event.data.departmentCode, returnReason: event.data.reason, pendingExtension: null });
    case 'ReturnRuled':
      return view;
    case 'ExtensionRequested':
      return Object.assign(view, { pendingExtension: { ...event.data } });
    case 'ExtensionApproved':
      return Object.assign(view, {
        pendingExtension: null,
        resolutionDueAt: event.data.resolutionDueAt,
        // Judged against the new deadline from now on.
        resolutionReminded: false,
        resolutionOverdue: false,
        extensions: [...view.extensions, { workingDays: event.data.workingDays, outcome: 'approved', at: event.data.approvedAt }],
      });
    case 'ExtensionRefused':
      return Object.assign(view, {
        extensions: [...view.extensions, { workingDays: view.pendingExtension?.workingDays ?? 0, outcome: 'refused', at: event.data.refusedAt }],
        pendingExtension: null,
      });
    case 'CaseResolved':
      return Object.assign(view, { status: 'resolved', resolution: event.data.resolution, resolvedOnTime: event.data.onTime, resolvedAt: event.data.resolvedAt, pendingExtension: null });
    case 'SupervisionOpened':
      return Object.assign(view, { supervision: { ...event.data, escalatedAt: null, signedOffAt: null } });
    case 'SupervisionSignedOff':
      return Object.assign(view, { supervision: view.supervision && { ...view.supervision, signedOffAt: event.data.signedOffAt } });
    case 'FollowUpRecorded':
      return Object.assign(view, { followUps: [...view.followUps, { ...event.data }] });
    case 'FollowUpReviewed':
      return Object.assign(view, { closingReason: event.data.reason });
    case 'CaseReopened':
      return Object.assign(view, { reopenCount: event.data.reopenCount });
    case 'CaseClosed':
      return Object.assign(view, { status: 'closed', closedAt: event.data.closedAt });
    case 'CaseRejected':
      return Object.assign(view, { status: 'rejected', closingReason: event.data.reason, closedAt: event.data.rejectedAt });
    case 'CaseWithdrawn':
      return Object.assign(view, { status: 'withdrawn', closingReason: event.data.reason, closedAt: event.data.withdrawnAt });
    case 'CaseMerged':
      return Object.assign(view, { status: 'merged', mergedIntoCaseId: event.data.intoCaseId, closingReason: event.data.reason, closedAt: event.data.mergedAt });
    case 'ResponseOverdue':
      return Object.assign(view, { responseOverdue: true });
    case 'ResolutionReminded':
      return Object.assign(view, { resolutionReminded: true });
    case 'ResolutionOverdue':
      return Object.assign(view, { resolutionOverdue: true });
    case 'AssistOverdue':
      return Object.assign(view, { assistOverdueDepartments: event.data.departmentCodes });
    case 'FollowUpDue':
      return Object.assign(view, { followUpDue: true });
    case 'SupervisionEscalated':
      return Object.assign(view, {
        supervision: view.supervision && { ...view.supervision, level: event.data.toLevel, dueAt: event.data.dueAt, escalatedAt: event.data.escalatedAt },
      });
    default: {
      const unknownEvent: never = event;
      void unknownEvent;
      return Object.assign(view, { updatedAt: at });
    }
  }
}

const FRESH_CLOCKS = {
  responseOverdue: false,
  resolutionReminded: false,
  resolutionOverdue: false,
  assistOverdueDepartments: [],
  followUpDue: false,
} satisfies Partial<CaseView>;

/**
 * Folds a case stream into its view; `undefined` for an empty stream. `deadlines` (the running
 * configuration's rules) gives the derived due times: the reminder and the follow-up.
 */
export function caseViewOf(recorded: readonly RecordedEvent[], deadlines: DeadlinePolicy = DEFAULT_POLICY): CaseView | undefined {
  if (recorded.length === 0) return undefined;
  // One working copy, changed in place event by event (copying the whole view twice per event was most
  // of a projection rebuild's fold time); nested values are replaced, never changed, so EMPTY_VIEW's stay empty.
  let view: CaseView = { ...EMPTY_VIEW };
  for (const e of recorded) {
    const at = e.occurredAt.toISOString();
    view = apply(view, { type: e.type, data: e.data } as CaseEvent, at);
    view.version = e.version;
    view.updatedAt = at;
    view.lastPosition = e.globalPosition;
  }
  const handling = view.status === 'dispatched' || view.status === 'acknowledged';
  return Object.assign(view, {
    resolutionReminderAt:
      handling && view.dispatchedAt && view.resolutionDueAt
        ? deadlines.reminderAt(new Date(view.dispatchedAt), new Date(view.resolutionDueAt)).toISOString()
        : null,
    followUpDueAt: view.status === 'resolved' && view.resolvedAt ? deadlines.followUpDueAt(new Date(view.resolvedAt)).toISOString() : null,
  });
}

const DEFAULT_POLICY = new DeadlinePolicy();

/** The starting point of the fold; CaseSubmitted fills the identity fields. */
const EMPTY_VIEW: CaseView = {
  id: '',
  caseNo: '',
  status: 'submitted',
  version: 0,
  title: '',
  description: '',
  channel: 'online',
  urgency: 'normal',
  categoryCode: null,
  departmentCode: null,
  assistingDepartments: [],
  enterprise: { id: '', name: '', gridCode: '' },
  contactName: null,
  contactPhone: null,
  dispatchCycle: 0,
  binding: false,
  returnedBy: null,
  returnReason: null,
  responseDueAt: null,
  resolutionDueAt: null,
  resolutionReminderAt: null,
  assistDueAt: null,
  followUpDueAt: null,
  ...FRESH_CLOCKS,
  acknowledgedWithinLimit: null,
  resolvedOnTime: null,
  resolution: null,
  pendingExtension: null,
  extensions: [],
  supervision: null,
  followUps: [],
  reopenCount: 0,
  mergedIntoCaseId: null,
  closingReason: null,
  submittedAt: '',
  dispatchedAt: null,
  acknowledgedAt: null,
  resolvedAt: null,
  closedAt: null,
  updatedAt: '',
  lastPosition: 0,
};
