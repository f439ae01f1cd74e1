import { CaseNotFound, CaseRuleViolation, CaseStatusConflict } from '../case/case.errors';
import { CaseEvent } from '../case/case.events';
import { given, history, specContext } from '../case/case.spec-kit';

const opened = (): CaseEvent => ({
  type: 'SupervisionOpened',
  data: { level: 2, instructions: '请于两个工作日内办结并书面反馈', dueAt: '2024-03-08T09:30:00.000Z', openedAt: '2024-03-06T02:00:00.000Z' },
});
const signedOff = (): CaseEvent => ({ type: 'SupervisionSignedOff', data: { comment: '已办结，同意销号', signedOffAt: '2024-03-07T02:00:00.000Z' } });
const signOff = { type: 'SignOffSupervision', comment: '已办结，同意销号' } as const;

describe('SignOffSupervision (督办销号)', () => {
  it('signs off the order once the case is resolved', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), opened(), history.resolved('2024-03-06T06:00:00.000Z'))
      .when(signOff, specContext('2024-03-07T02:00:00Z'))
      .then([signedOff()]);
  });

  it('signs off without a comment', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), opened(), history.resolved('2024-03-06T06:00:00.000Z'))
      .when({ type: 'SignOffSupervision', comment: null }, specContext('2024-03-07T02:00:00Z'))
      .then([{ type: 'SupervisionSignedOff', data: { comment: null, signedOffAt: '2024-03-07T02:00:00.000Z' } }]);
  });

  it('refuses a sign-off while the case is still being worked, naming the status', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), opened())
      .when(signOff)
      .thenThrows(CaseStatusConflict, { status: 'acknowledged', httpStatus: 409 });
    given(history.submitted(), history.dispatched(), opened()).when(signOff).thenThrows(CaseStatusConflict, { status: 'dispatched' });
    given(history.submitted(), opened()).when(signOff).thenThrows(CaseStatusConflict, { status: 'submitted' });
  });

  it('refuses a sign-off on a case reopened by follow-up until it is resolved again', () => {
    given(
      history.submitted(),
      history.dispatched(),
      history.acknowledged(),
      opened(),
      history.resolved('2024-03-06T06:00:00.000Z'),
      { type: 'FollowUpRecorded', data: { satisfaction: 'unsatisfied', solved: false, comment: '学位仍未落实', recordedAt: '2024-03-07T01:00:00.000Z' } },
      { type: 'CaseReopened', data: { reason: '回访问题未解决', reopenCount: 1, reopenedAt: '2024-03-07T01:00:00.000Z' } },
      history.dispatched({ by: 'reopen', cycle: 2, dispatchedAt: '2024-03-07T01:00:00.000Z', resolutionDueAt: '2024-03-14T09:30:00.000Z' }),
    )
      .when(signOff)
      .thenThrows(CaseStatusConflict, { status: 'dispatched' });
  });

  it.each<[string, CaseEvent[]]>([
    [
      'closed',
      [history.dispatched(), history.acknowledged(), history.resolved(), { type: 'CaseClosed', data: { via: 'follow_up', closedAt: '2024-03-06T08:00:00.000Z' } }],
    ],
    ['withdrawn', [history.dispatched(), { type: 'CaseWithdrawn', data: { reason: '企业已自行解决', withdrawnAt: '2024-03-06T08:00:00.000Z' } }]],
    [
      'merged',
      [history.dispatched(), { type: 'CaseMerged', data: { intoCaseId: '44444444-4444-4444-8444-444444444444', reason: '重复件', mergedAt: '2024-03-06T08:00:00.000Z' } }],
    ],
    ['rejected', [{ type: 'CaseRejected', data: { reason: '不属于管委会职责范围', rejectedAt: '2024-03-06T08:00:00.000Z' } }]],
  ])('signs off the order of a case that ended %s', (_status, ending) => {
    // 一般督办 opened right at intake, before anything else happened.
    const openedAtIntake: CaseEvent = {
      type: 'SupervisionOpened',
      data: { level: 1, instructions: '涉及欠薪，请密切跟踪', dueAt: '2024-03-06T09:30:00.000Z', openedAt: '2024-03-04T01:02:00.000Z' },
    };
    given(history.submitted(), openedAtIntake, ...ending)
      .when(signOff, specContext('2024-03-07T02:00:00Z'))
      .then([signedOff()]);
  });

  it('refuses a sign-off when no order is open (NO_OPEN_SUPERVISION)', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), history.resolved())
      .when(signOff)
      .thenThrows(CaseRuleViolation, { code: 'NO_OPEN_SUPERVISION', currentStatus: 'resolved', httpStatus: 409 });
  });

  it('refuses to sign off the same order twice', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), opened(), history.resolved('2024-03-06T06:00:00.000Z'), signedOff())
      .when(signOff)
      .thenThrows(CaseRuleViolation, { code: 'NO_OPEN_SUPERVISION', currentStatus: 'resolved' });
  });

  it('answers not found for a case that does not exist', () => {
    given().when(signOff).thenThrows(CaseNotFound);
  });
});
