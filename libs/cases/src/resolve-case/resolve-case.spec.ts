import { CaseNotFound, CaseStatusConflict } from '../case/case.errors';
import { CaseEvent } from '../case/case.events';
import { foldCase } from '../case/case.state';
import { given, history, specContext } from '../case/case.spec-kit';

// history.dispatched(): resolution due Mon 2024-03-11 17:30 Shanghai = 09:30Z.
const resolve = { type: 'ResolveCase', resolution: '已协调园区实验小学安排两个插班学位' } as const;

const extended = (): CaseEvent[] => [
  { type: 'ExtensionRequested', data: { workingDays: 3, reason: '需等待区教育局统筹学位', requestedAt: '2024-03-07T02:00:00.000Z' } },
  {
    type: 'ExtensionApproved',
    data: { workingDays: 3, previousResolutionDueAt: '2024-03-11T09:30:00.000Z', resolutionDueAt: '2024-03-14T09:30:00.000Z', approvedAt: '2024-03-07T06:00:00.000Z' },
  },
];

describe('ResolveCase (办结)', () => {
  it('resolves an acknowledged case on time', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged())
      .when(resolve, specContext('2024-03-06T06:00:00Z'))
      .then([
        {
          type: 'CaseResolved',
          data: { departmentCode: 'education', resolution: '已协调园区实验小学安排两个插班学位', onTime: true, resolvedAt: '2024-03-06T06:00:00.000Z' },
        },
      ]);
  });

  it('is on time at 17:30 Shanghai of the last working day', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged())
      .when(resolve, specContext('2024-03-11T09:30:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { onTime: true } }));
  });

  it('is late one second after the deadline (onTime: false)', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged())
      .when(resolve, specContext('2024-03-11T09:30:01Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ type: 'CaseResolved', data: { onTime: false, resolvedAt: '2024-03-11T09:30:01.000Z' } }));
  });

  it('is late the next morning', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged())
      .when(resolve, specContext('2024-03-12T01:00:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { onTime: false } }));
  });

  it('judges on-time against an approved extension', () => {
    // Tue 3-12: after the original deadline (Mon 3-11), before the extended one (Thu 3-14).
    given(history.submitted(), history.dispatched(), history.acknowledged(), ...extended())
      .when(resolve, specContext('2024-03-12T02:00:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { onTime: true } }));
    given(history.submitted(), history.dispatched(), history.acknowledged(), ...extended())
      .when(resolve, specContext('2024-03-14T09:30:01Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { onTime: false } }));
  });

  it('does not count a refused or still-pending extension', () => {
    const asked: CaseEvent = extended()[0];
    given(history.submitted(), history.dispatched(), history.acknowledged(), asked)
      .when(resolve, specContext('2024-03-12T02:00:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { onTime: false } }));
    given(history.submitted(), history.dispatched(), history.acknowledged(), asked, {
      type: 'ExtensionRefused',
      data: { reason: '不同意延期', refusedAt: '2024-03-07T06:00:00.000Z' },
    })
      .when(resolve, specContext('2024-03-12T02:00:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { onTime: false } }));
  });

  it('lets a pending extension lapse when the case is resolved', () => {
    const state = foldCase([
      history.submitted(),
      history.dispatched(),
      history.acknowledged(),
      extended()[0],
      history.resolved('2024-03-08T02:00:00.000Z'),
    ]);
    expect(state).toMatchObject({ status: 'resolved', pendingExtension: null, resolvedAt: '2024-03-08T02:00:00.000Z' });
  });

  it('judges a reopened case against the fresh deadline of its new cycle', () => {
    // Reopened Mon 3-18 and dispatched again; due Mon 3-25.
    given(
      history.submitted(),
      history.dispatched(),
      history.acknowledged(),
      history.resolved(),
      { type: 'FollowUpRecorded', data: { satisfaction: 'unsatisfied', solved: false, comment: '学位离厂区太远', recordedAt: '2024-03-18T02:00:00.000Z' } },
      { type: 'CaseReopened', data: { reason: '回访问题未解决', reopenCount: 1, reopenedAt: '2024-03-18T02:00:00.000Z' } },
      history.dispatched({
        by: 'reopen',
        cycle: 2,
        dispatchedAt: '2024-03-18T02:00:00.000Z',
        responseDueAt: '2024-03-18T02:03:00.000Z',
        resolutionDueAt: '2024-03-25T09:30:00.000Z',
      }),
      history.acknowledged('2024-03-18T02:02:00.000Z'),
    )
      .when({ type: 'ResolveCase', resolution: '改为安排离厂区1公里的第二小学' }, specContext('2024-03-22T02:00:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { onTime: true, resolution: '改为安排离厂区1公里的第二小学' } }));
  });

  it('refuses to resolve a case the department has not acknowledged', () => {
    given(history.submitted(), history.dispatched()).when(resolve).thenThrows(CaseStatusConflict, { status: 'dispatched', httpStatus: 409 });
  });

  it('refuses to resolve a case twice', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), history.resolved())
      .when(resolve)
      .thenThrows(CaseStatusConflict, { status: 'resolved' });
  });

  it('refuses to resolve a returned or withdrawn case', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), {
      type: 'CaseReturned',
      data: { departmentCode: 'education', reason: '非本部门职责', returnedAt: '2024-03-05T02:00:00.000Z' },
    })
      .when(resolve)
      .thenThrows(CaseStatusConflict, { status: 'returned' });
    given(history.submitted(), history.dispatched(), history.acknowledged(), {
      type: 'CaseWithdrawn',
      data: { reason: '企业已自行解决', withdrawnAt: '2024-03-05T02:00:00.000Z' },
    })
      .when(resolve)
      .thenThrows(CaseStatusConflict, { status: 'withdrawn' });
  });

  it('answers not found for a case that does not exist', () => {
    given().when(resolve).thenThrows(CaseNotFound);
  });
});
