import { CaseInputInvalid, CaseNotFound, CaseStatusConflict } from '../case/case.errors';
import { CaseEvent } from '../case/case.events';
import { given, history, SPEC_CASE_ID, specContext } from '../case/case.spec-kit';

const OTHER_CASE_ID = '44444444-4444-4444-8444-444444444444';
const merge = { type: 'MergeCase', intoCaseId: OTHER_CASE_ID, reason: '同一企业同一诉求经热线和网格员重复提交' } as const;

describe('MergeCase (重复件合并)', () => {
  it('folds a duplicate into another case', () => {
    given(history.submitted({ channel: 'hotline' }))
      .when(merge, specContext('2024-03-04T01:20:00Z'))
      .then([
        {
          type: 'CaseMerged',
          data: { intoCaseId: OTHER_CASE_ID, reason: '同一企业同一诉求经热线和网格员重复提交', mergedAt: '2024-03-04T01:20:00.000Z' },
        },
      ]);
  });

  it.each<[string, CaseEvent[]]>([
    ['dispatched', [history.submitted(), history.dispatched()]],
    ['acknowledged', [history.submitted(), history.dispatched(), history.acknowledged()]],
    [
      'returned',
      [
        history.submitted(),
        history.dispatched(),
        { type: 'CaseReturned', data: { departmentCode: 'education', reason: '重复件，请合并', returnedAt: '2024-03-04T02:00:00.000Z' } },
      ],
    ],
  ])('merges a duplicate that is already %s', (_status, events) => {
    given(...events)
      .when({ type: 'MergeCase', intoCaseId: OTHER_CASE_ID, reason: null }, specContext('2024-03-04T03:00:00Z'))
      .then([{ type: 'CaseMerged', data: { intoCaseId: OTHER_CASE_ID, reason: null, mergedAt: '2024-03-04T03:00:00.000Z' } }]);
  });

  it('refuses to merge a case into itself, naming intoCaseId', () => {
    given(history.submitted())
      .when({ type: 'MergeCase', intoCaseId: SPEC_CASE_ID, reason: null })
      .thenThrows(CaseInputInvalid, { field: 'intoCaseId', httpStatus: 400 });
  });

  it('refuses to merge a resolved case', () => {
    given(history.submitted(), history.dispatched(), history.acknowledged(), history.resolved())
      .when(merge)
      .thenThrows(CaseStatusConflict, { status: 'resolved', httpStatus: 409 });
  });

  it('refuses to merge a case twice', () => {
    given(history.submitted(), { type: 'CaseMerged', data: { intoCaseId: OTHER_CASE_ID, reason: null, mergedAt: '2024-03-04T02:00:00.000Z' } })
      .when({ type: 'MergeCase', intoCaseId: '55555555-5555-4555-8555-555555555555', reason: null })
      .thenThrows(CaseStatusConflict, { status: 'merged' });
  });

  it('answers not found for a case that does not exist', () => {
    given().when(merge).thenThrows(CaseNotFound);
  });
});
