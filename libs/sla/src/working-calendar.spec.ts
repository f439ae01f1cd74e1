import { DeadlinePolicy } from './deadline-policy';
import { shanghaiDate, WorkingCalendar } from './working-calendar';

describe('WorkingCalendar (Chinese calendar)', () => {
  const calendar = new WorkingCalendar();

  it('knows the National Day holiday and its 调休 Saturday', () => {
    expect(calendar.isWorkingDay('2023-10-02')).toBe(false); // 国庆
    expect(calendar.isWorkingDay('2023-10-07')).toBe(true); // 调休 Saturday
    expect(calendar.isWorkingDay('2023-10-08')).toBe(true); // 调休 Sunday
    expect(calendar.isWorkingDay('2023-10-14')).toBe(false); // ordinary Saturday
  });

  it('counts working days across a holiday and a 调休 day', () => {
    // Dispatched Thu 2023-09-28: 9-29..10-06 are off, 10-07 and 10-08 (weekend) are workdays.
    expect(calendar.addWorkingDays('2023-09-28', 1)).toBe('2023-10-07');
    expect(calendar.addWorkingDays('2023-09-28', 2)).toBe('2023-10-08');
    expect(calendar.addWorkingDays('2023-09-28', 3)).toBe('2023-10-09');
  });

  it('lets a local override win over the national calendar', () => {
    const local = new WorkingCalendar(new Map([['2023-10-09', false]]));
    expect(local.addWorkingDays('2023-09-28', 3)).toBe('2023-10-10');
  });
});

describe('DeadlinePolicy', () => {
  it('puts a 5-working-day deadline at 17:30 Shanghai of the 5th working day after dispatch', () => {
    const policy = new DeadlinePolicy();
    // Friday 2024-04-26 10:00 Shanghai; 4-28 (Sun) is a 调休 workday; 5-1..5-5 off; 5-11 (Sat) 调休.
    const due = policy.resolutionDueAt(new Date('2024-04-26T02:00:00Z'), 5);
    expect(shanghaiDate(due)).toBe('2024-05-07');
    expect(due.toISOString()).toBe('2024-05-07T09:30:00.000Z');
  });

  it('moves an extended deadline by working days', () => {
    const policy = new DeadlinePolicy();
    const due = new Date('2023-09-28T09:30:00Z');
    expect(shanghaiDate(policy.extend(due, 2))).toBe('2023-10-08');
  });

  it('uses wall-clock seconds when the demo override is set', () => {
    const policy = new DeadlinePolicy(undefined, { serviceDayEnd: '17:30', assistWorkingDays: 3, resolutionSecondsOverride: 60 });
    expect(policy.resolutionDueAt(new Date('2024-01-01T00:00:00Z'), 5).toISOString()).toBe('2024-01-01T00:01:00.000Z');
  });
});

describe('DeadlinePolicy service hours (服务时间)', () => {
  const policy = new DeadlinePolicy(undefined, {
    serviceDayEnd: '17:30',
    assistWorkingDays: 3,
    responseServiceHours: { start: '08:30', end: '17:30' },
  });

  it('starts a response clock dispatched at night at the next service start', () => {
    // Tue 2024-03-05 22:00 Shanghai → Wed 08:30 + 3 minutes.
    expect(policy.responseDueAt(new Date('2024-03-05T14:00:00Z'), 3).toISOString()).toBe('2024-03-06T00:33:00.000Z');
  });

  it('runs at once inside service hours and carries the rest over a holiday to the next working day', () => {
    expect(policy.responseDueAt(new Date('2024-03-05T02:00:00Z'), 3).toISOString()).toBe('2024-03-05T02:03:00.000Z');
    // Thu 2023-09-28 17:29 Shanghai: 1 minute today, 2 more on 调休 Saturday 2023-10-07 from 08:30.
    expect(policy.responseDueAt(new Date('2023-09-28T09:29:00Z'), 3).toISOString()).toBe('2023-10-07T00:32:00.000Z');
  });

  it('runs around the clock when service hours are off', () => {
    expect(new DeadlinePolicy().responseDueAt(new Date('2024-03-05T14:00:00Z'), 3).toISOString()).toBe('2024-03-05T14:03:00.000Z');
  });

  it('puts a 3-working-day follow-up across the National Day holiday onto the 调休 days', () => {
    expect(shanghaiDate(new DeadlinePolicy().followUpDueAt(new Date('2023-09-28T02:00:00Z')))).toBe('2023-10-09');
  });
});
