import { InvalidInput } from '@zhuqi/platform';
import { DrillMetric, StatCounts, StatisticsQuery, StatPeriod } from '../statistics/statistics.query';

/** One rate of a department, with the counts and the cases behind it. */
export interface LeagueFigure {
  value: number | null;
  numerator: number;
  denominator: number;
  /** The drill-down queries (GET /api/stats/drill-down?…) of the numerator and the denominator terms. */
  drillDown: Record<string, string>;
}

export interface LeagueRow {
  rank: number;
  /** 红榜 (top three) / 黑榜 (bottom three) / null. */
  board: 'red' | 'black' | null;
  departmentCode: string;
  departmentName: string;
  score: number | null;
  onTimeResponseRate: LeagueFigure;
  returnRate: LeagueFigure;
  reopenRate: LeagueFigure;
  onTimeResolutionRate: LeagueFigure;
  satisfactionRate: LeagueFigure;
}

export interface LeagueTable {
  month: string;
  from: string;
  to: string;
  rows: LeagueRow[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const BOARD_SIZE = 3;

/**
 * 红黑榜: departments ranked monthly on on-time acknowledgement, return, reopen, on-time resolution and
 * satisfaction. The score is the mean of the rates a department has (return and reopen counted as 1 − rate);
 * departments with no figures at all are listed last, unranked on the boards.
 */
export class LeagueTableQuery {
  constructor(private readonly statistics: StatisticsQuery) {}

  static monthPeriod(month: string): StatPeriod {
    const m = MONTH.exec(month ?? '');
    if (!m) throw new InvalidInput('month', 'month must be YYYY-MM');
    const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
    return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
  }

  async table(month: string): Promise<LeagueTable> {
    const period = LeagueTableQuery.monthPeriod(month);
    const counts = await this.statistics.counts(period, 'department');
    const names = await this.statistics.names('department');
    const link = (metric: DrillMetric, key: string) =>
      `/api/stats/drill-down?metric=${metric}&from=${period.from}&to=${period.to}&groupBy=department&key=${encodeURIComponent(key)}`;
    const figure = (key: string, numerator: number, denominator: number, terms: Record<string, DrillMetric>): LeagueFigure => ({
      value: denominator === 0 ? null : Math.round((numerator / denominator) * 10000) / 10000,
      numerator,
      denominator,
      drillDown: Object.fromEntries(Object.entries(terms).map(([name, metric]) => [name, link(metric, key)])),
    });
    const rows = [...counts.entries()]
      .filter(([key]) => key !== '') // not yet dispatched: no department to rank
      .map(([key, c]: [string, StatCounts]) => {
        const row = {
          departmentCode: key,
          departmentName: names(key),
          onTimeResponseRate: figure(key, c.acknowledgedOnTime, c.acknowledged + c.unacknowledgedPastLimit, {
            numerator: 'acknowledgedOnTime', acknowledged: 'acknowledged', unacknowledgedPastLimit: 'unacknowledgedPastLimit',
          }),
          returnRate: figure(key, c.returned, c.dispatches, { numerator: 'returned', denominator: 'dispatches' }),
          reopenRate: figure(key, c.reopened, c.resolved, { numerator: 'reopened', denominator: 'resolved' }),
          onTimeResolutionRate: figure(key, c.resolvedOnTime, c.resolved + c.openPastDeadline, {
            numerator: 'resolvedOnTime', resolved: 'resolved', openPastDeadline: 'openPastDeadline',
          }),
          satisfactionRate: figure(key, c.satisfied, c.followedUp, { numerator: 'satisfied', denominator: 'followedUp' }),
        };
        const parts = [
          row.onTimeResponseRate.value,
          row.returnRate.value === null ? null : 1 - row.returnRate.value,
          row.reopenRate.value === null ? null : 1 - row.reopenRate.value,
          row.onTimeResolutionRate.value,
          row.satisfactionRate.value,
        ].filter((v): v is number => v !== null);
        const score = parts.length === 0 ? null : Math.round((parts.reduce((a, b) => a + b, 0) / parts.length) * 10000) / 10000;
        return { ...row, score };
      })
      .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.departmentCode.localeCompare(b.departmentCode));
    const scored = rows.filter((r) => r.score !== null).length;
    return {
      month,
      ...period,
      rows: rows.map((r, i) => ({
        rank: i + 1,
        board: r.score === null ? null : i < BOARD_SIZE ? 'red' : i >= Math.max(BOARD_SIZE, scored - BOARD_SIZE) ? 'black' : null,
        ...r,
      })),
    };
  }
}
