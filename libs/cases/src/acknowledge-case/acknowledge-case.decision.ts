import { CaseEvent } from '../case/case.events';
import { AcknowledgeCase } from '../case/case.commands';
import { CaseState } from '../case/case.state';
import { requireStatus } from '../case/case.rules';
import { DecisionContext } from '../case/decision-context';

/** 签收: the lead department's first response, judged against the response limit (3分钟快响). */
export function acknowledgeCase(state: CaseState, caseId: string, command: AcknowledgeCase, ctx: DecisionContext): CaseEvent[] {
  const current = requireStatus(state, caseId, 'acknowledge', ['dispatched']);
  const assignment = current.assignment!;
  return [
    {
      type: 'CaseAcknowledged',
      data: {
        departmentCode: assignment.departmentCode,
        note: command.note,
        withinResponseLimit: ctx.now.getTime() <= Date.parse(assignment.responseDueAt),
        acknowledgedAt: ctx.now.toISOString(),
      },
    },
  ];
}
