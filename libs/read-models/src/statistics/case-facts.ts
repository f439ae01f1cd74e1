import { RecordedEvent } from '@zhuqi/event-store';

/**
 * The measurable facts of one case (统计口径), each at its business time (the event's occurredAt) and with
 * the case's category, department, grid and channel at that moment, so that any period and grouping is one
 * aggregate over `read_case_facts`.
 */
export const FACT_KINDS = [
  'received', // 受理
  'assigned', // 交办: the case's first dispatch (整改率 denominator)
  'dispatch', // every dispatch, re-dispatches and reopens included (回退率 denominator)
  'returned', // 退回
  'acknowledged', // 签收; ok = within the response limit
  'resolved', // 办结, once per case: the final resolution (ok = on time); a reopen withdraws the earlier one
  'closed', // 销号
  'followed_up', // 事后跟踪; ok = satisfied or basically satisfied
  'reopened', // 重办
] as const;
export type FactKind = (typeof FACT_KINDS)[number];

export interface CaseFact {
  caseId: string;
  /** The stream version of the event behind the fact (with the kind, its key within the case). */
  seq: number;
  kind: FactKind;
  occurredAt: Date;
  ok: boolean | null;
  caseNo: string;
  categoryCode: string | null;
  departmentCode: string | null;
  gridCode: string;
  channel: string;
}

type Data = Record<string, any>;

/** Folds a whole case stream (oldest first) into its facts. */
export function caseFacts(events: readonly RecordedEvent[]): CaseFact[] {
  const facts: CaseFact[] = [];
  let base: Omit<CaseFact, 'seq' | 'kind' | 'occurredAt' | 'ok'> | undefined;
  let assigned = false;
  const add = (e: RecordedEvent, kind: FactKind, ok: boolean | null = null) => {
    // spelled out rather than spread: a rebuild makes ~7 facts per case
    if (base) {
      const { caseId, caseNo, categoryCode, departmentCode, gridCode, channel } = base;
      facts.push({ caseId, caseNo, categoryCode, departmentCode, gridCode, channel, seq: e.version, kind, occurredAt: e.occurredAt, ok });
    }
  };
  for (const e of events) {
    const d = e.data as Data;
    switch (e.type) {
      case 'CaseSubmitted':
        base = { caseId: e.streamId, caseNo: d.caseNo, categoryCode: d.categoryCode ?? null, departmentCode: null, gridCode: d.gridCode, channel: d.channel };
        add(e, 'received');
        break;
      case 'CaseDispatched':
        if (!base) break;
        base = { ...base, categoryCode: d.categoryCode, departmentCode: d.departmentCode };
        if (!assigned) add(e, 'assigned');
        assigned = true;
        add(e, 'dispatch');
        break;
      case 'CaseReturned':
        add(e, 'returned');
        break;
      case 'CaseAcknowledged':
        add(e, 'acknowledged', d.withinResponseLimit === true);
        break;
      case 'CaseResolved': {
        add(e, 'resolved', d.onTime === true);
        break;
      }
      case 'CaseReopened': {
        // 重办: the earlier resolution no longer counts; the case counts once, when finally resolved.
        const i = facts.map((f) => f.kind).lastIndexOf('resolved');
        if (i >= 0) facts.splice(i, 1);
        add(e, 'reopened');
        break;
      }
      case 'CaseClosed':
        add(e, 'closed');
        break;
      case 'FollowUpRecorded':
        add(e, 'followed_up', d.satisfaction === 'satisfied' || d.satisfaction === 'basically_satisfied');
        break;
      default:
        break;
    }
  }
  // 受理 counts under the category and department the case was first classified and dispatched to (分类派发
  // completes the intake); an intake not yet dispatched stays unclassified ('').
  const first = facts.find((f) => f.kind === 'assigned');
  const received = facts.find((f) => f.kind === 'received');
  if (first && received) {
    received.categoryCode = received.categoryCode ?? first.categoryCode;
    received.departmentCode = first.departmentCode;
  }
  return facts;
}
