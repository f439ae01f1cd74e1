import { LeagueTable } from '../league-table/league-table.query';
import { StatMetrics, StatSummary } from '../statistics/statistics.query';
import { ExportTable } from './export-table';

const METRIC_COLUMNS: Array<{ key: keyof StatMetrics; header: string }> = [
  { key: 'received', header: '受理数' },
  { key: 'resolved', header: '办结数' },
  { key: 'closed', header: '销号数' },
  { key: 'onTimeResponseRate', header: '按时响应率' },
  { key: 'onTimeResolutionRate', header: '按期办结率' },
  { key: 'satisfactionRate', header: '满意率' },
  { key: 'rectificationRate', header: '整改率' },
  { key: 'reopenRate', header: '重办率' },
  { key: 'returnRate', header: '回退率' },
  { key: 'overdueNow', header: '超期数' },
];

const percent = (value: unknown) => (typeof value === 'number' ? `${(value * 100).toFixed(2)}%` : value === null ? '' : value);

function withPercents(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  for (const c of METRIC_COLUMNS) if (c.key.endsWith('Rate')) out[c.key] = percent(row[c.key]);
  return out;
}

/** 统计报表: the total first (合计), then one line per group. */
export function summaryTable(summary: StatSummary): ExportTable {
  const { groups, from, to, ...total } = summary;
  return {
    title: `统计 ${from} 至 ${to}`,
    columns: [{ key: 'key', header: '分组代码' }, { key: 'name', header: '分组' }, ...METRIC_COLUMNS],
    rows: [{ key: '', name: '合计', ...total }, ...groups].map((row) => withPercents({ ...row })),
  };
}

/** 红黑榜. */
export function leagueTableExport(table: LeagueTable): ExportTable {
  return {
    title: `红黑榜 ${table.month}`,
    columns: [
      { key: 'rank', header: '排名' },
      { key: 'board', header: '榜单' },
      { key: 'departmentCode', header: '部门代码' },
      { key: 'departmentName', header: '部门' },
      { key: 'score', header: '综合得分' },
      { key: 'onTimeResponseRate', header: '按时响应率' },
      { key: 'returnRate', header: '回退率' },
      { key: 'reopenRate', header: '重办率' },
      { key: 'onTimeResolutionRate', header: '按期办结率' },
      { key: 'satisfactionRate', header: '满意率' },
    ],
    rows: table.rows.map((r) => ({
      rank: r.rank,
      board: r.board === 'red' ? '红榜' : r.board === 'black' ? '黑榜' : '',
      departmentCode: r.departmentCode,
      departmentName: r.departmentName,
      score: r.score,
      onTimeResponseRate: percent(r.onTimeResponseRate.value),
      returnRate: percent(r.returnRate.value),
      reopenRate: percent(r.reopenRate.value),
      onTimeResolutionRate: percent(r.onTimeResolutionRate.value),
      satisfactionRate: percent(r.satisfactionRate.value),
    })),
  };
}
