import { CaseEvent } from '../case/case.events';
import { given, history, specContext } from '../case/case.spec-kit';

const DUE = '2024-03-11T09:30:00.000Z';
const timer = { type: 'MarkResolutionOverdue', cycle: 1, dueAt: DUE } as const;
const overdue = (due = DUE, at = '2024-03-11T09:30:00.020Z'): CaseEvent => ({
  type: 'ResolutionOverdue',
  data: { cycle: 1, departmentCode: 'education', resolutionDueAt: due, detectedAt: at },
});
const approved: CaseEvent = {
  type: 'ExtensionApproved',
  data: { workingDays: 2, previousResolutionDueAt: DUE, resolutionDueAt: '2024-03-13T09:30:00.000Z', approvedAt: '2024-03-08T02:00:00.000Z' },
};

describe('MarkResolutionOverdue (办理超期 timer)', () => {
  it('records the breach at the deadline of an unresolved case', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged()).when(timer, specContext('2024-03-11T09:30:00.020Z')).then([overdue()]);
  });

  it('counts against the extended deadline: the old timer does nothing, the new one records the breach', () => {
    const base = [history.submitted(), history.dispatched(), history.acknowledged(), approved];
    given(...base).when(timer, specContext('2024-03-11T09:31:00Z')).thenNothingHappened();
    given(...base)
      .when({ type: 'MarkResolutionOverdue', cycle: 1, dueAt: '2024-03-13T09:30:00.000Z' }, specContext('2024-03-13T09:30:00.020Z'))
      .then([overdue('2024-03-13T09:30:00.000Z', '2024-03-13T09:30:00.020Z')]);
  });

  it('does nothing when resolved, returned, or already recorded', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), history.resolved()).when(timer, specContext('2024-03-12T00:00:00Z')).thenNothingHappened();
    const returned: CaseEvent = { type: 'CaseReturned', data: { departmentCode: 'education', reason: '非本部门职责', returnedAt: '2024-03-05T01:00:00.000Z' } };
    given(history.submitted(), history.dispatched(), returned).when(timer, specContext('2024-03-12T00:00:00Z')).thenNothingHappened();
    given(history.submitted(), history.dispatched(), history.acknowledged(), overdue()).when(timer, specContext('2024-03-12T00:00:00Z')).thenNothingHappened();
  });
});
