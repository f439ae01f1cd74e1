import { CaseEvent } from '../case/case.events';
import { given, history, specContext } from '../case/case.spec-kit';

const opened = (level: 1 | 2 | 3 = 1): CaseEvent => ({
  type: 'SupervisionOpened',
  data: { level, instructions: '请尽快办结', dueAt: '2024-03-14T09:30:00.000Z', openedAt: '2024-03-12T02:00:00.000Z' },
});
const timer = (level: 1 | 2 | 3 = 1) => ({ type: 'EscalateSupervision', openedAt: '2024-03-12T02:00:00.000Z', level, dueAt: '2024-03-14T09:30:00.000Z' }) as const;

describe('EscalateSupervision (督办升级 timer)', () => {
  it('raises the level of a lapsed order on an unresolved case, with a new due date 3 working days on', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), opened(1))
      .when(timer(1), specContext('2024-03-14T09:30:00.010Z'))
      .then([
        {
          type: 'SupervisionEscalated',
          data: {
            fromLevel: 1,
            toLevel: 2,
            previousDueAt: '2024-03-14T09:30:00.000Z',
            dueAt: '2024-03-19T09:30:00.000Z',
            escalatedAt: '2024-03-14T09:30:00.010Z',
          },
        },
      ]);
  });

  it('does nothing once the case is resolved, at 挂牌督办 already, or for an order already escalated', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), opened(1), history.resolved('2024-03-13T02:00:00.000Z'))
      .when(timer(1), specContext('2024-03-15T00:00:00Z'))
      .thenNothingHappened();
    given(history.submitted(), history.dispatched(), history.acknowledged(), opened(3)).when(timer(3), specContext('2024-03-15T00:00:00Z')).thenNothingHappened();
    const escalated: CaseEvent = {
      type: 'SupervisionEscalated',
      data: { fromLevel: 1, toLevel: 2, previousDueAt: '2024-03-14T09:30:00.000Z', dueAt: '2024-03-19T09:30:00.000Z', escalatedAt: '2024-03-14T09:30:00.010Z' },
    };
    given(history.submitted(), history.dispatched(), history.acknowledged(), opened(1), escalated).when(timer(1), specContext('2024-03-15T00:00:00Z')).thenNothingHappened();
  });
});
