import { RecordFollowUp } from '../case/case.commands';
import { CaseNotFound, CaseStatusConflict } from '../case/case.errors';
import { CaseEvent } from '../case/case.events';
import { foldCase } from '../case/case.state';
import { decide } from '../case/decide';
import { given, history, SPEC_CASE_ID, specContext } from '../case/case.spec-kit';

const followUp = (over: Partial<RecordFollowUp> = {}): RecordFollowUp => ({
  type: 'RecordFollowUp',
  satisfaction: 'satisfied',
  solved: true,
  comment: '两名员工子女已入学，企业表示感谢',
  ...over,
});

/** A case dispatched Fri 2024-09-13 with 住建局 assisting, resolved Fri 9-20; called back Fri 9-27 10:00 Shanghai. */
const resolvedCase = (): CaseEvent[] => [
  history.submitted({ submittedAt: '2024-09-13T01:00:00.000Z' }),
  history.dispatched({
    assistingDepartmentCodes: ['housing'],
    dispatchedAt: '2024-09-13T01:05:00.000Z',
    responseDueAt: '2024-09-13T01:08:00.000Z',
    resolutionDueAt: '2024-09-23T09:30:00.000Z',
    assistDueAt: '2024-09-19T09:30:00.000Z',
  }),
  history.acknowledged('2024-09-13T01:06:00.000Z'),
  history.resolved('2024-09-20T06:00:00.000Z'),
];
const followUpAt = specContext('2024-09-27T02:00:00Z');

/** The dispatch of a reopen on Fri 9-27: fresh clocks over 国庆 (9-29 调休, 9-30, 10-08, 10-09, 10-10). */
const reopenDispatch = (over: Partial<Extract<CaseEvent, { type: 'CaseDispatched' }>['data']> = {}): CaseEvent => ({
  type: 'CaseDispatched',
  data: {
    categoryCode: 'schooling',
    departmentCode: 'education',
    assistingDepartmentCodes: ['housing'],
    by: 'reopen',
    binding: false,
    cycle: 2,
    responseLimitMinutes: 3,
    resolutionLimitWorkingDays: 5,
    responseDueAt: '2024-09-27T02:03:00.000Z',
    resolutionDueAt: '2024-10-10T09:30:00.000Z',
    assistDueAt: '2024-10-08T09:30:00.000Z',
    dispatchedAt: '2024-09-27T02:00:00.000Z',
    ...over,
  },
});

