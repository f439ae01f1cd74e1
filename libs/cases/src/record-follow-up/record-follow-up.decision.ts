import { CaseEvent } from '../case/case.events';
import { RecordFollowUp } from '../case/case.commands';
import { CaseState } from '../case/case.state';
import { dispatchEvent, requireStatus } from '../case/case.rules';
import { DecisionContext } from '../case/decision-context';

const SATISFACTION_NAMES = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' } as const;

/**
 * 事后跟踪: satisfied (or basically) and solved closes the case (销号); otherwise it is reopened and
 * dispatched again to the same department with fresh clocks (重办).
 */
export function recordFollowUp(state: CaseState, caseId: string, command: RecordFollowUp, ctx: DecisionContext): CaseEvent[] {
  const current = requireStatus(state, caseId, 'record a follow-up for', ['resolved']);
  const at = ctx.now.toISOString();
  const recorded: CaseEvent = {
    type: 'FollowUpRecorded',
    data: { satisfaction: command.satisfaction, solved: command.solved, comment: command.comment, recordedAt: at },
  };
  if (command.satisfaction !== 'unsatisfied' && command.solved) {
    return [recorded, { type: 'CaseClosed', data: { via: 'follow_up', closedAt: at } }];
  }
  const reason = command.solved ? `回访${SATISFACTION_NAMES[command.satisfaction]}` : '回访问题未解决';
  const assignment = current.assignment!;
  return [
    recorded,
    { type: 'CaseReopened', data: { reason, reopenCount: current.reopenCount + 1, reopenedAt: at } },
    dispatchEvent(current, ctx, {
      categoryCode: assignment.categoryCode,
      departmentCode: assignment.departmentCode,
      assistingDepartmentCodes: assignment.assisting.map((a) => a.departmentCode),
      by: 'reopen',
      binding: assignment.binding,
    }),
  ];
}
