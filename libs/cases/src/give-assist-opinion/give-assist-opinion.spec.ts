import { GiveAssistOpinion } from '../case/case.commands';
import { CaseInputInvalid, CaseNotFound, CaseRuleViolation, CaseStatusConflict } from '../case/case.errors';
import { CaseEvent } from '../case/case.events';
import { given, history, specContext } from '../case/case.spec-kit';

/** Dispatched Mon 2024-03-04 to 教育局 with 住建局 and 人社局 assisting; their input is due Thu 3-07 17:30. */
const dispatchedWithAssist = (): CaseEvent =>
  history.dispatched({ assistingDepartmentCodes: ['housing', 'labour'], assistDueAt: '2024-03-07T09:30:00.000Z' });

const opinion = (departmentCode = 'housing', text = '该员工已在园区人才公寓登记居住证明，可作为入学材料'): GiveAssistOpinion => ({
  type: 'GiveAssistOpinion',
  departmentCode,
  opinion: text,
});

describe('GiveAssistOpinion (协办意见)', () => {
  it("records an assisting department's opinion given before its sub-deadline", () => {
    given(history.submitted(), dispatchedWithAssist())
      .when(opinion(), specContext('2024-03-06T03:00:00Z'))
      .then([
        {
          type: 'AssistOpinionGiven',
          data: {
            departmentCode: 'housing',
            opinion: '该员工已在园区人才公寓登记居住证明，可作为入学材料',
            onTime: true,
            givenAt: '2024-03-06T03:00:00.000Z',
          },
        },
      ]);
  });

  it('is still on time at the very deadline (17:30 Shanghai)', () => {
    given(history.submitted(), dispatchedWithAssist(), history.acknowledged())
      .when(opinion('labour', '员工社保缴纳满一年，符合积分入学条件'), specContext('2024-03-07T09:30:00Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { departmentCode: 'labour', onTime: true } }));
  });

  it('refuses a second opinion from the same department, so it is counted once', () => {
    const first: CaseEvent = {
      type: 'AssistOpinionGiven',
      data: { departmentCode: 'housing', opinion: '已出具居住证明', onTime: true, givenAt: '2024-03-05T03:00:00.000Z' },
    };
    given(history.submitted(), dispatchedWithAssist(), first)
      .when(opinion(), specContext('2024-03-08T03:00:00Z'))
      .thenThrows(CaseRuleViolation, { code: 'ASSIST_OPINION_ALREADY_GIVEN' });
  });

  it('records an opinion after the sub-deadline as late', () => {
    given(history.submitted(), dispatchedWithAssist(), history.acknowledged())
      .when(opinion(), specContext('2024-03-07T09:30:01Z'))
      .thenEmits(([event]) => expect(event).toMatchObject({ data: { onTime: false, givenAt: '2024-03-07T09:30:01.000Z' } }));
  });

  it('refuses an opinion from a department that is not assisting, naming departmentCode', () => {
    given(history.submitted(), dispatchedWithAssist())
      .when(opinion('planning'))
      .thenThrows(CaseInputInvalid, { field: 'departmentCode', httpStatus: 400 });
  });

  it('refuses an "opinion" from the lead department itself', () => {
    given(history.submitted(), dispatchedWithAssist()).when(opinion('education')).thenThrows(CaseInputInvalid, { field: 'departmentCode' });
  });

  it('refuses any opinion when nobody was asked to assist', () => {
    given(history.submitted(), history.dispatched()).when(opinion()).thenThrows(CaseInputInvalid, { field: 'departmentCode' });
  });

  it('refuses an opinion before the case is dispatched', () => {
    given(history.submitted()).when(opinion()).thenThrows(CaseStatusConflict, { status: 'submitted' });
  });

  it('refuses an opinion while the case is returned to the dispatcher', () => {
    given(history.submitted(), dispatchedWithAssist(), {
      type: 'CaseReturned',
      data: { departmentCode: 'education', reason: '非教育局职责', returnedAt: '2024-03-04T02:00:00.000Z' },
    })
      .when(opinion())
      .thenThrows(CaseStatusConflict, { status: 'returned' });
  });

  it('refuses an opinion once the case is resolved', () => {
    given(history.submitted(), dispatchedWithAssist(), history.acknowledged(), history.resolved())
      .when(opinion())
      .thenThrows(CaseStatusConflict, { status: 'resolved' });
  });

  it('answers not found for a case that does not exist', () => {
    given().when(opinion()).thenThrows(CaseNotFound);
  });
});
