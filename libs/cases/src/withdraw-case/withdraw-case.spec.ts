import { CaseNotFound, CaseStatusConflict } from '../case/case.errors';
import { CaseEvent } from '../case/case.events';
import { given, history, specContext } from '../case/case.spec-kit';

const withdraw = { type: 'WithdrawCase', reason: '员工子女已由企业自行联系民办学校解决' } as const;
const withdrawn = (at: string): CaseEvent => ({ type: 'CaseWithdrawn', data: { reason: '员工子女已由企业自行联系民办学校解决', withdrawnAt: at } });

describe('WithdrawCase (企业撤回)', () => {
  it.each<[string, CaseEvent[]]>([
    ['submitted', [history.submitted()]],
    ['dispatched', [history.submitted(), history.dispatched()]],
    ['acknowledged', [history.submitted(), history.dispatched(), history.acknowledged()]],
    [
      'returned',
      [
        history.submitted(),
        history.dispatched(),
        { type: 'CaseReturned', data: { departmentCode: 'education', reason: '非本部门职责', returnedAt: '2024-03-04T02:00:00.000Z' } },
      ],
    ],
  ])('lets the enterprise withdraw a %s request', (_status, events) => {
    given(...events).when(withdraw, specContext('2024-03-05T02:00:00Z')).then([withdrawn('2024-03-05T02:00:00.000Z')]);
  });

  it('accepts a withdrawal without a reason', () => {
    given(history.submitted())
      .when({ type: 'WithdrawCase', reason: null }, specContext('2024-03-04T01:10:00Z'))
      .then([{ type: 'CaseWithdrawn', data: { reason: null, withdrawnAt: '2024-03-04T01:10:00.000Z' } }]);
  });

  it('refuses to withdraw a resolved case (it waits for follow-up instead)', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), history.resolved())
      .when(withdraw)
      .thenThrows(CaseStatusConflict, { status: 'resolved', httpStatus: 409 });
  });

  it('refuses to withdraw a case twice or after it was closed or merged', () => {
    given(history.submitted(), withdrawn('2024-03-04T02:00:00.000Z')).when(withdraw).thenThrows(CaseStatusConflict, { status: 'withdrawn' });
    given(
      history.submitted(),
      history.dispatched(),
      history.acknowledged(),
      history.resolved(),
      { type: 'CaseClosed', data: { via: 'follow_up', closedAt: '2024-03-08T02:00:00.000Z' } },
    )
      .when(withdraw)
      .thenThrows(CaseStatusConflict, { status: 'closed' });
    given(history.submitted(), { type: 'CaseMerged', data: { intoCaseId: '44444444-4444-4444-8444-444444444444', reason: null, mergedAt: '2024-03-04T02:00:00.000Z' } })
      .when(withdraw)
      .thenThrows(CaseStatusConflict, { status: 'merged' });
  });

  it('answers not found for a case that does not exist', () => {
    given().when(withdraw).thenThrows(CaseNotFound);
  });
});
