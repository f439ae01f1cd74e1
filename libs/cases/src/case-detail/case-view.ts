import { RecordedEvent } from '@zhuqi/event-store';
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
  assistDueAt: string | null;
  acknowledgedWithinLimit: boolean | null;
  resolvedOnTime: boolean | null;
  resolution: string | null;
  pendingExtension: { workingDays: number; reason: string; requestedAt: string } | null;
  extensions: Array<{ workingDays: number; outcome: 'approved' | 'refused'; at: string }>;
  supervision: { level: SupervisionLevel; instructions: string; dueAt: string; openedAt: string; signedOffAt: string | null } | null;
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

function apply(view: CaseView, event: CaseEvent, at: string): CaseView {
  switch (event.type) {
    case 'CaseSubmitted': {
      const d = event.data;
      return {
        ...view,
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
      };
    }
    case 'CaseDispatched': {
      const d = event.data;
      return {
        ...view,
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
        acknowledgedWithinLimit: null,
        resolvedOnTime: null,
        resolution: null,
        pendingExtension: null,
        dispatchedAt: d.dispatchedAt,
        acknowledgedAt: null,
        resolvedAt: null,
      };
    }
    case 'CaseAcknowledged':
      return { ...view, status: 'acknowledged', acknowledgedAt: event.data.acknowledgedAt, acknowledgedWithinLimit: event.data.withinResponseLimit };
    case 'AssistOpinionGiven':
      return {
        ...view,
        assistingDepartments: view.assistingDepartments.map((a) =>
          a.departmentCode === event.data.departmentCode ? { ...a, opinion: event.data.opinion, opinionGivenAt: event.data.givenAt } : a,
        ),
      };
    case 'CaseReturned':
      return { ...view, status: 'returned', returnedBy: event.data.departmentCode, returnReason: event.data.reason, pendingExtension: null };
    case 'ReturnRuled':
      return view;
    case 'ExtensionRequested':
      return { ...view, pendingExtension: { ...event.data } };
    case 'ExtensionApproved':
      return {
        ...view,
        pendingExtension: null,
        resolutionDueAt: event.data.resolutionDueAt,
        extensions: [...view.extensions, { workingDays: event.data.workingDays, outcome: 'approved', at: event.data.approvedAt }],
      };
    case 'ExtensionRefused':
      return {
        ...view,
        extensions: [...view.extensions, { workingDays: view.pendingExtension?.workingDays ?? 0, outcome: 'refused', at: event.data.refusedAt }],
        pendingExtension: null,
      };
    case 'CaseResolved':
      return { ...view, status: 'resolved', resolution: event.data.resolution, resolvedOnTime: event.data.onTime, resolvedAt: event.data.resolvedAt, pendingExtension: null };
    case 'SupervisionOpened':
      return { ...view, supervision: { ...event.data, signedOffAt: null } };
    case 'SupervisionSignedOff':
      return { ...view, supervision: view.supervision && { ...view.supervision, signedOffAt: event.data.signedOffAt } };
    case 'FollowUpRecorded':
      return { ...view, followUps: [...view.followUps, { ...event.data }] };
    case 'FollowUpReviewed':
      return { ...view, closingReason: event.data.reason };
    case 'CaseReopened':
      return { ...view, reopenCount: event.data.reopenCount };
    case 'CaseClosed':
      return { ...view, status: 'closed', closedAt: event.data.closedAt };
    case 'CaseRejected':
      return { ...view, status: 'rejected', closingReason: event.data.reason, closedAt: event.data.rejectedAt };
    case 'CaseWithdrawn':
      return { ...view, status: 'withdrawn', closingReason: event.data.reason, closedAt: event.data.withdrawnAt };
    case 'CaseMerged':
      return { ...view, status: 'merged', mergedIntoCaseId: event.data.intoCaseId, closingReason: event.data.reason, closedAt: event.data.mergedAt };
    default: {
      const unknownEvent: never = event;
      void unknownEvent;
      return { ...view, updatedAt: at };
    }
  }
}

/** Folds a case stream into its view; `undefined` for an empty stream. */
export function caseViewOf(recorded: readonly RecordedEvent[]): CaseView | undefined {
  if (recorded.length === 0) return undefined;
  let view = EMPTY_VIEW;
  for (const e of recorded) {
    view = apply(view, { type: e.type, data: e.data } as CaseEvent, e.occurredAt.toISOString());
    view = { ...view, version: e.version, updatedAt: e.occurredAt.toISOString(), lastPosition: e.globalPosition };
  }
  return view;
}

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
  assistDueAt: null,
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
