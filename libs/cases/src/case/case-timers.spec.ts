import { DeadlinePolicy, shanghaiDate, WorkingCalendar } from '@zhuqi/sla';
import { CaseEvent } from './case.events';
import { foldCase } from './case.state';
import { dueClocks } from './case-timers';
import { given, history, SPEC_CASE_ID, specContext } from './case.spec-kit';

const deadlines = new DeadlinePolicy();

describe('dueClocks (the SLA clocks of a case)', () => {
  it('lists response, reminder and deadline of a fresh dispatch with deterministic, colon-free job ids', () => {
    const clocks = dueClocks(SPEC_CASE_ID, foldCase([history.submitted(), history.dispatched()]), deadlines);
    expect(clocks.map((c) => [c.kind, c.jobId, c.dueAt])).toEqual([
      ['response', `${SPEC_CASE_ID}-response-1`, '2024-03-04T01:08:00.000Z'],
      ['reminder', `${SPEC_CASE_ID}-reminder-1-${Date.parse('2024-03-11T09:30:00.000Z')}`, '2024-03-09T13:23:45.000Z'],
      ['resolution', `${SPEC_CASE_ID}-resolution-1-${Date.parse('2024-03-11T09:30:00.000Z')}`, '2024-03-11T09:30:00.000Z'],
    ]);
    for (const clock of clocks) expect(clock.jobId).not.toContain(':');
  });

  it('drops the response clock once acknowledged, and every clock once resolved (then the follow-up runs)', () => {
    const acknowledged = dueClocks(SPEC_CASE_ID, foldCase([history.submitted(), history.dispatched(), history.acknowledged()]), deadlines);
    expect(acknowledged.map((c) => c.kind)).toEqual(['reminder', 'resolution']);
    const resolved = dueClocks(SPEC_CASE_ID, foldCase([history.submitted(), history.dispatched(), history.acknowledged(), history.resolved()]), deadlines);
    expect(resolved.map((c) => [c.kind, c.dueAt])).toEqual([['follow-up', '2024-03-11T09:30:00.000Z']]);
  });

  it('stops the clocks while a case is returned', () => {
    const returned: CaseEvent = { type: 'CaseReturned', data: { departmentCode: 'education', reason: '非本部门职责', returnedAt: '2024-03-04T01:06:00.000Z' } };
    expect(dueClocks(SPEC_CASE_ID, foldCase([history.submitted(), history.dispatched(), returned]), deadlines)).toEqual([]);
  });

  it('lands a deadline dispatched before National Day on the right working day (holiday off, 调休 weekend on), and a local day off moves it', () => {
    // Dispatched Thu 2023-09-28 10:00 Shanghai, 3 working days: 10-07 (Sat, 调休), 10-08 (Sun, 调休), 10-09.
    const events: CaseEvent[] = [];
    given(history.submitted())
      .when({ type: 'DispatchCase', departmentCode: 'education', categoryCode: 'schooling', assistingDepartmentCodes: [] }, specContext('2023-09-28T02:00:00Z', {
        slaFor: () => ({ responseLimitMinutes: 3, resolutionLimitWorkingDays: 3 }),
      }))
      .thenEmits((emitted) => events.push(...emitted));
    const state = foldCase([history.submitted(), ...events]);
    const resolution = dueClocks(SPEC_CASE_ID, state, deadlines).find((c) => c.kind === 'resolution')!;
    expect(resolution.dueAt).toBe('2023-10-09T09:30:00.000Z');

    const local = new DeadlinePolicy(new WorkingCalendar(new Map([['2023-10-08', false]])));
    expect(shanghaiDate(local.resolutionDueAt(new Date('2023-09-28T02:00:00Z'), 3))).toBe('2023-10-10');
  });

  it('escalates an open supervision order on an unresolved case until 挂牌督办', () => {
    const opened = (level: 1 | 2 | 3): CaseEvent => ({
      type: 'SupervisionOpened',
      data: { level, instructions: '限期办结', dueAt: '2024-03-14T09:30:00.000Z', openedAt: '2024-03-12T02:00:00.000Z' },
    });
    const base = [history.submitted(), history.dispatched(), history.acknowledged()];
    expect(dueClocks(SPEC_CASE_ID, foldCase([...base, opened(1)]), deadlines).find((c) => c.kind === 'supervision')).toMatchObject({
      jobId: `${SPEC_CASE_ID}-supervision-${Date.parse('2024-03-12T02:00:00.000Z')}-1`,
      dueAt: '2024-03-14T09:30:00.000Z',
    });
    expect(dueClocks(SPEC_CASE_ID, foldCase([...base, opened(3)]), deadlines).find((c) => c.kind === 'supervision')).toBeUndefined();
  });
});
