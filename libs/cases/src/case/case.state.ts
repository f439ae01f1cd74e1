import { CaseEvent, Channel, Satisfaction, SupervisionLevel, Urgency } from './case.events';

export const CASE_STATUSES = [
  'submitted',
  'dispatched',
  'acknowledged',
  'returned',
  'resolved',
  'closed',
  'rejected',
  'withdrawn',
  'merged',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses from which nothing more happens (but a supervision order may still be signed off). */
export const FINAL_STATUSES: readonly CaseStatus[] = ['closed', 'rejected', 'withdrawn', 'merged'];

export interface AssistingDepartment {
  departmentCode: string;
  opinionGivenAt: string | null;
}

export interface Supervision {
  level: SupervisionLevel;
  instructions: string;
  dueAt: string;
  openedAt: string;
  signedOffAt: string | null;
}

/** The current dispatch (派单): who must respond and by when. Absent before the first dispatch. */
export interface Assignment {
  categoryCode: string;
  departmentCode: string;
  assisting: AssistingDepartment[];
  binding: boolean;
  cycle: number;
  responseDueAt: string;
  resolutionDueAt: string;
  assistDueAt: string | null;
  dispatchedAt: string;
  acknowledgedAt: string | null;
  /** What the SLA clocks recorded in this cycle; a fresh dispatch starts with none. */
  clocks: CycleClocks;
}

/** Breaches and reminders already recorded in the current cycle: a late or repeated timer is a no-op. */
export interface CycleClocks {
  responseOverdue: boolean;
  /** The deadline a 办结提醒 was sent about (an extension makes a new reminder due). */
  remindedFor: string | null;
  /** The deadline whose lapse was recorded (an extension approved afterwards can lapse again). */
  resolutionOverdueFor: string | null;
  assistOverdue: boolean;
  followUpDue: boolean;
}

const NO_CLOCKS: CycleClocks = { responseOverdue: false, remindedFor: null, resolutionOverdueFor: null, assistOverdue: false, followUpDue: false };

export interface NoCase {
  status: 'none';
  version: 0;
}

export interface ExistingCase {
  status: CaseStatus;
  version: number;
  id: string;
  caseNo: string;
  enterpriseId: string;
  enterpriseName: string;
  gridCode: string;
  title: string;
  channel: Channel;
  urgency: Urgency;
  categoryCode: string | null;
  submittedAt: string;
  assignment: Assignment | null;
  /** Number of dispatches so far (the timer cycle). */
  dispatchCount: number;
  /** The department that returned the case, while the return awaits a ruling. */
  returnedBy: string | null;
  pendingExtension: { workingDays: number; reason: string; requestedAt: string } | null;
  supervision: Supervision | null;
  resolvedAt: string | null;
  lastFollowUp: { satisfaction: Satisfaction; solved: boolean; recordedAt: string } | null;
  /** True while a reopen caused by a follow-up has not been resolved again (不满意甄别 may close it). */
  reopenedByFollowUp: boolean;
  reopenCount: number;
  closedAt: string | null;
  mergedInto: string | null;
}

export type CaseState = NoCase | ExistingCase;

export const initialCaseState = (): CaseState => ({ status: 'none', version: 0 });

/** Applies one event; pure, total over the catalogue. */
export function evolve(state: CaseState, event: CaseEvent): CaseState {
  const version = state.version + 1;
  if (event.type === 'CaseSubmitted') {
    const d = event.data;
    return {
      status: 'submitted',
      version,
      id: d.caseId,
      caseNo: d.caseNo,
      enterpriseId: d.enterpriseId,
      enterpriseName: d.enterpriseName,
      gridCode: d.gridCode,
      title: d.title,
      channel: d.channel,
      urgency: d.urgency,
      categoryCode: d.categoryCode,
      submittedAt: d.submittedAt,
      assignment: null,
      dispatchCount: 0,
      returnedBy: null,
      pendingExtension: null,
      supervision: null,
      resolvedAt: null,
      lastFollowUp: null,
      reopenedByFollowUp: false,
      reopenCount: 0,
      closedAt: null,
      mergedInto: null,
    };
  }
  if (state.status === 'none') {
    // Only CaseSubmitted can start a stream; anything else means a corrupt stream.
    throw new Error(`Event ${event.type} cannot start a case stream`);
  }
  const s: ExistingCase = { ...state, version };
  switch (event.type) {
    case 'CaseDispatched': {
      const d = event.data;
      return {
        ...s,
        status: 'dispatched',
        categoryCode: d.categoryCode,
        dispatchCount: d.cycle,
        returnedBy: null,
        pendingExtension: null,
        resolvedAt: null,
        assignment: {
          categoryCode: d.categoryCode,
          departmentCode: d.departmentCode,
          assisting: d.assistingDepartmentCodes.map((code) => ({ departmentCode: code, opinionGivenAt: null })),
          binding: d.binding,
          cycle: d.cycle,
          responseDueAt: d.responseDueAt,
          resolutionDueAt: d.resolutionDueAt,
          assistDueAt: d.assistDueAt,
          dispatchedAt: d.dispatchedAt,
          acknowledgedAt: null,
          clocks: NO_CLOCKS,
        },
      };
    }
    case 'CaseAcknowledged':
      return { ...s, status: 'acknowledged', assignment: { ...s.assignment!, acknowledgedAt: event.data.acknowledgedAt } };
    case 'AssistOpinionGiven':
      return {
        ...s,
        assignment: {
          ...s.assignment!,
          assisting: s.assignment!.assisting.map((a) =>
            a.departmentCode === event.data.departmentCode && !a.opinionGivenAt ? { ...a, opinionGivenAt: event.data.givenAt } : a,
          ),
        },
      };
    case 'CaseReturned':
      return { ...s, status: 'returned', returnedBy: event.data.departmentCode, pendingExtension: null };
    case 'ReturnRuled':
      return s; // the CaseDispatched that follows carries the new assignment
    case 'ExtensionRequested':
      return { ...s, pendingExtension: { ...event.data } };
    case 'ExtensionApproved':
      return { ...s, pendingExtension: null, assignment: { ...s.assignment!, resolutionDueAt: event.data.resolutionDueAt } };
    case 'ExtensionRefused':
      return { ...s, pendingExtension: null };
    case 'CaseResolved':
      return { ...s, status: 'resolved', resolvedAt: event.data.resolvedAt, pendingExtension: null, reopenedByFollowUp: false };
    case 'SupervisionOpened':
      return { ...s, supervision: { ...event.data, signedOffAt: null } };
    case 'SupervisionSignedOff':
      return { ...s, supervision: { ...s.supervision!, signedOffAt: event.data.signedOffAt } };
    case 'FollowUpRecorded':
      return {
        ...s,
        lastFollowUp: { satisfaction: event.data.satisfaction, solved: event.data.solved, recordedAt: event.data.recordedAt },
      };
    case 'FollowUpReviewed':
      return { ...s, reopenedByFollowUp: false };
    case 'CaseReopened':
      return { ...s, reopenCount: event.data.reopenCount, reopenedByFollowUp: true };
    case 'CaseClosed':
      return { ...s, status: 'closed', closedAt: event.data.closedAt };
    case 'CaseRejected':
      return { ...s, status: 'rejected' };
    case 'CaseWithdrawn':
      return { ...s, status: 'withdrawn' };
    case 'CaseMerged':
      return { ...s, status: 'merged', mergedInto: event.data.intoCaseId };
    case 'ResponseOverdue':
      return withClocks(s, { responseOverdue: true });
    case 'ResolutionReminded':
      return withClocks(s, { remindedFor: event.data.resolutionDueAt });
    case 'ResolutionOverdue':
      return withClocks(s, { resolutionOverdueFor: event.data.resolutionDueAt });
    case 'AssistOverdue':
      return withClocks(s, { assistOverdue: true });
    case 'FollowUpDue':
      return withClocks(s, { followUpDue: true });
    case 'SupervisionEscalated':
      return { ...s, supervision: { ...s.supervision!, level: event.data.toLevel, dueAt: event.data.dueAt } };
    default: {
      const unknownEvent: never = event;
      throw new Error(`Unknown case event ${(unknownEvent as CaseEvent).type}`);
    }
  }
}

function withClocks(s: ExistingCase, marks: Partial<CycleClocks>): ExistingCase {
  return { ...s, assignment: { ...s.assignment!, clocks: { ...s.assignment!.clocks, ...marks } } };
}

export function foldCase(events: readonly CaseEvent[]): CaseState {
  return events.reduce(evolve, initialCaseState());
}

export function hasOpenSupervision(state: ExistingCase): boolean {
  return state.supervision !== null && state.supervision.signedOffAt === null;
}
