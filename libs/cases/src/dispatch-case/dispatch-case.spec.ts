import { DispatchCase } from '../case/case.commands';
import { CaseInputInvalid, CaseNotFound, CaseStatusConflict } from '../case/case.errors';
import { given, history, specContext } from '../case/case.spec-kit';

const dispatch = (over: Partial<DispatchCase> = {}): DispatchCase => ({
  type: 'DispatchCase',
  departmentCode: 'education',
  categoryCode: 'schooling',
  assistingDepartmentCodes: [],
  ...over,
});

describe('DispatchCase (分类派发)', () => {
  it('dispatches to the lead department with assisting ones, starting every clock', () => {
    // Mon 2024-03-04 09:05 Shanghai: response in 3 minutes, resolution 5 working days later
    // (Mon 3-11 17:30), assisting input 3 working days later (Thu 3-7 17:30).
    given(history.submitted())
      .when(dispatch({ assistingDepartmentCodes: ['housing'] }), specContext('2024-03-04T01:05:00Z'))
      .then([
        {
          type: 'CaseDispatched',
          data: {
            categoryCode: 'schooling',
            departmentCode: 'education',
            assistingDepartmentCodes: ['housing'],
            by: 'dispatcher',
            binding: false,
            cycle: 1,
            responseLimitMinutes: 3,
            resolutionLimitWorkingDays: 5,
            responseDueAt: '2024-03-04T01:08:00.000Z',
            resolutionDueAt: '2024-03-11T09:30:00.000Z',
            assistDueAt: '2024-03-07T09:30:00.000Z',
            dispatchedAt: '2024-03-04T01:05:00.000Z',
          },
        },
      ]);
  });

  it('has no assist deadline when no department assists', () => {
    given(history.submitted())
      .when(dispatch(), specContext('2024-03-04T01:05:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { assistingDepartmentCodes: [], assistDueAt: null } }));
  });

  it('lands the deadline of a Friday dispatch before 国庆 on the right working day, 17:30 Shanghai', () => {
    // Fri 2024-09-27 15:00 Shanghai. Working days after it: Sun 9-29 (调休), Mon 9-30, then 10-01..10-07 are off,
    // Tue 10-08, Wed 10-09, Thu 10-10 → the 5th is Thu 10-10. Assist: 3rd working day = Tue 10-08.
    given(history.submitted({ submittedAt: '2024-09-27T06:50:00.000Z' }))
      .when(dispatch({ assistingDepartmentCodes: ['labour'] }), specContext('2024-09-27T07:00:00Z'))
      .thenEmits(([event]) =>
        expect(event).toMatchObject({
          data: {
            responseDueAt: '2024-09-27T07:03:00.000Z',
            resolutionDueAt: '2024-10-10T09:30:00.000Z',
            assistDueAt: '2024-10-08T09:30:00.000Z',
          },
        }),
      );
  });

  it('counts a 调休 Saturday as a working day', () => {
    // Fri 2024-10-11; Sat 10-12 is a 调休 working day after 国庆: 10-12, 10-14, 10-15, 10-16, 10-17.
    // Without the 调休 Saturday the deadline would be Fri 10-18.
    given(history.submitted({ submittedAt: '2024-10-11T08:00:00.000Z' }))
      .when(dispatch(), specContext('2024-10-11T08:10:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { resolutionDueAt: '2024-10-17T09:30:00.000Z' } }));
  });

  it('can fall due on the 调休 Saturday itself for a one-working-day limit', () => {
    given(history.submitted({ submittedAt: '2024-10-11T08:00:00.000Z' }))
      .when(
        dispatch(),
        specContext('2024-10-11T08:10:00Z', { slaFor: () => ({ responseLimitMinutes: 3, resolutionLimitWorkingDays: 1 }) }),
      )
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { resolutionLimitWorkingDays: 1, resolutionDueAt: '2024-10-12T09:30:00.000Z' } }));
  });

  it('counts from the Shanghai date, not the UTC date, for a dispatch in the small hours', () => {
    // 2024-03-04T17:00Z is Tue 3-05 01:00 in Shanghai: 5 working days after Tue 3-05 is Tue 3-12.
    given(history.submitted())
      .when(dispatch(), specContext('2024-03-04T17:00:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { resolutionDueAt: '2024-03-12T09:30:00.000Z' } }));
  });

  it('skips the 春节 holiday and counts its 调休 Sunday', () => {
    // Fri 2024-02-09 (除夕, a working day); 2-10..2-17 off; Sun 2-18 is 调休: 2-18, 2-19, 2-20, 2-21, 2-22.
    given(history.submitted({ submittedAt: '2024-02-09T01:00:00.000Z' }))
      .when(dispatch(), specContext('2024-02-09T01:30:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { resolutionDueAt: '2024-02-22T09:30:00.000Z' } }));
  });

  it('asks the SLA table for the category and the urgency of the case', () => {
    const asked: Array<[string, string]> = [];
    const ctx = specContext('2024-03-04T01:05:00Z', {
      slaFor: (category, urgency) => {
        asked.push([category, urgency]);
        return { responseLimitMinutes: 1, resolutionLimitWorkingDays: 2 };
      },
    });
    given(history.submitted({ urgency: 'emergency', title: '厂区消防通道被占用' }))
      .when(dispatch({ categoryCode: 'fire_safety', departmentCode: 'fire' }), ctx)
      .thenEmits(([event]) =>
        expect(event).toMatchObject({
          data: {
            categoryCode: 'fire_safety',
            responseLimitMinutes: 1,
            resolutionLimitWorkingDays: 2,
            responseDueAt: '2024-03-04T01:06:00.000Z',
            resolutionDueAt: '2024-03-06T09:30:00.000Z',
          },
        }),
      );
    expect(asked).toEqual([['fire_safety', 'emergency']]);
  });

  it('uses the category from the intake when the dispatcher names none', () => {
    given(history.submitted({ categoryCode: 'subsidy' }))
      .when(dispatch({ categoryCode: null, departmentCode: 'econ_dev' }), specContext('2024-03-04T01:05:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { categoryCode: 'subsidy', departmentCode: 'econ_dev' } }));
  });

  it("lets the dispatcher override the intake's category", () => {
    given(history.submitted({ categoryCode: 'other' }))
      .when(dispatch({ categoryCode: 'land_premises', departmentCode: 'planning' }), specContext('2024-03-04T01:05:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { categoryCode: 'land_premises', departmentCode: 'planning' } }));
  });

  it('names each assisting department once', () => {
    given(history.submitted())
      .when(dispatch({ assistingDepartmentCodes: ['housing', 'labour', 'housing'] }), specContext('2024-03-04T01:05:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { assistingDepartmentCodes: ['housing', 'labour'] } }));
  });

  it('refuses to dispatch a case that has no category yet, naming categoryCode', () => {
    given(history.submitted({ categoryCode: null }))
      .when(dispatch({ categoryCode: null }))
      .thenThrows(CaseInputInvalid, { field: 'categoryCode', httpStatus: 400 });
  });

  it('refuses a lead department that also assists, naming assistingDepartmentCodes', () => {
    given(history.submitted())
      .when(dispatch({ assistingDepartmentCodes: ['labour', 'education'] }))
      .thenThrows(CaseInputInvalid, { field: 'assistingDepartmentCodes' });
  });

  it('refuses to dispatch a case twice (a returned case goes through the ruling instead)', () => {
    given(history.submitted(), history.dispatched()).when(dispatch()).thenThrows(CaseStatusConflict, { status: 'dispatched', httpStatus: 409 });
    given(history.submitted(), history.dispatched(), history.acknowledged())
      .when(dispatch())
      .thenThrows(CaseStatusConflict, { status: 'acknowledged' });
    given(history.submitted(), history.dispatched(), {
      type: 'CaseReturned',
      data: { departmentCode: 'education', reason: '非本部门职责', returnedAt: '2024-03-04T02:00:00.000Z' },
    })
      .when(dispatch({ departmentCode: 'labour' }))
      .thenThrows(CaseStatusConflict, { status: 'returned' });
  });

  it('refuses to dispatch a rejected case', () => {
    given(history.submitted(), { type: 'CaseRejected', data: { reason: '属于民事纠纷，不予受理', rejectedAt: '2024-03-04T02:00:00.000Z' } })
      .when(dispatch())
      .thenThrows(CaseStatusConflict, { status: 'rejected' });
  });

  it('answers not found for a case that does not exist', () => {
    given().when(dispatch()).thenThrows(CaseNotFound, { caseId: '11111111-1111-4111-8111-111111111111', httpStatus: 404 });
  });
});
