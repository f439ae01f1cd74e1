import { SubmitCase } from '../case/case.commands';
import { CaseRuleViolation } from '../case/case.errors';
import { given, history, SPEC_CASE_ID, specContext } from '../case/case.spec-kit';

/** An intake as a grid worker (网格员) logs it on a phone. */
function intake(over: Partial<SubmitCase> = {}): SubmitCase {
  return {
    type: 'SubmitCase',
    caseId: SPEC_CASE_ID,
    caseNo: 'ZQ2024-000318',
    enterprise: { id: '33333333-3333-4333-8333-333333333333', name: '浙江金鹰五金制品有限公司', gridCode: 'g07' },
    title: '三名一线员工反映拖欠工资',
    description: '企业外包班组负责人拖欠三名一线员工两个月工资，员工情绪激动，请协调处理',
    channel: 'grid_visit',
    categoryCode: null,
    urgency: 'normal',
    contactName: '陈主管',
    contactPhone: '13957900000',
    routedDepartmentCode: null,
    ...over,
  };
}

const submittedData = {
  caseId: SPEC_CASE_ID,
  caseNo: 'ZQ2024-000318',
  enterpriseId: '33333333-3333-4333-8333-333333333333',
  enterpriseName: '浙江金鹰五金制品有限公司',
  gridCode: 'g07',
  title: '三名一线员工反映拖欠工资',
  description: '企业外包班组负责人拖欠三名一线员工两个月工资，员工情绪激动，请协调处理',
  channel: 'grid_visit' as const,
  contactName: '陈主管',
  contactPhone: '13957900000',
};

describe('SubmitCase (诉求受理)', () => {
  it('opens a case with everything the intake named, stamped with the intake time', () => {
    given()
      .when(intake(), specContext('2024-03-04T01:00:00Z'))
      .then([
        {
          type: 'CaseSubmitted',
          data: { ...submittedData, categoryCode: null, urgency: 'normal', submittedAt: '2024-03-04T01:00:00.000Z' },
        },
      ]);
  });

  it('keeps an online intake without contact details as nulls', () => {
    given()
      .when(
        intake({ channel: 'online', contactName: null, contactPhone: null, title: '申请稳岗补贴进度查询', description: '去年申报的稳岗补贴至今未到账' }),
        specContext('2024-03-04T01:00:00Z'),
      )
      .thenEmits((events) => {
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({
          type: 'CaseSubmitted',
          data: { channel: 'online', contactName: null, contactPhone: null, title: '申请稳岗补贴进度查询' },
        });
      });
  });

  it('dispatches at once by rule when the intake names a routed category', () => {
    // Friday 2024-09-27 10:00 Shanghai, just before 国庆: 9-29 (Sun) and 9-30 are 调休/working days,
    // 10-01..10-07 are off, so the 5th working day after the Friday is Thu 10-10.
    given()
      .when(
        intake({ categoryCode: 'wage_arrears', routedDepartmentCode: 'labour' }),
        specContext('2024-09-27T02:00:00Z'),
      )
      .then([
        {
          type: 'CaseSubmitted',
          data: { ...submittedData, categoryCode: 'wage_arrears', urgency: 'normal', submittedAt: '2024-09-27T02:00:00.000Z' },
        },
        {
          type: 'CaseDispatched',
          data: {
            categoryCode: 'wage_arrears',
            departmentCode: 'labour',
            assistingDepartmentCodes: [],
            by: 'rule',
            binding: false,
            cycle: 1,
            responseLimitMinutes: 3,
            resolutionLimitWorkingDays: 5,
            responseDueAt: '2024-09-27T02:03:00.000Z',
            resolutionDueAt: '2024-10-10T09:30:00.000Z',
            assistDueAt: null,
            dispatchedAt: '2024-09-27T02:00:00.000Z',
          },
        },
      ]);
  });

  it('takes the routed limits from the category and urgency of the intake', () => {
    const asked: Array<[string, string]> = [];
    const ctx = specContext('2024-09-27T02:00:00Z', {
      slaFor: (category, urgency) => {
        asked.push([category, urgency]);
        return urgency === 'urgent' ? { responseLimitMinutes: 1, resolutionLimitWorkingDays: 2 } : { responseLimitMinutes: 3, resolutionLimitWorkingDays: 5 };
      },
    });
    given()
      .when(intake({ categoryCode: 'wage_arrears', routedDepartmentCode: 'labour', urgency: 'urgent' }), ctx)
      .thenEmits(([, dispatched]) => {
        // 2 working days after Fri 9-27: Sun 9-29 (调休) and Mon 9-30.
        expect(dispatched).toMatchObject({
          type: 'CaseDispatched',
          data: {
            responseLimitMinutes: 1,
            resolutionLimitWorkingDays: 2,
            responseDueAt: '2024-09-27T02:01:00.000Z',
            resolutionDueAt: '2024-09-30T09:30:00.000Z',
          },
        });
      });
    expect(asked).toEqual([['wage_arrears', 'urgent']]);
  });

  it('leaves a case with a category but no routing rule waiting for a dispatcher', () => {
    given()
      .when(intake({ categoryCode: 'fire_safety', routedDepartmentCode: null }), specContext('2024-03-04T01:00:00Z'))
      .then([
        {
          type: 'CaseSubmitted',
          data: { ...submittedData, categoryCode: 'fire_safety', urgency: 'normal', submittedAt: '2024-03-04T01:00:00.000Z' },
        },
      ]);
  });

  it('does not dispatch on a routed department when the intake names no category', () => {
    given()
      .when(intake({ categoryCode: null, routedDepartmentCode: 'labour' }), specContext('2024-03-04T01:00:00Z'))
      .thenEmits((events) => expect(events.map((e) => e.type)).toEqual(['CaseSubmitted']));
  });

  it('refuses a resubmission into an existing case (no second case from a flaky network)', () => {
    given(history.submitted())
      .when(intake())
      .thenThrows(CaseRuleViolation, { code: 'CASE_EXISTS', currentStatus: 'submitted', httpStatus: 409 });
  });

  it('refuses a resubmission even after the case was dispatched by rule', () => {
    given(history.submitted(), history.dispatched({ by: 'rule' }))
      .when(intake({ categoryCode: 'wage_arrears', routedDepartmentCode: 'labour' }))
      .thenThrows(CaseRuleViolation, { code: 'CASE_EXISTS', currentStatus: 'dispatched' });
  });
});
