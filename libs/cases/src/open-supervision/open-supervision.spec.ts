import { OpenSupervision } from '../case/case.commands';
import { CaseNotFound, CaseRuleViolation, CaseStatusConflict } from '../case/case.errors';
import { CaseEvent } from '../case/case.events';
import { given, history, specContext } from '../case/case.spec-kit';

const order = (over: Partial<OpenSupervision> = {}): OpenSupervision => ({
  type: 'OpenSupervision',
  level: 2,
  instructions: '已超期，请于两个工作日内办结并书面反馈',
  dueInWorkingDays: 2,
  ...over,
});

const opened = (): CaseEvent => ({
  type: 'SupervisionOpened',
  data: { level: 2, instructions: '已超期，请于两个工作日内办结并书面反馈', dueAt: '2024-03-14T09:30:00.000Z', openedAt: '2024-03-12T02:00:00.000Z' },
});

describe('OpenSupervision (督办)', () => {
  it('opens a supervision order on an overdue case, due after N working days at 17:30 Shanghai', () => {
    // Tue 2024-03-12 10:00 Shanghai (the case was due Mon 3-11): +2 working days → Thu 3-14 17:30.
    given(history.submitted(), history.dispatched(), history.acknowledged())
      .when(order(), specContext('2024-03-12T02:00:00Z'))
      .then([opened()]);
  });

  it('counts the order due date over a holiday', () => {
    // Fri 2024-09-27: +2 working days → Sun 9-29 (调休), Mon 9-30. +3 → Tue 10-08 (after 国庆).
    given(history.submitted(), history.dispatched(), history.acknowledged())
      .when(order({ dueInWorkingDays: 2 }), specContext('2024-09-27T02:00:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { dueAt: '2024-09-30T09:30:00.000Z' } }));
    given(history.submitted(), history.dispatched(), history.acknowledged())
      .when(order({ level: 3, instructions: '挂牌督办：请主要领导牵头协调', dueInWorkingDays: 3 }), specContext('2024-09-27T02:00:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { level: 3, instructions: '挂牌督办：请主要领导牵头协调', dueAt: '2024-10-08T09:30:00.000Z' } }));
  });

  it('may supervise a case not yet acknowledged, still waiting for dispatch, or returned', () => {
    given(history.submitted(), history.dispatched())
      .when(order({ level: 1 }), specContext('2024-03-04T02:00:00Z'))
      .thenEmits((events) => expect(events.map((e) => e.type)).toEqual(['SupervisionOpened']));
    given(history.submitted())
      .when(order({ level: 1 }), specContext('2024-03-04T02:00:00Z'))
      .thenEmits((events) => expect(events.map((e) => e.type)).toEqual(['SupervisionOpened']));
    given(history.submitted(), history.dispatched(), {
      type: 'CaseReturned',
      data: { departmentCode: 'education', reason: '非本部门职责', returnedAt: '2024-03-04T02:00:00.000Z' },
    })
      .when(order({ level: 1 }), specContext('2024-03-04T03:00:00Z'))
      .thenEmits((events) => expect(events.map((e) => e.type)).toEqual(['SupervisionOpened']));
  });

  it('refuses a second order while one is open (SUPERVISION_ALREADY_OPEN)', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), opened())
      .when(order({ level: 3 }))
      .thenThrows(CaseRuleViolation, { code: 'SUPERVISION_ALREADY_OPEN', currentStatus: 'acknowledged', httpStatus: 409 });
  });

  it('opens a new order on a case reopened after an earlier order was signed off', () => {
    given(
      history.submitted(),
      history.dispatched(),
      history.acknowledged(),
      opened(),
      history.resolved('2024-03-13T02:00:00.000Z'),
      { type: 'SupervisionSignedOff', data: { comment: '已办结，同意销号', signedOffAt: '2024-03-13T06:00:00.000Z' } },
      { type: 'FollowUpRecorded', data: { satisfaction: 'unsatisfied', solved: false, comment: null, recordedAt: '2024-03-20T02:00:00.000Z' } },
      { type: 'CaseReopened', data: { reason: '回访问题未解决', reopenCount: 1, reopenedAt: '2024-03-20T02:00:00.000Z' } },
      history.dispatched({ by: 'reopen', cycle: 2, dispatchedAt: '2024-03-20T02:00:00.000Z', resolutionDueAt: '2024-03-27T09:30:00.000Z' }),
    )
      .when(order({ level: 3, instructions: '重办件挂牌督办' }), specContext('2024-03-21T02:00:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ type: 'SupervisionOpened', data: { level: 3, dueAt: '2024-03-25T09:30:00.000Z' } }));
  });

  it('refuses to supervise a resolved or finished case', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), history.resolved())
      .when(order())
      .thenThrows(CaseStatusConflict, { status: 'resolved' });
    given(history.submitted(), { type: 'CaseRejected', data: { reason: '不属于管委会职责范围', rejectedAt: '2024-03-04T02:00:00.000Z' } })
      .when(order())
      .thenThrows(CaseStatusConflict, { status: 'rejected' });
  });

  it('answers not found for a case that does not exist', () => {
    given().when(order()).thenThrows(CaseNotFound);
  });
});
