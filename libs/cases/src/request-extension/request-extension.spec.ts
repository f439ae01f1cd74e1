import { CaseRuleViolation, CaseNotFound, CaseStatusConflict } from '../case/case.errors';
import { CaseEvent } from '../case/case.events';
import { given, history, specContext } from '../case/case.spec-kit';

// history.dispatched(): resolution due Mon 2024-03-11 17:30 Shanghai = 09:30Z.
const pending = (): CaseEvent => ({
  type: 'ExtensionRequested',
  data: { workingDays: 3, reason: '需等待区教育局统筹学位', requestedAt: '2024-03-07T02:00:00.000Z' },
});

describe('RequestExtension (延期申请)', () => {
  it('records a request for more working days before the deadline', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged())
      .when({ type: 'RequestExtension', workingDays: 3, reason: '需等待区教育局统筹学位' }, specContext('2024-03-07T02:00:00Z'))
      .then([
        {
          type: 'ExtensionRequested',
          data: { workingDays: 3, reason: '需等待区教育局统筹学位', requestedAt: '2024-03-07T02:00:00.000Z' },
        },
      ]);
  });

  it('accepts a request at the very deadline', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged())
      .when({ type: 'RequestExtension', workingDays: 2, reason: '材料尚在补正' }, specContext('2024-03-11T09:30:00Z'))
      .thenEmits((events) => expect(events.map((e) => e.type)).toEqual(['ExtensionRequested']));
  });

  it('refuses a request after the deadline has passed (DEADLINE_PASSED)', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged())
      .when({ type: 'RequestExtension', workingDays: 2, reason: '材料尚在补正' }, specContext('2024-03-11T09:30:01Z'))
      .thenThrows(CaseRuleViolation, { code: 'DEADLINE_PASSED', currentStatus: 'acknowledged', httpStatus: 409 });
  });

  it('allows only one pending request at a time (EXTENSION_ALREADY_PENDING)', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), pending())
      .when({ type: 'RequestExtension', workingDays: 5, reason: '再次申请' }, specContext('2024-03-08T02:00:00Z'))
      .thenThrows(CaseRuleViolation, { code: 'EXTENSION_ALREADY_PENDING', currentStatus: 'acknowledged' });
  });

  it('accepts a new request once the previous one was refused', () => {
    given(
      history.submitted(),
      history.dispatched(),
      history.acknowledged(),
      pending(),
      { type: 'ExtensionRefused', data: { reason: '学位协调可在时限内完成', refusedAt: '2024-03-07T03:00:00.000Z' } },
    )
      .when({ type: 'RequestExtension', workingDays: 1, reason: '企业负责人出差，需延后一天确认' }, specContext('2024-03-08T02:00:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ type: 'ExtensionRequested', data: { workingDays: 1 } }));
  });

  it('judges "before the deadline" against the extended deadline after an approval', () => {
    given(
      history.submitted(),
      history.dispatched(),
      history.acknowledged(),
      pending(),
      {
        type: 'ExtensionApproved',
        data: {
          workingDays: 3,
          previousResolutionDueAt: '2024-03-11T09:30:00.000Z',
          resolutionDueAt: '2024-03-14T09:30:00.000Z',
          approvedAt: '2024-03-07T03:00:00.000Z',
        },
      },
    )
      // Tue 3-12: past the original deadline, before the extended one.
      .when({ type: 'RequestExtension', workingDays: 2, reason: '学位需市级统筹' }, specContext('2024-03-12T02:00:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ type: 'ExtensionRequested', data: { workingDays: 2, requestedAt: '2024-03-12T02:00:00.000Z' } }));
  });

  it('refuses a request before the department has acknowledged the case', () => {
    given(history.submitted(), history.dispatched())
      .when({ type: 'RequestExtension', workingDays: 2, reason: '材料尚在补正' })
      .thenThrows(CaseStatusConflict, { status: 'dispatched' });
  });

  it('refuses a request on a resolved case', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), history.resolved())
      .when({ type: 'RequestExtension', workingDays: 2, reason: '材料尚在补正' })
      .thenThrows(CaseStatusConflict, { status: 'resolved' });
  });

  it('answers not found for a case that does not exist', () => {
    given().when({ type: 'RequestExtension', workingDays: 2, reason: '材料尚在补正' }).thenThrows(CaseNotFound);
  });
});
