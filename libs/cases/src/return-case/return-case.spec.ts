import { CaseNotFound, CaseRuleViolation, CaseStatusConflict } from '../case/case.errors';
import { CaseEvent } from '../case/case.events';
import { given, history, specContext } from '../case/case.spec-kit';

const returned = (at = '2024-03-04T02:00:00.000Z'): CaseEvent => ({
  type: 'CaseReturned',
  data: { departmentCode: 'education', reason: '该诉求为劳资纠纷，应由人社局办理', returnedAt: at },
});

const insisted = (): CaseEvent[] => [
  { type: 'ReturnRuled', data: { decision: 'insist', departmentCode: 'education', reason: '涉及子女入学，仍由教育局主办', ruledAt: '2024-03-04T03:00:00.000Z' } },
  history.dispatched({ by: 'return_ruling', binding: true, cycle: 2, dispatchedAt: '2024-03-04T03:00:00.000Z', responseDueAt: '2024-03-04T03:03:00.000Z' }),
];

describe('ReturnCase (退回)', () => {
  it('hands a mis-routed dispatched case back to the dispatcher with the reason', () => {
    given(history.submitted(), history.dispatched())
      .when({ type: 'ReturnCase', reason: '该诉求为劳资纠纷，应由人社局办理' }, specContext('2024-03-04T01:07:00Z'))
      .then([
        {
          type: 'CaseReturned',
          data: { departmentCode: 'education', reason: '该诉求为劳资纠纷，应由人社局办理', returnedAt: '2024-03-04T01:07:00.000Z' },
        },
      ]);
  });

  it('lets the department return a case it has already acknowledged', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged())
      .when({ type: 'ReturnCase', reason: '经核实属于消防部门职责' }, specContext('2024-03-05T02:00:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ type: 'CaseReturned', data: { departmentCode: 'education', reason: '经核实属于消防部门职责' } }));
  });

  it('names the department currently holding the case after a re-dispatch', () => {
    given(
      history.submitted(),
      history.dispatched(),
      returned(),
      { type: 'ReturnRuled', data: { decision: 'redispatch', departmentCode: 'labour', reason: null, ruledAt: '2024-03-04T03:00:00.000Z' } },
      history.dispatched({ departmentCode: 'labour', by: 'return_ruling', cycle: 2 }),
    )
      .when({ type: 'ReturnCase', reason: '企业已与员工达成和解协议，不属于欠薪' }, specContext('2024-03-04T04:00:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { departmentCode: 'labour' } }));
  });

  it('refuses a return after the dispatcher insisted (binding), with code RETURN_NOT_ALLOWED', () => {
    given(history.submitted(), history.dispatched(), returned(), ...insisted())
      .when({ type: 'ReturnCase', reason: '仍认为不属于本部门职责' })
      .thenThrows(CaseRuleViolation, { code: 'RETURN_NOT_ALLOWED', currentStatus: 'dispatched', httpStatus: 409 });
  });

  it('still refuses the return once the binding assignment is acknowledged', () => {
    given(history.submitted(), history.dispatched(), returned(), ...insisted(), history.acknowledged('2024-03-04T03:02:00.000Z'))
      .when({ type: 'ReturnCase', reason: '仍认为不属于本部门职责' })
      .thenThrows(CaseRuleViolation, { code: 'RETURN_NOT_ALLOWED', currentStatus: 'acknowledged' });
  });

  it('refuses to return a case that is already returned', () => {
    given(history.submitted(), history.dispatched(), returned())
      .when({ type: 'ReturnCase', reason: '重复退回' })
      .thenThrows(CaseStatusConflict, { status: 'returned' });
  });

  it('refuses to return a case that was never dispatched', () => {
    given(history.submitted()).when({ type: 'ReturnCase', reason: '非本部门职责' }).thenThrows(CaseStatusConflict, { status: 'submitted' });
  });

  it('refuses to return a resolved case', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), history.resolved())
      .when({ type: 'ReturnCase', reason: '非本部门职责' })
      .thenThrows(CaseStatusConflict, { status: 'resolved' });
  });

  it('answers not found for a case that does not exist', () => {
    given().when({ type: 'ReturnCase', reason: '非本部门职责' }).thenThrows(CaseNotFound);
  });
});
