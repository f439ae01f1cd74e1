import { CaseEvent } from '../case/case.events';
import { given, history, specContext } from '../case/case.spec-kit';

// Resolved Wed 2024-03-06: three working days later is Mon 2024-03-11, due at 17:30 Shanghai.
const DUE = '2024-03-11T09:30:00.000Z';
const timer = { type: 'MarkFollowUpDue', cycle: 1, dueAt: DUE } as const;
const resolved = [history.submitted(), history.dispatched(), history.acknowledged(), history.resolved()];

describe('MarkFollowUpDue (回访到期 timer)', () => {
  it('puts the resolved case on its grid worker’s follow-up list', () => {
    given(...resolved)
      .when(timer, specContext('2024-03-11T09:30:00.500Z'))
      .then([{ type: 'FollowUpDue', data: { cycle: 1, gridCode: 'g01', dueAt: DUE, notedAt: '2024-03-11T09:30:00.500Z' } }]);
  });

  it('does nothing once the follow-up was recorded (closed) or already noted', () => {
    const closed: CaseEvent[] = [
      { type: 'FollowUpRecorded', data: { satisfaction: 'satisfied', solved: true, comment: null, recordedAt: '2024-03-08T02:00:00.000Z' } },
      { type: 'CaseClosed', data: { via: 'follow_up', closedAt: '2024-03-08T02:00:00.000Z' } },
    ];
    given(...resolved, ...closed).when(timer, specContext('2024-03-11T10:00:00Z')).thenNothingHappened();
    given(...resolved, { type: 'FollowUpDue', data: { cycle: 1, gridCode: 'g01', dueAt: DUE, notedAt: DUE } })
      .when(timer, specContext('2024-03-11T10:00:00Z'))
      .thenNothingHappened();
  });
});
