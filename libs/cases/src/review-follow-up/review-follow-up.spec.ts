import { CaseNotFound, CaseRuleViolation, CaseStatusConflict } from '../case/case.errors';
import { CaseEvent } from '../case/case.events';
import { foldCase } from '../case/case.state';
import { decide } from '../case/decide';
import { given, history, SPEC_CASE_ID, specContext } from '../case/case.spec-kit';

const resolvedCase = (): CaseEvent[] => [history.submitted(), history.dispatched(), history.acknowledged(), history.resolved()];

/** Called back Wed 2024-03-13: the enterprise is unsatisfied because the subsidy amount was lower than hoped. */
const reopenedByFollowUp = (): CaseEvent[] => [
  ...resolvedCase(),
  ...decide(
    SPEC_CASE_ID,
    foldCase(resolvedCase()),
    { type: 'RecordFollowUp', satisfaction: 'unsatisfied', solved: true, comment: '补贴金额低于预期' },
    specContext('2024-03-13T02:00:00Z'),
  ),
];

const review = { type: 'ReviewFollowUp', reason: '补贴已按政策标准足额发放，企业诉求超出政策范围，不满意理由不成立' } as const;

describe('ReviewFollowUp (不满意甄别)', () => {
  it('closes a case reopened by an unfair unsatisfied rating, with the reason', () => {
    given(...reopenedByFollowUp())
      .when(review, specContext('2024-03-13T06:00:00Z'))
      .then([
        {
          type: 'FollowUpReviewed',
          data: { reason: '补贴已按政策标准足额发放，企业诉求超出政策范围，不满意理由不成立', reviewedAt: '2024-03-13T06:00:00.000Z' },
        },
        { type: 'CaseClosed', data: { via: 'review', closedAt: '2024-03-13T06:00:00.000Z' } },
      ]);
  });

  it('refuses to review a reopen caused by an unsolved problem rated satisfied: only an unsatisfied rating is reviewed', () => {
    const reopenedUnsolved = [
      ...resolvedCase(),
      ...decide(
        SPEC_CASE_ID,
        foldCase(resolvedCase()),
        { type: 'RecordFollowUp', satisfaction: 'satisfied', solved: false, comment: '态度满意但问题仍在' },
        specContext('2024-03-13T02:00:00Z'),
      ),
    ];
    given(...reopenedUnsolved).when(review, specContext('2024-03-13T06:00:00Z')).thenThrows(CaseRuleViolation, { code: 'NOTHING_TO_REVIEW' });
  });

  it('may review while the reopened case sits returned at the dispatcher', () => {
    const returned: CaseEvent = { type: 'CaseReturned', data: { departmentCode: 'education', reason: '非本部门职责', returnedAt: '2024-03-13T03:00:00.000Z' } };
    given(...reopenedByFollowUp(), returned)
      .when(review, specContext('2024-03-13T06:00:00Z'))
      .thenEmits((events) => expect(events.map((e) => e.type)).toEqual(['FollowUpReviewed', 'CaseClosed']));
  });

  it('may still review after the department acknowledged the reopened case', () => {
    given(...reopenedByFollowUp(), history.acknowledged('2024-03-13T02:02:00.000Z'))
      .when(review, specContext('2024-03-13T06:00:00Z'))
      .thenEmits((events) => expect(events.map((e) => e.type)).toEqual(['FollowUpReviewed', 'CaseClosed']));
  });

  it('refuses to review a case that was never reopened by a follow-up (NOTHING_TO_REVIEW)', () => {
    given(history.submitted(), history.dispatched())
      .when(review)
      .thenThrows(CaseRuleViolation, { code: 'NOTHING_TO_REVIEW', currentStatus: 'dispatched', httpStatus: 409 });
    given(history.submitted(), history.dispatched(), history.acknowledged())
      .when(review)
      .thenThrows(CaseRuleViolation, { code: 'NOTHING_TO_REVIEW', currentStatus: 'acknowledged' });
  });

  it('refuses to review once the reopened case was resolved again', () => {
    given(...reopenedByFollowUp(), history.acknowledged('2024-03-13T02:02:00.000Z'), history.resolved('2024-03-15T02:00:00.000Z'))
      .when(review)
      .thenThrows(CaseStatusConflict, { status: 'resolved' });
  });

  it('refuses a resolved case that is still waiting for its follow-up', () => {
    given(...resolvedCase()).when(review).thenThrows(CaseStatusConflict, { status: 'resolved' });
  });

  it('refuses a second review of a case the first one closed', () => {
    const events = [...reopenedByFollowUp(), ...decide(SPEC_CASE_ID, foldCase(reopenedByFollowUp()), review, specContext('2024-03-13T06:00:00Z'))];
    given(...events).when(review).thenThrows(CaseStatusConflict, { status: 'closed' });
  });

  it('answers not found for a case that does not exist', () => {
    given().when(review).thenThrows(CaseNotFound);
  });
});
