import { CaseEvent } from '../case/case.events';
import { given, history, specContext } from '../case/case.spec-kit';

// Dispatched 2024-03-04T01:05Z, due 2024-03-11T09:30Z: 75% of the way is 2024-03-09T13:23:45Z.
const REMIND_AT = '2024-03-09T13:23:45.000Z';
const timer = { type: 'RemindResolution', cycle: 1, dueAt: REMIND_AT } as const;
const approved = (due: string): CaseEvent => ({
  type: 'ExtensionApproved',
  data: { workingDays: 2, previousResolutionDueAt: '2024-03-11T09:30:00.000Z', resolutionDueAt: due, approvedAt: '2024-03-08T02:00:00.000Z' },
});

describe('RemindResolution (办结提醒 timer)', () => {
  it('reminds the handler at 75% of the time to the deadline', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged())
      .when(timer, specContext('2024-03-09T13:23:45.100Z'))
      .then([
        {
          type: 'ResolutionReminded',
          data: { cycle: 1, departmentCode: 'education', resolutionDueAt: '2024-03-11T09:30:00.000Z', remindedAt: '2024-03-09T13:23:45.100Z' },
        },
      ]);
  });

  it('does nothing once the case is resolved, or when an extension moved the deadline (a new reminder is due)', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), history.resolved()).when(timer, specContext('2024-03-09T14:00:00Z')).thenNothingHappened();
    given(history.submitted(), history.dispatched(), history.acknowledged(), approved('2024-03-13T09:30:00.000Z'))
      .when(timer, specContext('2024-03-09T14:00:00Z'))
      .thenNothingHappened();
  });

  it('reminds once per deadline', () => {
    const reminded: CaseEvent = {
      type: 'ResolutionReminded',
      data: { cycle: 1, departmentCode: 'education', resolutionDueAt: '2024-03-11T09:30:00.000Z', remindedAt: REMIND_AT },
    };
    given(history.submitted(), history.dispatched(), history.acknowledged(), reminded).when(timer, specContext('2024-03-09T14:00:00Z')).thenNothingHappened();
  });

  it('sends no reminder when it arrives after the deadline itself', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged()).when(timer, specContext('2024-03-11T09:30:01Z')).thenNothingHappened();
  });
});
