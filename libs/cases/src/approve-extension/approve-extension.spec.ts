import { CaseNotFound, CaseRuleViolation, CaseStatusConflict } from '../case/case.errors';
import { CaseEvent } from '../case/case.events';
import { foldCase } from '../case/case.state';
import { decide } from '../case/decide';
import { given, history, SPEC_CASE_ID, specContext } from '../case/case.spec-kit';

const requested = (workingDays = 3, at = '2024-03-07T02:00:00.000Z'): CaseEvent => ({
  type: 'ExtensionRequested',
  data: { workingDays, reason: '需等待区教育局统筹学位', requestedAt: at },
});

describe('ApproveExtension (延期审批)', () => {
  it('moves the deadline by the requested working days, keeping 17:30 Shanghai', () => {
    // Due Mon 2024-03-11 17:30; +3 working days → Thu 3-14 17:30.
    given(history.submitted(), history.dispatched(), history.acknowledged(), requested(3))
      .when({ type: 'ApproveExtension' }, specContext('2024-03-07T06:00:00Z'))
      .then([
        {
          type: 'ExtensionApproved',
          data: {
            workingDays: 3,
            previousResolutionDueAt: '2024-03-11T09:30:00.000Z',
            resolutionDueAt: '2024-03-14T09:30:00.000Z',
            approvedAt: '2024-03-07T06:00:00.000Z',
          },
        },
      ]);
  });

  it('counts the extension over the 国庆 holiday and its 调休 Sunday', () => {
    // Due Fri 2024-09-27; +3 working days: Sun 9-29 (调休), Mon 9-30, (10-01..10-07 off), Tue 10-08.
    given(
      history.submitted({ submittedAt: '2024-09-20T01:00:00.000Z' }),
      history.dispatched({ dispatchedAt: '2024-09-20T01:05:00.000Z', responseDueAt: '2024-09-20T01:08:00.000Z', resolutionDueAt: '2024-09-27T09:30:00.000Z' }),
      history.acknowledged('2024-09-20T01:06:00.000Z'),
      requested(3, '2024-09-26T02:00:00.000Z'),
    )
      .when({ type: 'ApproveExtension' }, specContext('2024-09-26T06:00:00Z'))
      .thenEmits(([event]) =>
        expect(event).toMatchObject({
          data: { previousResolutionDueAt: '2024-09-27T09:30:00.000Z', resolutionDueAt: '2024-10-08T09:30:00.000Z' },
        }),
      );
  });

  it('compounds a second approved extension on the already-extended deadline', () => {
    const base = [history.submitted(), history.dispatched(), history.acknowledged(), requested(3)];
    const first = decide(SPEC_CASE_ID, foldCase(base), { type: 'ApproveExtension' }, specContext('2024-03-07T06:00:00Z'));
    given(...base, ...first, requested(2, '2024-03-13T02:00:00.000Z'))
      .when({ type: 'ApproveExtension' }, specContext('2024-03-13T06:00:00Z'))
      // Thu 3-14 + 2 working days → Mon 3-18.
      .thenEmits(([event]) =>
        expect(event).toMatchObject({ data: { workingDays: 2, previousResolutionDueAt: '2024-03-14T09:30:00.000Z', resolutionDueAt: '2024-03-18T09:30:00.000Z' } }),
      );
  });

  it('still extends from the old deadline when the approval comes after it', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), requested(1, '2024-03-11T08:00:00.000Z'))
      .when({ type: 'ApproveExtension' }, specContext('2024-03-12T01:00:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { resolutionDueAt: '2024-03-12T09:30:00.000Z' } }));
  });

  it('refuses to approve when nothing is pending (NO_PENDING_EXTENSION)', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged())
      .when({ type: 'ApproveExtension' })
      .thenThrows(CaseRuleViolation, { code: 'NO_PENDING_EXTENSION', currentStatus: 'acknowledged', httpStatus: 409 });
  });

  it('refuses to approve a request twice', () => {
    const base = [history.submitted(), history.dispatched(), history.acknowledged(), requested(3)];
    const first = decide(SPEC_CASE_ID, foldCase(base), { type: 'ApproveExtension' }, specContext('2024-03-07T06:00:00Z'));
    given(...base, ...first).when({ type: 'ApproveExtension' }).thenThrows(CaseRuleViolation, { code: 'NO_PENDING_EXTENSION' });
  });

  it('refuses to approve a request that was already refused', () => {
    given(
      history.submitted(),
      history.dispatched(),
      history.acknowledged(),
      requested(3),
      { type: 'ExtensionRefused', data: { reason: '可在时限内完成', refusedAt: '2024-03-07T03:00:00.000Z' } },
    )
      .when({ type: 'ApproveExtension' })
      .thenThrows(CaseRuleViolation, { code: 'NO_PENDING_EXTENSION' });
  });

  it('refuses to approve once the case is resolved (the pending request lapsed)', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), requested(3), history.resolved('2024-03-08T02:00:00.000Z'))
      .when({ type: 'ApproveExtension' })
      .thenThrows(CaseStatusConflict, { status: 'resolved' });
  });

  it('refuses to approve while the case is returned (the pending request lapsed)', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), requested(3), {
      type: 'CaseReturned',
      data: { departmentCode: 'education', reason: '非本部门职责', returnedAt: '2024-03-07T04:00:00.000Z' },
    })
      .when({ type: 'ApproveExtension' })
      .thenThrows(CaseStatusConflict, { status: 'returned' });
  });

  it('answers not found for a case that does not exist', () => {
    given().when({ type: 'ApproveExtension' }).thenThrows(CaseNotFound);
  });
});
