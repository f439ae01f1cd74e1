import { InvalidInput } from '@zhuqi/platform';
import { ReferenceDataService } from '@zhuqi/reference-data';
import { Pool } from 'pg';
import { CaseScope, caseScopeCondition } from '../case-list/case-scope';
import { CASE_FACTS_TABLE, CASE_STATS_DAILY_TABLE, CASE_STATS_MONTHLY_TABLE } from './case-facts.projection';

export const GROUP_BYS = ['category', 'department', 'grid', 'channel', 'month'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** 渠道 names for groups and exports. */
export const CHANNEL_NAMES: Record<string, string> = {
  grid_visit: '网格走访',
  online: '线上',
  hotline: '热线',
  onsite_office: '月中现场办公',
  top50_session: '年底50强集中解难题',
  liaison: '班子联系企业',
};

/** The counts behind every rate (口径 in the README). */
export interface StatCounts {
  received: number;
  resolved: number;
  resolvedOnTime: number;
  closed: number;
  assigned: number;
  dispatches: number;
  returned: number;
  acknowledged: number;
  acknowledgedOnTime: number;
  unacknowledgedPastLimit: number;
  openPastDeadline: number;
  followedUp: number;
  satisfied: number;
  reopened: number;
  overdueNow: number;
}

export interface StatMetrics {
  received: number;
  resolved: number;
  closed: number;
  onTimeResponseRate: number | null;
  onTimeResolutionRate: number | null;
  satisfactionRate: number | null;
  rectificationRate: number | null;
  reopenRate: number | null;
  returnRate: number | null;
  overdueNow: number;
}

export interface StatGroup extends StatMetrics {
  key: string;
  name: string;
}

export interface StatSummary extends StatMetrics {
  from: string;
  to: string;
  groups: StatGroup[];
}

export interface StatPeriod {
  /** `YYYY-MM-DD`, inclusive, Asia/Shanghai days. */
  from: string;
  to: string;
}

/** The drill-down metrics: each counted figure names the cases behind it. */
export const DRILL_METRICS = [
  'received', 'resolved', 'resolvedOnTime', 'resolvedLate', 'closed', 'assigned', 'dispatches', 'returned',
  'acknowledged', 'acknowledgedOnTime', 'acknowledgedLate', 'unacknowledgedPastLimit', 'openPastDeadline',
  'followedUp', 'satisfied', 'unsatisfied', 'reopened', 'overdueNow',
] as const;
export type DrillMetric = (typeof DRILL_METRICS)[number];

const FACT_FILTERS: Partial<Record<DrillMetric, string>> = {
  received: `kind = 'received'`,
  resolved: `kind = 'resolved'`,
  resolvedOnTime: `kind = 'resolved' AND ok`,
  resolvedLate: `kind = 'resolved' AND NOT ok`,
  closed: `kind = 'closed'`,
  assigned: `kind = 'assigned'`,
  dispatches: `kind = 'dispatch'`,
  returned: `kind = 'returned'`,
  acknowledged: `kind = 'acknowledged'`,
  acknowledgedOnTime: `kind = 'acknowledged' AND ok`,
  acknowledgedLate: `kind = 'acknowledged' AND NOT ok`,
  followedUp: `kind = 'followed_up'`,
  satisfied: `kind = 'followed_up' AND ok`,
  unsatisfied: `kind = 'followed_up' AND NOT ok`,
  reopened: `kind = 'reopened'`,
};

// Open cases now, from part A's read_case_list: 'dispatched' = not yet acknowledged in this cycle.
const UNACKNOWLEDGED_PAST_LIMIT = `status = 'dispatched' AND response_due_at < now()`;
const OPEN_PAST_DEADLINE = `status IN ('dispatched', 'acknowledged') AND resolution_due_at < now()`;
const OVERDUE_NOW = `(${UNACKNOWLEDGED_PAST_LIMIT}) OR (${OPEN_PAST_DEADLINE})`;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const month = (column: string) => `to_char(${column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`;

function keyColumn(groupBy: GroupBy | undefined, timeColumn: string): string {
  switch (groupBy) {
    case 'category':
      return 'category_code';
    case 'department':
      return 'department_code';
    case 'grid':
      return 'grid_code';
    case 'channel':
      return 'channel';
    case 'month':
      return month(timeColumn);
    default:
      return `''`;
  }
}

/** The whole calendar months inside a period, as [first day, first day after) (an empty range when none). */
export function wholeMonths(period: StatPeriod): [string, string] {
  const [fy, fm, fd] = period.from.split('-').map(Number);
  const [ty, tm, td] = period.to.split('-').map(Number);
  const first = (y: number, m: number) => new Date(Date.UTC(y, m - 1, 1)).toISOString().slice(0, 10);
  const start = fd === 1 ? period.from : first(fy, fm + 1);
  const lastDay = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  const end = td === lastDay ? first(ty, tm + 1) : first(ty, tm);
  return start < end ? [start, end] : [period.from, period.from];
}

const rate = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : Math.round((numerator / denominator) * 10000) / 10000;

/** The rates of DOMAIN.md's metric table from their counts. */
export function metricsOf(c: StatCounts): StatMetrics {
  return {
    received: c.received,
    resolved: c.resolved,
    closed: c.closed,
    onTimeResponseRate: rate(c.acknowledgedOnTime, c.acknowledged + c.unacknowledgedPastLimit),
    onTimeResolutionRate: rate(c.resolvedOnTime, c.resolved + c.openPastDeadline),
    satisfactionRate: rate(c.satisfied, c.followedUp),
    rectificationRate: rate(c.resolved, c.assigned),
    reopenRate: rate(c.reopened, c.resolved),
    returnRate: rate(c.returned, c.dispatches),
    overdueNow: c.overdueNow,
  };
}

const emptyCounts = (): StatCounts => ({
  received: 0, resolved: 0, resolvedOnTime: 0, closed: 0, assigned: 0, dispatches: 0, returned: 0, acknowledged: 0,
  acknowledgedOnTime: 0, unacknowledgedPastLimit: 0, openPastDeadline: 0, followedUp: 0, satisfied: 0, reopened: 0, overdueNow: 0,
});

function sumCounts(all: StatCounts[]): StatCounts {
  const sum = emptyCounts() as unknown as Record<string, number>;
  for (const counts of all) for (const [name, value] of Object.entries(counts)) sum[name] += value;
  return sum as unknown as StatCounts;
}

/**
 * Statistics over any period (business time, Asia/Shanghai days) grouped by category, department, grid,
 * channel or month: one aggregate over the facts, one over the open cases of the case list.
 */
export class StatisticsQuery {
  constructor(
    private readonly pool: Pool,
    private readonly referenceData: ReferenceDataService,
    private readonly factsTable = CASE_FACTS_TABLE,
    private readonly dailyTable = CASE_STATS_DAILY_TABLE,
    private readonly monthlyTable = CASE_STATS_MONTHLY_TABLE,
  ) {}

  static period(from: string, to: string): StatPeriod {
    if (!DAY.test(from) || Number.isNaN(Date.parse(from))) throw new InvalidInput('from', 'from must be a date YYYY-MM-DD');
    if (!DAY.test(to) || Number.isNaN(Date.parse(to))) throw new InvalidInput('to', 'to must be a date YYYY-MM-DD');
    if (to < from) throw new InvalidInput('to', 'to must not be before from');
    return { from, to };
  }

  /** The counts per group key (`''` for the whole period when ungrouped). */
  async counts(period: StatPeriod, groupBy?: GroupBy): Promise<Map<string, StatCounts>> {
    const bounds = [period.from, period.to];
    const range = (column: string) =>
      `${column} >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND ${column} < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;
    const [facts, open] = await Promise.all([
      // The facts' counts from the rollups: whole months from the monthly one, the days at either end from the
      // daily one (Shanghai days; month groups add the whole-zone rows).
      this.pool.query(
        `SELECT ${groupBy === 'month' ? `to_char(day, 'YYYY-MM')` : groupBy ? 'key' : `''`} AS key,
           sum(n) FILTER (WHERE kind = 'received')::int AS received,
           sum(n) FILTER (WHERE kind = 'resolved')::int AS resolved,
           sum(n_ok) FILTER (WHERE kind = 'resolved')::int AS "resolvedOnTime",
           sum(n) FILTER (WHERE kind = 'closed')::int AS closed,
           sum(n) FILTER (WHERE kind = 'assigned')::int AS assigned,
           sum(n) FILTER (WHERE kind = 'dispatch')::int AS dispatches,
           sum(n) FILTER (WHERE kind = 'returned')::int AS returned,
           sum(n) FILTER (WHERE kind = 'acknowledged')::int AS acknowledged,
           sum(n_ok) FILTER (WHERE kind = 'acknowledged')::int AS "acknowledgedOnTime",
           sum(n) FILTER (WHERE kind = 'followed_up')::int AS "followedUp",
           sum(n_ok) FILTER (WHERE kind = 'followed_up')::int AS satisfied,
           sum(n) FILTER (WHERE kind = 'reopened')::int AS reopened
         FROM (
           SELECT month AS day, kind, key, n, n_ok FROM ${this.monthlyTable} WHERE dim = $3 AND month >= $4::date AND month < $5::date
           UNION ALL
           SELECT day, kind, key, n, n_ok FROM ${this.dailyTable} WHERE dim = $3 AND day BETWEEN $1::date AND $2::date AND (day < $4::date OR day >= $5::date)
         ) r GROUP BY 1`,
        [...bounds, groupBy && groupBy !== 'month' ? groupBy : 'total', ...wholeMonths(period)],
      ),
      this.openCounts(period, groupBy),
    ]);
    const out = new Map<string, StatCounts>();
    for (const row of [...facts.rows, ...open]) {
      const key = row.key ?? '';
      const counts = out.get(key) ?? emptyCounts();
      for (const [name, value] of Object.entries(row)) if (name !== 'key') (counts as unknown as Record<string, number>)[name] = (value as number | null) ?? 0;
      out.set(key, counts);
    }
    return out;
  }

  /**
   * The open cases' terms per group key, from one pass over the open cases past a due time (the two partial
   * indexes, read alone): the denominators' open terms — waiting for 签收 past a response limit that fell in
   * the period, open past a deadline that fell in it — and 超期数 now, whatever the period (by month: the
   * month of its deadline). Each index range is read once for all three (it was read twice, once for the
   * period's terms and once for 超期数).
   */
  private async openCounts(period: StatPeriod, groupBy?: GroupBy): Promise<Array<{ key: string; unacknowledgedPastLimit: number; openPastDeadline: number; overdueNow: number }>> {
    const inPeriod = (column: string) =>
      `(${column} >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND ${column} < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))`;
    // By month the terms fall in the month of different due times: grouped by a truncated timestamp (cheaper
    // per row than to_char), named after grouping.
    const byMonth = groupBy === 'month';
    const key = (column: string) => (byMonth ? `date_trunc('month', ${column} AT TIME ZONE 'Asia/Shanghai')` : keyColumn(groupBy, column));
    const overdueKey = key('coalesce(resolution_due_at, response_due_at)');
    const open = `
         -- waiting for 签收 past the response limit: 超期 now, and a term when that limit fell in the period
         SELECT ${key('response_due_at')} AS term_key, ${overdueKey} AS overdue_key, ${inPeriod('response_due_at')} AS unack, false AS past, true AS overdue
         FROM read_case_list WHERE ${UNACKNOWLEDGED_PAST_LIMIT}
         UNION ALL
         -- open past the deadline: a term when it fell in the period; 超期 now unless counted above already
         SELECT ${key('resolution_due_at')}, ${overdueKey}, false, ${inPeriod('resolution_due_at')},
                status <> 'dispatched' OR response_due_at IS NULL OR response_due_at >= now()
         FROM read_case_list WHERE ${OPEN_PAST_DEADLINE}`;
    // By month the terms and 超期 fall in different months of one case: two grouping sets of the same pass
    // (a CTE read twice took twice as long), summed per month after.
    const { rows } = await this.pool.query(
      byMonth
        ? `SELECT to_char(key, 'YYYY-MM') AS key, sum(unack)::int AS "unacknowledgedPastLimit", sum(past)::int AS "openPastDeadline", sum(overdue)::int AS "overdueNow"
           FROM (
             SELECT CASE WHEN GROUPING(term_key) = 0 THEN term_key ELSE overdue_key END AS key,
                    CASE WHEN GROUPING(term_key) = 0 THEN count(*) FILTER (WHERE unack) ELSE 0 END AS unack,
                    CASE WHEN GROUPING(term_key) = 0 THEN count(*) FILTER (WHERE past) ELSE 0 END AS past,
                    CASE WHEN GROUPING(term_key) = 0 THEN 0 ELSE count(*) FILTER (WHERE overdue) END AS overdue
             FROM (${open}) o GROUP BY GROUPING SETS ((term_key), (overdue_key))
           ) k GROUP BY 1`
        : `SELECT term_key AS key, count(*) FILTER (WHERE unack)::int AS "unacknowledgedPastLimit", count(*) FILTER (WHERE past)::int AS "openPastDeadline",
                  count(*) FILTER (WHERE overdue)::int AS "overdueNow"
           FROM (${open}) o GROUP BY 1`,
      [period.from, period.to],
    );
    // a group with none of the three would add an empty row the former queries did not answer
    return rows.filter((r) => r.unacknowledgedPastLimit > 0 || r.openPastDeadline > 0 || r.overdueNow > 0);
  }

  async summary(period: StatPeriod, groupBy?: GroupBy): Promise<StatSummary> {
    // Every fact and open case falls in exactly one group, so the total is the sum of the groups.
    const grouped = groupBy ? await this.counts(period, groupBy) : undefined;
    const total = grouped ? new Map([['', sumCounts([...grouped.values()])]]) : await this.counts(period);
    const names = await this.names(groupBy);
    const groups = [...(grouped ?? new Map()).entries()]
      .map(([key, counts]) => ({ key, name: names(key), ...metricsOf(counts) }))
      .sort((a, b) => a.key.localeCompare(b.key));
    return { from: period.from, to: period.to, ...metricsOf(total.get('') ?? emptyCounts()), groups };
  }

  /** The cases behind one figure: `key` narrows to one group of `groupBy`. */
  async drillDown(
    metric: DrillMetric,
    period: StatPeriod,
    filter: { groupBy?: GroupBy; key?: string; page?: number; pageSize?: number; scope?: CaseScope } = {},
  ): Promise<{ items: Array<{ id: string; caseNo: string }>; total: number; page: number; pageSize: number }> {
    const page = filter.page ?? 1;
    const pageSize = filter.pageSize ?? 100;
    const values: unknown[] = [period.from, period.to];
    const range = (column: string) =>
      `${column} >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND ${column} < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;
    const keyed = (timeColumn: string) => {
      if (!filter.groupBy || filter.key === undefined) return 'true';
      values.push(filter.key);
      return `${keyColumn(filter.groupBy, timeColumn)} = $${values.length}`;
    };
    let source: string;
    const factFilter = FACT_FILTERS[metric];
    if (factFilter) {
      source = `SELECT case_id AS id, case_no FROM ${this.factsTable} WHERE ${factFilter} AND ${range('occurred_at')} AND ${keyed('occurred_at')}`;
    } else if (metric === 'unacknowledgedPastLimit') {
      source = `SELECT id, case_no FROM read_case_list WHERE ${UNACKNOWLEDGED_PAST_LIMIT} AND ${range('response_due_at')} AND ${keyed('response_due_at')}`;
    } else if (metric === 'openPastDeadline') {
      source = `SELECT id, case_no FROM read_case_list WHERE ${OPEN_PAST_DEADLINE} AND ${range('resolution_due_at')} AND ${keyed('resolution_due_at')}`;
    } else {
      // 超期数 is "now", whatever the period (its bounds typed here all the same: an untyped parameter is an error)
      source = `SELECT id, case_no FROM read_case_list WHERE (${OVERDUE_NOW}) AND $1::date <= $2::date AND ${keyed('coalesce(resolution_due_at, response_due_at)')}`;
    }
    // A scoped reader (grid worker, handler) drills down to the cases it may see, by their current attributes.
    const scope = caseScopeCondition(filter.scope, values, 'l.');
    const scoped = scope ? `WHERE s.id IN (SELECT l.id FROM read_case_list l WHERE ${scope})` : '';
    values.push(pageSize, (page - 1) * pageSize);
    const { rows } = await this.pool.query<{ id: string; case_no: string; total: number }>(
      `SELECT id, case_no, count(*) OVER ()::int AS total FROM (SELECT DISTINCT id, case_no FROM (${source}) s ${scoped}) d
       ORDER BY case_no LIMIT $${values.length - 1} OFFSET $${values.length}`,
      values,
    );
    return { items: rows.map((r) => ({ id: r.id, caseNo: r.case_no })), total: rows[0]?.total ?? 0, page, pageSize };
  }

  /** Chinese names of group keys. */
  async names(groupBy?: GroupBy): Promise<(key: string) => string> {
    const table = new Map<string, string>();
    if (groupBy === 'category') for (const c of await this.referenceData.listCategories()) table.set(c.code, c.name);
    if (groupBy === 'department') for (const d of await this.referenceData.listDepartments()) table.set(d.code, d.name);
    if (groupBy === 'grid') for (const g of await this.referenceData.listGrids()) table.set(g.code, g.name);
    if (groupBy === 'channel') for (const [code, name] of Object.entries(CHANNEL_NAMES)) table.set(code, name);
    return (key) => {
      if (groupBy === 'month') return `${key.slice(0, 4)}年${Number(key.slice(5, 7))}月`;
      if (key === '') return '未分类';
      return table.get(key) ?? key;
    };
  }
}
