import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createOwnTestDatabase } from '../../../testing/src/own-test-database';
import { ReferenceDataService } from '@zhuqi/reference-data';
import { GROUP_BYS, GroupBy, StatisticsQuery } from './statistics.query';

/**
 * The open cases' terms (waiting for 签收 past the limit, open past the deadline, 超期数 now) come from one
 * pass over the open cases: they must equal the plain definitions counted one by one, for every grouping —
 * including a case waiting past its response limit whose deadline falls in another month, and one open past
 * its deadline whose response limit is still running.
 */
describe('StatisticsQuery: the open cases\' terms equal their definitions', () => {
  let db: Awaited<ReturnType<typeof createOwnTestDatabase>>;
  let pool: Pool;
  const DAY = 86_400_000;
  const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();
  const shanghaiDay = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * DAY).toISOString().slice(0, 10);
  const period = { from: shanghaiDay(-60), to: shanghaiDay(0) };

  beforeAll(async () => {
    db = await createOwnTestDatabase('statsopen');
    pool = new Pool({ connectionString: db.url, max: 4 });
    // [status, response due (days from now), resolution due, category, department, grid, channel]
    const cases: Array<[string, number | null, number | null, string | null, string, string, string]> = [
      ['dispatched', -40, 5, 'legal', 'justice', 'g01', 'online'], // waiting past the limit (in the period), deadline next month
      ['dispatched', -10, -3, 'legal', 'justice', 'g02', 'hotline'], // waiting and past the deadline: 超期 once
      ['dispatched', 2, -1, null, 'safety', 'g01', 'online'], // limit still running, deadline passed
      ['dispatched', null, -20, 'safety', 'safety', 'g03', 'liaison'], // no response limit, deadline passed
      ['dispatched', -100, 30, 'safety', 'safety', 'g03', 'online'], // waiting since before the period
      ['acknowledged', null, -5, 'legal', 'justice', 'g01', 'online'], // open past the deadline, in the period
      ['acknowledged', null, -90, 'school', 'education', 'g02', 'hotline'], // past a deadline before the period
      ['acknowledged', null, 4, 'school', 'education', 'g02', 'hotline'], // not yet due
      ['resolved', -30, -20, 'legal', 'justice', 'g01', 'online'], // finished: none of the terms
    ];
    for (const [i, [status, response, resolution, category, department, grid, channel]] of cases.entries()) {
      const open = status === 'dispatched' ? [response, resolution].filter((d): d is number => d !== null).sort((a, b) => a - b)[0] : status === 'acknowledged' ? resolution : null;
      await pool.query(
        `INSERT INTO read_case_list (id, case_no, status, title, description, enterprise_id, enterprise_name, grid_code, category_code, department_code,
           channel, urgency, submitted_at, dispatched_at, response_due_at, resolution_due_at, open_due_at, follow_up_due, reopen_count, version, last_position, updated_at)
         VALUES ($1, $2, $3, 't', 'd', $4, 'e', $5, $6, $7, $8, 'normal', $9, $9, $10, $11, $12, false, 0, 2, $13, now())`,
        [randomUUID(), `T-${i}`, status, randomUUID(), grid, category, department, channel, at(-120), response === null ? null : at(response),
          resolution === null ? null : at(resolution), open === null || open === undefined ? null : at(open), i + 1],
      );
    }
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  /** The definitions, each counted on its own (as the statistics did before the single pass). */
  async function definitions(groupBy?: GroupBy): Promise<Map<string, [number, number, number]>> {
    const column: Record<string, string> = { category: 'category_code', department: 'department_code', grid: 'grid_code', channel: 'channel' };
    const key = (time: string) => (groupBy === 'month' ? `to_char(${time} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')` : groupBy ? column[groupBy] : `''`);
    const inPeriod = (time: string) => `${time} >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND ${time} < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;
    const out = new Map<string, [number, number, number]>();
    const add = (rows: Array<{ key: string | null; n: number }>, index: number) => {
      for (const r of rows) {
        const counts = out.get(r.key ?? '') ?? [0, 0, 0];
        counts[index] = r.n;
        out.set(r.key ?? '', counts);
      }
    };
    const values = [period.from, period.to];
    add((await pool.query(`SELECT ${key('response_due_at')} AS key, count(*)::int AS n FROM read_case_list
      WHERE status = 'dispatched' AND response_due_at < now() AND ${inPeriod('response_due_at')} GROUP BY 1`, values)).rows, 0);
    add((await pool.query(`SELECT ${key('resolution_due_at')} AS key, count(*)::int AS n FROM read_case_list
      WHERE status IN ('dispatched', 'acknowledged') AND resolution_due_at < now() AND ${inPeriod('resolution_due_at')} GROUP BY 1`, values)).rows, 1);
    add((await pool.query(`SELECT ${key('coalesce(resolution_due_at, response_due_at)')} AS key, count(*)::int AS n FROM read_case_list
      WHERE (status = 'dispatched' AND response_due_at < now()) OR (status IN ('dispatched', 'acknowledged') AND resolution_due_at < now()) GROUP BY 1`)).rows, 2);
    return out;
  }

  it.each([undefined, ...GROUP_BYS])('grouped by %s', async (groupBy) => {
    const query = new StatisticsQuery(pool, undefined as unknown as ReferenceDataService);
    const counts = await query.counts(period, groupBy);
    const answered = new Map([...counts].map(([key, c]) => [key, [c.unacknowledgedPastLimit, c.openPastDeadline, c.overdueNow]]));
    const expected = await definitions(groupBy);
    expect(Object.fromEntries(answered)).toEqual(Object.fromEntries(expected));
    // the cases above: 3 waiting past the limit of which 2 in the period, 4 open past a deadline in it, 7 超期
    if (!groupBy) expect(answered.get('')).toEqual([2, 4, 7]);
  });
});