describe('RecordFollowUp (事后跟踪)', () => {
  it('closes a case whose enterprise is satisfied and whose problem is solved (销号)', () => {
    given(...resolvedCase())
      .when(followUp(), followUpAt)
      .then([
        {
          type: 'FollowUpRecorded',
          data: { satisfaction: 'satisfied', solved: true, comment: '两名员工子女已入学，企业表示感谢', recordedAt: '2024-09-27T02:00:00.000Z' },
        },
        { type: 'CaseClosed', data: { via: 'follow_up', closedAt: '2024-09-27T02:00:00.000Z' } },
      ]);
  });

  it('closes a basically satisfied, solved case too', () => {
    given(...resolvedCase())
      .when(followUp({ satisfaction: 'basically_satisfied', comment: '已入学，但学校离厂区较远' }), followUpAt)
      .thenEmits((events) => expect(events.map((e) => e.type)).toEqual(['FollowUpRecorded', 'CaseClosed']));
  });

  it('reopens an unsatisfied case and dispatches it again to the same department with fresh clocks', () => {
    given(...resolvedCase())
      .when(followUp({ satisfaction: 'unsatisfied', solved: true, comment: '办理态度敷衍' }), followUpAt)
      .then([
        { type: 'FollowUpRecorded', data: { satisfaction: 'unsatisfied', solved: true, comment: '办理态度敷衍', recordedAt: '2024-09-27T02:00:00.000Z' } },
        { type: 'CaseReopened', data: { reason: '回访不满意', reopenCount: 1, reopenedAt: '2024-09-27T02:00:00.000Z' } },
        reopenDispatch(),
      ]);
  });

  it('reopens a satisfied case whose problem is not actually solved', () => {
    given(...resolvedCase())
      .when(followUp({ satisfaction: 'satisfied', solved: false, comment: '只安排了一个学位，另一名仍未落实' }), followUpAt)
      .then([
        {
          type: 'FollowUpRecorded',
          data: { satisfaction: 'satisfied', solved: false, comment: '只安排了一个学位，另一名仍未落实', recordedAt: '2024-09-27T02:00:00.000Z' },
        },
        { type: 'CaseReopened', data: { reason: '回访问题未解决', reopenCount: 1, reopenedAt: '2024-09-27T02:00:00.000Z' } },
        reopenDispatch(),
      ]);
  });

  it('names "unsolved" as the reason when the enterprise is both unsatisfied and unsolved', () => {
    given(...resolvedCase())
      .when(followUp({ satisfaction: 'unsatisfied', solved: false, comment: null }), followUpAt)
      .thenEmits(([recorded, reopened]) => {
        expect(recorded).toMatchObject({ data: { satisfaction: 'unsatisfied', solved: false, comment: null } });
        expect(reopened).toEqual({ type: 'CaseReopened', data: { reason: '回访问题未解决', reopenCount: 1, reopenedAt: '2024-09-27T02:00:00.000Z' } });
      });
  });

  it('counts a second reopen and a third dispatch cycle', () => {
    const first = decide(SPEC_CASE_ID, foldCase(resolvedCase()), followUp({ satisfaction: 'unsatisfied', solved: false }), followUpAt);
    const secondRound: CaseEvent[] = [
      history.acknowledged('2024-09-27T02:02:00.000Z'),
      history.resolved('2024-10-09T06:00:00.000Z'),
    ];
    // Called back again on Mon 2024-10-14 10:00 Shanghai: 5 working days later is Mon 10-21.
    given(...resolvedCase(), ...first, ...secondRound)
      .when(followUp({ satisfaction: 'unsatisfied', solved: false, comment: '仍未解决' }), specContext('2024-10-14T02:00:00Z'))
      .thenEmits(([, reopened, dispatched]) => {
        expect(reopened).toMatchObject({ data: { reopenCount: 2 } });
        expect(dispatched).toMatchObject({
          type: 'CaseDispatched',
          data: { by: 'reopen', cycle: 3, departmentCode: 'education', responseDueAt: '2024-10-14T02:03:00.000Z', resolutionDueAt: '2024-10-21T09:30:00.000Z' },
        });
      });
  });

  it('keeps a binding assignment binding after a reopen (the department still may not return it)', () => {
    const insisted: CaseEvent[] = [
      history.submitted(),
      history.dispatched(),
      { type: 'CaseReturned', data: { departmentCode: 'education', reason: '非本部门职责', returnedAt: '2024-03-04T01:30:00.000Z' } },
      { type: 'ReturnRuled', data: { decision: 'insist', departmentCode: 'education', reason: '属教育局职责', ruledAt: '2024-03-04T02:00:00.000Z' } },
      history.dispatched({ by: 'return_ruling', binding: true, cycle: 2, dispatchedAt: '2024-03-04T02:00:00.000Z', responseDueAt: '2024-03-04T02:03:00.000Z' }),
      history.acknowledged('2024-03-04T02:01:00.000Z'),
      history.resolved(),
    ];
    const reopened = decide(SPEC_CASE_ID, foldCase(insisted), followUp({ satisfaction: 'unsatisfied', solved: false }), specContext('2024-03-13T02:00:00Z'));
    expect(reopened[2]).toMatchObject({ type: 'CaseDispatched', data: { by: 'reopen', binding: true, cycle: 3, departmentCode: 'education' } });
  });

  it('refuses a follow-up before the case is resolved', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged())
      .when(followUp())
      .thenThrows(CaseStatusConflict, { status: 'acknowledged', httpStatus: 409 });
  });

  it('refuses a second follow-up on a closed case', () => {
    given(...resolvedCase(), ...decide(SPEC_CASE_ID, foldCase(resolvedCase()), followUp(), followUpAt))
      .when(followUp({ satisfaction: 'unsatisfied' }))
      .thenThrows(CaseStatusConflict, { status: 'closed' });
  });

  it('refuses a second follow-up while the reopened case is being reworked', () => {
    given(...resolvedCase(), ...decide(SPEC_CASE_ID, foldCase(resolvedCase()), followUp({ satisfaction: 'unsatisfied' }), followUpAt))
      .when(followUp())
      .thenThrows(CaseStatusConflict, { status: 'dispatched' });
  });

  it('answers not found for a case that does not exist', () => {
    given().when(followUp()).thenThrows(CaseNotFound);
  });
});
