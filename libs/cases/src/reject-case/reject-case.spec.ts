import { CaseNotFound, CaseStatusConflict } from '../case/case.errors';
import { CaseEvent } from '../case/case.events';
import { given, history, specContext } from '../case/case.spec-kit';

const reject = { type: 'RejectCase', reason: '属于企业间合同纠纷，请通过诉讼途径解决，不予受理' } as const;
const returned = (): CaseEvent => ({
  type: 'CaseReturned',
  data: { departmentCode: 'education', reason: '非本部门职责', returnedAt: '2024-03-04T02:00:00.000Z' },
});

describe('RejectCase (不予受理)', () => {
  it('rejects a submitted request as out of scope, with the reason', () => {
    given(history.submitted({ title: '与供应商货款纠纷', description: '供应商拖欠货款30万元' }))
      .when(reject, specContext('2024-03-04T01:30:00Z'))
      .then([
        { type: 'CaseRejected', data: { reason: '属于企业间合同纠纷，请通过诉讼途径解决，不予受理', rejectedAt: '2024-03-04T01:30:00.000Z' } },
      ]);
  });

  it('rejects a case that a department returned as out of scope', () => {
    given(history.submitted(), history.dispatched(), returned())
      .when(reject, specContext('2024-03-04T03:00:00Z'))
      .thenEmits((events) => expect(events).toEqual([{ type: 'CaseRejected', data: { reason: reject.reason, rejectedAt: '2024-03-04T03:00:00.000Z' } }]));
  });

  it('refuses to reject a case that a department is working on', () => {
    given(history.submitted(), history.dispatched()).when(reject).thenThrows(CaseStatusConflict, { status: 'dispatched', httpStatus: 409 });
    given(history.submitted(), history.dispatched(), history.acknowledged()).when(reject).thenThrows(CaseStatusConflict, { status: 'acknowledged' });
  });

  it('refuses to reject a finished case', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), history.resolved())
      .when(reject)
      .thenThrows(CaseStatusConflict, { status: 'resolved' });
    given(history.submitted(), { type: 'CaseRejected', data: { reason: '不予受理', rejectedAt: '2024-03-04T01:30:00.000Z' } })
      .when(reject)
      .thenThrows(CaseStatusConflict, { status: 'rejected' });
  });

  it('answers not found for a case that does not exist', () => {
    given().when(reject).thenThrows(CaseNotFound);
  });
});
