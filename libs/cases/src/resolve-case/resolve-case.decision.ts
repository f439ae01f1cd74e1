import { CaseEvent } from '../case/case.events';
import { ResolveCase } from '../case/case.commands';
import { CaseState } from '../case/case.state';
import { requireStatus } from '../case/case.rules';
import { DecisionContext } from '../case/decision-context';

/** 办结: on time when at or before the (possibly extended) deadline. A pending extension lapses. */
export function resolveCase(state: CaseState, caseId: string, command: ResolveCase, ctx: DecisionContext): CaseEvent[] {
  const current = requireStatus(state, caseId, 'resolve', ['acknowledged']);
  const assignment = current.assignment!;
  return [
    {
      type: 'CaseResolved',
      data: {
        departmentCode: assignment.departmentCode,
        resolution: command.resolution,
        onTime: ctx.now.getTime() <= Date.parse(assignment.resolutionDueAt),
        resolvedAt: ctx.now.toISOString(),
      },
    },
  ];
}
