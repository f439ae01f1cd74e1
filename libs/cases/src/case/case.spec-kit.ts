import { DeadlinePolicy, WorkingCalendar } from '@zhuqi/sla';
import { CaseCommand } from './case.commands';
import { CaseEvent } from './case.events';
import { foldCase } from './case.state';
import { decide } from './decide';
import { DecisionContext } from './decision-context';

/**
 * given(events).when(command).then(events) for the case decider (after ESN's specification helper).
 * Lives beside the decider because it is test support for exactly this stream.
 */
export const SPEC_CASE_ID = '11111111-1111-4111-8111-111111111111';

export function specContext(now: string | Date, overrides: Partial<DecisionContext> = {}): DecisionContext {
  return {
    now: new Date(now),
    deadlines: new DeadlinePolicy(new WorkingCalendar()),
    slaFor: () => ({ responseLimitMinutes: 3, resolutionLimitWorkingDays: 5 }),
    ...overrides,
  };
}

export function given(...history: CaseEvent[]) {
  return {
    when(command: CaseCommand, ctx: DecisionContext = specContext('2024-03-04T02:00:00Z'), caseId = SPEC_CASE_ID) {
      const run = () => decide(caseId, foldCase(history), command, ctx);
      return {
        then(expected: CaseEvent[]): void {
          expect(run()).toEqual(expected);
        },
        thenEmits(check: (events: CaseEvent[]) => void): void {
          check(run());
        },
        thenThrows(errorClass: new (...args: never[]) => Error, match?: Record<string, unknown>): void {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(errorClass);
          if (match) expect(thrown).toMatchObject(match);
        },
        thenNothingHappened(): void {
          expect(run()).toEqual([]);
        },
      };
    },
  };
}

/** Ready-made histories: a case submitted at Mon 2024-03-04 09:00 Shanghai, and its usual next steps. */
export const history = {
  submitted: (over: Partial<Extract<CaseEvent, { type: 'CaseSubmitted' }>['data']> = {}): CaseEvent => ({
    type: 'CaseSubmitted',
    data: {
      caseId: SPEC_CASE_ID,
      caseNo: 'ZQ2024-000001',
      enterpriseId: '22222222-2222-4222-8222-222222222222',
      enterpriseName: '永康市飞鹰工贸有限公司',
      gridCode: 'g01',
      title: '员工子女入学咨询',
      description: '企业两名外地员工子女秋季入学需要协调',
      channel: 'grid_visit',
      categoryCode: null,
      urgency: 'normal',
      contactName: '王经理',
      contactPhone: '13800000000',
      submittedAt: '2024-03-04T01:00:00.000Z',
      ...over,
    },
  }),
  dispatched: (over: Partial<Extract<CaseEvent, { type: 'CaseDispatched' }>['data']> = {}): CaseEvent => ({
    type: 'CaseDispatched',
    data: {
      categoryCode: 'schooling',
      departmentCode: 'education',
      assistingDepartmentCodes: [],
      by: 'dispatcher',
      binding: false,
      cycle: 1,
      responseLimitMinutes: 3,
      resolutionLimitWorkingDays: 5,
      responseDueAt: '2024-03-04T01:08:00.000Z',
      resolutionDueAt: '2024-03-11T09:30:00.000Z',
      assistDueAt: null,
      dispatchedAt: '2024-03-04T01:05:00.000Z',
      ...over,
    },
  }),
  acknowledged: (at = '2024-03-04T01:06:00.000Z'): CaseEvent => ({
    type: 'CaseAcknowledged',
    data: { departmentCode: 'education', note: null, withinResponseLimit: true, acknowledgedAt: at },
  }),
  resolved: (at = '2024-03-06T06:00:00.000Z'): CaseEvent => ({
    type: 'CaseResolved',
    data: { departmentCode: 'education', resolution: '已协调学位', onTime: true, resolvedAt: at },
  }),
};
