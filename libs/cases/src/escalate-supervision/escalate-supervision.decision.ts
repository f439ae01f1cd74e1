import { CaseEvent, SupervisionLevel } from '../case/case.events';
import { EscalateSupervision } from '../case/case.commands';
import { CaseState, CaseStatus, hasOpenSupervision } from '../case/case.state';
import { notYetDue } from '../case/case-timers';
import { DecisionContext } from '../case/decision-context';

/** The case is still unresolved (办结 stops supervision escalation). */
const UNRESOLVED: readonly CaseStatus[] = ['submitted', 'dispatched', 'acknowledged', 'returned'];

/**
 * 督办升级: the order's due date lapsed with the case unresolved: 一般 → 重点 → 挂牌, with a new due date.
 * 挂牌督办 (level 3) is the highest; an order signed off, replaced or already escalated is left alone.
 */
export function escalateSupervision(state: CaseState, command: EscalateSupervision, ctx: DecisionContext): CaseEvent[] {
  if (state.status === 'none' || !UNRESOLVED.includes(state.status) || !hasOpenSupervision(state)) return [];
  const order = state.supervision!;
  if (order.openedAt !== command.openedAt || order.level !== command.level || order.dueAt !== command.dueAt) return [];
  if (order.level >= 3 || notYetDue(ctx.now, command.dueAt)) return [];
  return [
    {
      type: 'SupervisionEscalated',
      data: {
        fromLevel: order.level,
        toLevel: (order.level + 1) as SupervisionLevel,
        previousDueAt: order.dueAt,
        dueAt: ctx.deadlines.escalatedSupervisionDueAt(ctx.now).toISOString(),
        escalatedAt: ctx.now.toISOString(),
      },
    },
  ];
}
