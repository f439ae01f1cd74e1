import { randomUUID } from 'node:crypto';
import { shanghaiDate } from '@zhuqi/sla';
import { DailyBriefing, DailyBriefings, LocalCalendar } from '@zhuqi/sla-clocks';
import { CasePolicy } from '@zhuqi/cases';
import { startApiTestApp } from '../../../../libs/testing/src/api-test-app';

describe('每日整改简报 and the local calendar over HTTP', () => {
  let api: Awaited<ReturnType<typeof startApiTestApp>>;
  let enterpriseId: string;

  beforeAll(async () => {
    api = await startApiTestApp();
    enterpriseId = (await (await api.as('dispatcher')).get('/api/enterprises?pageSize=1').expect(200)).body.items[0].id;
  });
  afterAll(() => api.close());

  const lineOf = (briefing: DailyBriefing, departmentCode: string, categoryCode: string) =>
    briefing.lines.find((l) => l.departmentCode === departmentCode && l.categoryCode === categoryCode) ?? { received: 0, resolved: 0, overdue: 0, supervised: 0 };

  it('counts the day’s received, resolved and supervised cases per department and category, and serves the stored briefing', async () => {
    const briefings = api.app.get(DailyBriefings);
    const today = shanghaiDate(new Date());
    const before = lineOf(await briefings.compute(today), 'labour', 'wage_dispute');

    const [dispatcher, labour, supervisor, manager] = await Promise.all(['dispatcher', 'handler-labour', 'supervisor', 'manager'].map((u) => api.as(u)));
    const ids: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const { body } = await dispatcher
        .post('/api/cases')
        .send({ enterpriseId, title: `拖欠工资-${randomUUID().slice(0, 8)}`, description: '员工反映三个月工资未发', channel: 'hotline' })
        .expect(201);
      ids.push(body.id);
      await dispatcher.post(`/api/cases/${body.id}/dispatch`).send({ departmentCode: 'labour', categoryCode: 'wage_dispute' }).expect(200);
    }
    await labour.post(`/api/cases/${ids[0]}/acknowledge`).send({}).expect(200);
    await labour.post(`/api/cases/${ids[0]}/resolve`).send({ resolution: '已督促企业足额发放' }).expect(200);
    await supervisor.post(`/api/cases/${ids[1]}/supervisions`).send({ level: 1, instructions: '三日内办结', dueInWorkingDays: 3 }).expect(200);

    const stored = await briefings.generate(today);
    const after = lineOf(stored, 'labour', 'wage_dispute');
    // Other test runs share the database: at least this test's cases, counted once each.
    expect(after.received - before.received).toBeGreaterThanOrEqual(2);
    expect(after.resolved - before.resolved).toBeGreaterThanOrEqual(1);
    expect(after.supervised - before.supervised).toBeGreaterThanOrEqual(1);
    expect(lineOf(stored, 'labour', 'wage_dispute')).toMatchObject({ departmentName: expect.any(String), categoryName: expect.any(String) });
    expect(stored.totals.received).toBeGreaterThanOrEqual(after.received);

    const served = (await manager.get(`/api/briefings/${today}`).expect(200)).body;
    expect(served).toMatchObject({ date: today, totals: stored.totals });
    const latest = (await manager.get('/api/briefings/latest').expect(200)).body;
    expect(latest.date >= today).toBe(true);
  });

  it('answers 400 naming the date for a bad date, and 404 for a day without a briefing', async () => {
    const manager = await api.as('manager');
    const bad = await manager.get('/api/briefings/2024-02-30').expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'date' })]);
    await manager.get('/api/briefings/1999-01-01').expect(404);
  });

  it('applies a local day off from the admin table to the deadlines', async () => {
    const day = '2001-01-04'; // a Thursday long past, so no other test computes a deadline across it
    await api.pool.query(`INSERT INTO sla_calendar_overrides (day, working, note) VALUES ($1, false, '园区停电检修') ON CONFLICT (day) DO NOTHING`, [day]);
    try {
      await api.app.get(LocalCalendar).reload();
      const deadlines = api.app.get(CasePolicy).deadlines;
      // Tue 2001-01-02 + 2 working days: Wed 01-03, then Fri 01-05 (Thu is the local day off).
      expect(shanghaiDate(deadlines.resolutionDueAt(new Date('2001-01-02T02:00:00Z'), 2))).toBe('2001-01-05');
    } finally {
      await api.pool.query(`DELETE FROM sla_calendar_overrides WHERE day = $1`, [day]);
      await api.app.get(LocalCalendar).reload();
    }
  });
});
