import { CaseEvent } from '../case/case.events';
import { given, history, specContext } from '../case/case.spec-kit';

const DUE = '2024-03-07T09:30:00.000Z';
const dispatched = history.dispatched({ assistingDepartmentCodes: ['housing', 'labour'], assistDueAt: DUE });
const timer = { type: 'MarkAssistOverdue', cycle: 1, dueAt: DUE } as const;
const opinion = (departmentCode: string): CaseEvent => ({
  type: 'AssistOpinionGiven',
  data: { departmentCode, opinion: '同意', onTime: true, givenAt: '2024-03-05T02:00:00.000Z' },
});

describe('MarkAssistOverdue (协办超期 timer)', () => {
  it('names the assisting departments that gave no input by the sub-deadline', () => {
    given(history.submitted(), dispatched, opinion('housing'))
      .when(timer, specContext('2024-03-07T09:30:01Z'))
      .then([{ type: 'AssistOverdue', data: { cycle: 1, departmentCodes: ['labour'], assistDueAt: DUE, detectedAt: '2024-03-07T09:30:01.000Z' } }]);
  });

  it('does nothing when every department gave its input, or the case was resolved', () => {
    given(history.submitted(), dispatched, opinion('housing'), opinion('labour')).when(timer, specContext('2024-03-07T09:31:00Z')).thenNothingHappened();
    given(history.submitted(), dispatched, history.acknowledged(), history.resolved()).when(timer, specContext('2024-03-07T09:31:00Z')).thenNothingHappened();
  });
});
