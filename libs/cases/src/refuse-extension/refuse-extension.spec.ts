import { CaseNotFound, CaseRuleViolation, CaseStatusConflict } from '../case/case.errors';
import { CaseEvent } from '../case/case.events';
import { foldCase } from '../case/case.state';
import { given, history, specContext } from '../case/case.spec-kit';

const requested = (): CaseEvent => ({
  type: 'ExtensionRequested',
  data: { workingDays: 5, reason: '厂房产权证明需不动产登记中心出具', requestedAt: '2024-03-07T02:00:00.000Z' },
});
const refused = (): CaseEvent => ({
  type: 'ExtensionRefused',
  data: { reason: '可通过容缺受理先行办理，不同意延期', refusedAt: '2024-03-07T06:00:00.000Z' },
});

describe('RefuseExtension (延期不予批准)', () => {
  it('refuses the pending request with the reason', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), requested())
      .when({ type: 'RefuseExtension', reason: '可通过容缺受理先行办理，不同意延期' }, specContext('2024-03-07T06:00:00Z'))
      .then([refused()]);
  });

  it('leaves the deadline where it was', () => {
    const state = foldCase([history.submitted(), history.dispatched(), history.acknowledged(), requested(), refused()]);
    expect(state).toMatchObject({ status: 'acknowledged', pendingExtension: null, assignment: { resolutionDueAt: '2024-03-11T09:30:00.000Z' } });
  });

  it('refuses to refuse when nothing is pending (NO_PENDING_EXTENSION)', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged())
      .when({ type: 'RefuseExtension', reason: '不同意' })
      .thenThrows(CaseRuleViolation, { code: 'NO_PENDING_EXTENSION', currentStatus: 'acknowledged', httpStatus: 409 });
  });

  it('refuses to refuse the same request twice', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), requested(), refused())
      .when({ type: 'RefuseExtension', reason: '不同意' })
      .thenThrows(CaseRuleViolation, { code: 'NO_PENDING_EXTENSION' });
  });

  it('refuses on a case that is not being worked', () => {
    given(history.submitted(), history.dispatched()).when({ type: 'RefuseExtension', reason: '不同意' }).thenThrows(CaseStatusConflict, { status: 'dispatched' });
    given(history.submitted(), history.dispatched(), history.acknowledged(), requested(), history.resolved())
      .when({ type: 'RefuseExtension', reason: '不同意' })
      .thenThrows(CaseStatusConflict, { status: 'resolved' });
  });

  it('answers not found for a case that does not exist', () => {
    given().when({ type: 'RefuseExtension', reason: '不同意' }).thenThrows(CaseNotFound);
  });
});
