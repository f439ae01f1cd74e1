import { Pool } from 'pg';
import { CaseListFilter, caseListWhere } from '../case-list/case-list.query';
import { CHANNEL_NAMES } from '../statistics/statistics.query';
import { ExportTable } from './export-table';

/** The most rows one export writes (a year of a zone is a few thousand). */
export const CASE_EXPORT_LIMIT = 100_000;

const STATUS_NAMES: Record<string, string> = {
  submitted: '已受理', dispatched: '已派发', acknowledged: '已签收', returned: '已退回', resolved: '已办结',
  closed: '已销号', rejected: '不予受理', withdrawn: '已撤回', merged: '已合并',
};
const URGENCY_NAMES: Record<string, string> = { normal: '一般', urgent: '紧急', emergency: '特急' };

/** 诉求清单 export: the case list with the same filters as GET /api/cases, Chinese headers and names. */
export class CaseListExport {
  constructor(private readonly pool: Pool) {}

  async table(filter: CaseListFilter): Promise<ExportTable> {
    const params: unknown[] = [];
    const where = caseListWhere(filter, params);
    const { rows } = await this.pool.query(
      `SELECT l.case_no, l.status, l.title, l.enterprise_name, l.grid_code, g.name AS grid_name, l.category_code, c.name AS category_name,
              l.department_code, d.name AS department_name, l.channel, l.urgency, l.submitted_at, l.dispatched_at, l.acknowledged_at,
              l.resolved_at, l.closed_at, l.response_due_at, l.resolution_due_at, l.open_due_at < now() AS overdue, l.supervision_level, l.reopen_count
       FROM (SELECT * FROM read_case_list ${where} ORDER BY submitted_at, id LIMIT ${CASE_EXPORT_LIMIT}) l
       LEFT JOIN grids g ON g.code = l.grid_code
       LEFT JOIN categories c ON c.code = l.category_code
       LEFT JOIN departments d ON d.code = l.department_code
       ORDER BY l.submitted_at, l.case_no`,
      params,
    );
    const time = (d: Date | null) => (d ? d.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }) : '');
    return {
      title: '诉求清单',
      columns: [
        ['caseNo', '案件编号'], ['status', '状态'], ['title', '诉求标题'], ['enterprise', '企业'], ['grid', '网格'],
        ['category', '类别'], ['department', '承办部门'], ['channel', '渠道'], ['urgency', '紧急程度'], ['submittedAt', '受理时间'],
        ['dispatchedAt', '派发时间'], ['acknowledgedAt', '签收时间'], ['resolvedAt', '办结时间'], ['closedAt', '销号时间'],
        ['responseDueAt', '响应时限'], ['resolutionDueAt', '办结时限'], ['overdue', '是否超期'], ['supervisionLevel', '督办级别'], ['reopenCount', '重办次数'],
      ].map(([key, header]) => ({ key, header })),
      rows: rows.map((r) => ({
        caseNo: r.case_no,
        status: STATUS_NAMES[r.status] ?? r.status,
        title: r.title,
        enterprise: r.enterprise_name,
        grid: r.grid_name ?? r.grid_code,
        category: r.category_name ?? r.category_code ?? '',
        department: r.department_name ?? r.department_code ?? '',
        channel: CHANNEL_NAMES[r.channel] ?? r.channel,
        urgency: URGENCY_NAMES[r.urgency] ?? r.urgency,
        submittedAt: time(r.submitted_at),
        dispatchedAt: time(r.dispatched_at),
        acknowledgedAt: time(r.acknowledged_at),
        resolvedAt: time(r.resolved_at),
        closedAt: time(r.closed_at),
        responseDueAt: time(r.response_due_at),
        resolutionDueAt: time(r.resolution_due_at),
        overdue: r.overdue ? '是' : '否',
        supervisionLevel: r.supervision_level ?? '',
        reopenCount: r.reopen_count,
      })),
    };
  }
}
