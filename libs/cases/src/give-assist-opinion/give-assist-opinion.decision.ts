import { CaseEvent } from '../case/case.events';
import { CaseInputInvalid, CaseRuleViolation } from '../case/case.errors';
import { GiveAssistOpinion } from '../case/case.commands';
import { CaseState } from '../case/case.state';
import { requireStatus } from '../case/case.rules';
import { DecisionContext } from '../case/decision-context';

/** 协办意见: an assisting department gives the lead its input (on time if before the sub-deadline). */
export function giveAssistOpinion(state: CaseState, caseId: string, command: GiveAssistOpinion, ctx: DecisionContext): CaseEvent[] {
  const current = requireStatus(state, caseId, 'give an assist opinion on', ['dispatched', 'acknowledged']);
  const assignment = current.assignment!;
  const assisting = assignment.assisting.find((a) => a.departmentCode === command.departmentCode);
  if (!assisting) {
    throw new CaseInputInvalid('departmentCode', `${command.departmentCode} is not an assisting department (协办) of this case`);
  }
  if (assisting.opinionGivenAt) {
    throw new CaseRuleViolation('ASSIST_OPINION_ALREADY_GIVEN', `${command.departmentCode} already gave its opinion at ${assisting.opinionGivenAt}`, current.status);
  }
  return [
    {
      type: 'AssistOpinionGiven',
      data: {
        departmentCode: command.departmentCode,
        opinion: command.opinion,
        onTime: assignment.assistDueAt === null || ctx.now.getTime() <= Date.parse(assignment.assistDueAt),
        givenAt: ctx.now.toISOString(),
      },
    },
  ];
}
