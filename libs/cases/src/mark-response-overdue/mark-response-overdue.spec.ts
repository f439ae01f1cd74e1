import { CaseEvent } from '../case/case.events';
import { given, history, specContext } from '../case/case.spec-kit';

const overdue = (at = '2024-03-04T01:08:00.000Z'): CaseEvent => ({
  type: 'ResponseOverdue',
  data: { cycle: 1, departmentCode: 'education', responseDueAt: '2024-03-04T01:08:00.000Z', detectedAt: at },
});
const timer = { type: 'MarkResponseOverdue', cycle: 1, dueAt: '2024-03-04T01:08:00.000Z' } as const;

describe('MarkResponseOverdue (响应超时 timer)', () => {
  it('records the breach when the department has not acknowledged by the limit', () => {
    given(history.submitted(), history.dispatched()).when(timer, specContext('2024-03-04T01:08:00.050Z')).then([overdue('2024-03-04T01:08:00.050Z')]);
  });

  it('does nothing when the case was acknowledged in time', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged()).when(timer, specContext('2024-03-04T01:08:01Z')).thenNothingHappened();
  });

  it('records the breach once, however often the timer fires', () => {
    given(history.submitted(), history.dispatched(), overdue()).when(timer, specContext('2024-03-04T01:09:00Z')).thenNothingHappened();
  });

  it('ignores a timer of an earlier cycle after a re-dispatch', () => {
    given(history.submitted(), history.dispatched(), history.dispatched({ cycle: 2, responseDueAt: '2024-03-04T02:08:00.000Z' }))
      .when(timer, specContext('2024-03-04T01:09:00Z'))
      .thenNothingHappened();
  });

  it('does nothing for a returned, withdrawn or unknown case, and nothing before the due time', () => {
    const returned: CaseEvent = { type: 'CaseReturned', data: { departmentCode: 'education', reason: '非本部门职责', returnedAt: '2024-03-04T01:06:00.000Z' } };
    given(history.submitted(), history.dispatched(), returned).when(timer, specContext('2024-03-04T01:09:00Z')).thenNothingHappened();
    given().when(timer, specContext('2024-03-04T01:09:00Z')).thenNothingHappened();
    given(history.submitted(), history.dispatched()).when(timer, specContext('2024-03-04T01:07:59Z')).thenNothingHappened();
  });
});
