import { RuleOnReturn } from '../case/case.commands';
import { CaseInputInvalid, CaseNotFound, CaseRuleViolation, CaseStatusConflict } from '../case/case.errors';
import { CaseEvent } from '../case/case.events';
import { decide } from '../case/decide';
import { foldCase } from '../case/case.state';
import { given, history, SPEC_CASE_ID, specContext } from '../case/case.spec-kit';

const returnedByEducation = (): CaseEvent => ({
  type: 'CaseReturned',
  data: { departmentCode: 'education', reason: '该诉求为欠薪问题，应由人社局办理', returnedAt: '2024-03-04T01:30:00.000Z' },
});

const ruling = (over: Partial<RuleOnReturn> = {}): RuleOnReturn => ({
  type: 'RuleOnReturn',
  decision: 'redispatch',
  departmentCode: 'labour',
  categoryCode: null,
  reason: null,
  ...over,
});

describe('RuleOnReturn (退回裁定)', () => {
  it('re-dispatches elsewhere with fresh clocks and a new cycle', () => {
    // Tue 2024-03-05 10:00 Shanghai: 5 working days later is Tue 3-12.
    given(history.submitted(), history.dispatched(), history.acknowledged(), returnedByEducation())
      .when(ruling({ categoryCode: 'wage_arrears', reason: '同意退回，改派人社局' }), specContext('2024-03-05T02:00:00Z'))
      .then([
        {
          type: 'ReturnRuled',
          data: { decision: 'redispatch', departmentCode: 'labour', reason: '同意退回，改派人社局', ruledAt: '2024-03-05T02:00:00.000Z' },
        },
        {
          type: 'CaseDispatched',
          data: {
            categoryCode: 'wage_arrears',
            departmentCode: 'labour',
            assistingDepartmentCodes: [],
            by: 'return_ruling',
            binding: false,
            cycle: 2,
            responseLimitMinutes: 3,
            resolutionLimitWorkingDays: 5,
            responseDueAt: '2024-03-05T02:03:00.000Z',
            resolutionDueAt: '2024-03-12T09:30:00.000Z',
            assistDueAt: null,
            dispatchedAt: '2024-03-05T02:00:00.000Z',
          },
        },
      ]);
  });

  it('keeps the previous category when the ruling names none', () => {
    given(history.submitted(), history.dispatched(), returnedByEducation())
      .when(ruling(), specContext('2024-03-05T02:00:00Z'))
      .thenEmits(([, dispatched]) => expect(dispatched).toMatchObject({ data: { categoryCode: 'schooling', departmentCode: 'labour' } }));
  });

  it('insists on the department that returned it: binding, same department', () => {
    given(history.submitted(), history.dispatched(), returnedByEducation())
      .when(
        ruling({ decision: 'insist', departmentCode: null, reason: '涉及随迁子女入学，属教育局职责，请继续办理' }),
        specContext('2024-03-04T02:00:00Z'),
      )
      .then([
        {
          type: 'ReturnRuled',
          data: { decision: 'insist', departmentCode: 'education', reason: '涉及随迁子女入学，属教育局职责，请继续办理', ruledAt: '2024-03-04T02:00:00.000Z' },
        },
        {
          type: 'CaseDispatched',
          data: {
            categoryCode: 'schooling',
            departmentCode: 'education',
            assistingDepartmentCodes: [],
            by: 'return_ruling',
            binding: true,
            cycle: 2,
            responseLimitMinutes: 3,
            resolutionLimitWorkingDays: 5,
            responseDueAt: '2024-03-04T02:03:00.000Z',
            resolutionDueAt: '2024-03-11T09:30:00.000Z',
            assistDueAt: null,
            dispatchedAt: '2024-03-04T02:00:00.000Z',
          },
        },
      ]);
  });

  it('makes the insisted assignment non-returnable: a later ReturnCase is refused with RETURN_NOT_ALLOWED', () => {
    const before = [history.submitted(), history.dispatched(), returnedByEducation()];
    const ruled = decide(SPEC_CASE_ID, foldCase(before), ruling({ decision: 'insist', departmentCode: null }), specContext('2024-03-04T02:00:00Z'));
    given(...before, ...ruled)
      .when({ type: 'ReturnCase', reason: '仍不属于教育局职责' }, specContext('2024-03-04T02:01:00Z'))
      .thenThrows(CaseRuleViolation, { code: 'RETURN_NOT_ALLOWED', currentStatus: 'dispatched' });
  });

  it('keeps a re-dispatched assignment returnable by the new department', () => {
    const before = [history.submitted(), history.dispatched(), returnedByEducation()];
    const ruled = decide(SPEC_CASE_ID, foldCase(before), ruling(), specContext('2024-03-04T02:00:00Z'));
    given(...before, ...ruled)
      .when({ type: 'ReturnCase', reason: '企业已与员工和解，请改派' }, specContext('2024-03-04T02:30:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ type: 'CaseReturned', data: { departmentCode: 'labour' } }));
  });

  it('keeps the assisting departments, dropping one that becomes the lead', () => {
    given(
      history.submitted(),
      history.dispatched({ assistingDepartmentCodes: ['labour', 'housing'], assistDueAt: '2024-03-07T09:30:00.000Z' }),
      returnedByEducation(),
    )
      .when(ruling({ departmentCode: 'labour' }), specContext('2024-03-05T02:00:00Z'))
      .thenEmits(([, dispatched]) =>
        // A fresh assist deadline: 3 working days after Tue 3-05 is Fri 3-08.
        expect(dispatched).toMatchObject({ data: { departmentCode: 'labour', assistingDepartmentCodes: ['housing'], assistDueAt: '2024-03-08T09:30:00.000Z' } }),
      );
  });

  it('refuses to insist on a department other than the one that returned it, naming departmentCode', () => {
    given(history.submitted(), history.dispatched(), returnedByEducation())
      .when(ruling({ decision: 'insist', departmentCode: 'labour' }))
      .thenThrows(CaseInputInvalid, { field: 'departmentCode' });
  });

  it('refuses a re-dispatch without a department, naming departmentCode', () => {
    given(history.submitted(), history.dispatched(), returnedByEducation())
      .when(ruling({ departmentCode: null }))
      .thenThrows(CaseInputInvalid, { field: 'departmentCode', httpStatus: 400 });
  });

  it('refuses a "re-dispatch" to the department that returned it (that is insisting)', () => {
    given(history.submitted(), history.dispatched(), returnedByEducation())
      .when(ruling({ departmentCode: 'education' }))
      .thenThrows(CaseInputInvalid, { field: 'departmentCode' });
  });

  it('refuses a ruling on a case that is not returned', () => {
    given(history.submitted(), history.dispatched()).when(ruling()).thenThrows(CaseStatusConflict, { status: 'dispatched' });
    given(history.submitted()).when(ruling()).thenThrows(CaseStatusConflict, { status: 'submitted' });
  });

  it('refuses a second ruling on the same return', () => {
    given(
      history.submitted(),
      history.dispatched(),
      returnedByEducation(),
      { type: 'ReturnRuled', data: { decision: 'redispatch', departmentCode: 'labour', reason: null, ruledAt: '2024-03-04T02:00:00.000Z' } },
      history.dispatched({ departmentCode: 'labour', by: 'return_ruling', cycle: 2 }),
    )
      .when(ruling({ departmentCode: 'legal' }))
      .thenThrows(CaseStatusConflict, { status: 'dispatched' });
  });

  it('answers not found for a case that does not exist', () => {
    given().when(ruling()).thenThrows(CaseNotFound);
  });
});
