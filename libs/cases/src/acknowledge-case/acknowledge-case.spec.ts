import { CaseNotFound, CaseStatusConflict } from '../case/case.errors';
import { given, history, specContext } from '../case/case.spec-kit';

describe('AcknowledgeCase (签收)', () => {
  it('acknowledges a dispatched case within the 3-minute limit', () => {
    given(history.submitted(), history.dispatched())
      .when({ type: 'AcknowledgeCase', note: '已联系企业' }, specContext('2024-03-04T01:07:30Z'))
      .then([
        {
          type: 'CaseAcknowledged',
          data: { departmentCode: 'education', note: '已联系企业', withinResponseLimit: true, acknowledgedAt: '2024-03-04T01:07:30.000Z' },
        },
      ]);
  });

  it('records a late acknowledgement as outside the response limit', () => {
    given(history.submitted(), history.dispatched())
      .when({ type: 'AcknowledgeCase', note: null }, specContext('2024-03-04T01:08:01Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { withinResponseLimit: false } }));
  });

  it('refuses a second acknowledgement, naming the current status', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged())
      .when({ type: 'AcknowledgeCase', note: null })
      .thenThrows(CaseStatusConflict, { status: 'acknowledged' });
  });

  it('refuses to acknowledge a case that was never dispatched', () => {
    given(history.submitted()).when({ type: 'AcknowledgeCase', note: null }).thenThrows(CaseStatusConflict, { status: 'submitted' });
  });

  it('answers not found for a case that does not exist', () => {
    given().when({ type: 'AcknowledgeCase', note: null }).thenThrows(CaseNotFound);
  });
});
