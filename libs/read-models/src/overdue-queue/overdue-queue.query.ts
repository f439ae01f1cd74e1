import { Pool } from 'pg';
import { CaseListItem, LIST_COLUMNS, Page, toListItem } from '../case-list/case-list.query';
import { CaseScope, caseScopeCondition } from '../case-list/case-scope';

export interface OverdueQueueItem extends CaseListItem {
  /** 超期 since: the response due time while unacknowledged, else the resolution due time. */
  overdueSince: string;
  overdueMinutes: number;
  /** Waiting since dispatch (派发), in minutes. */
  waitingMinutes: number;
  supervisionDueAt: string | null;
}

export interface OverdueQueueFilter {
  departmentCode?: string;
  gridCode?: string;
  supervised?: boolean;
  /** The reader's reach (grid worker, handler); absent: every case. */
  scope?: CaseScope;
}

/**
 * 督查督办 queue: unfinished cases past their running due time, most overdue first. Computed from the due
 * times at query time (never waits for a timer event), over a partial index on `open_due_at`.
 */
export class OverdueQueueQuery {
  constructor(private readonly pool: Pool) {}

  async list(filter: OverdueQueueFilter, page = 1, pageSize = 20): Promise<Page<OverdueQueueItem>> {
    const params: unknown[] = [];
    const where = [`open_due_at < now()`];
    if (filter.departmentCode) where.push(`department_code = $${params.push(filter.departmentCode)}`);
    if (filter.gridCode) where.push(`grid_code = $${params.push(filter.gridCode)}`);
    if (filter.supervised === true) where.push(`supervision_level IS NOT NULL`);
    if (filter.supervised === false) where.push(`supervision_level IS NULL`);
    const scope = caseScopeCondition(filter.scope, params);
    if (scope) where.push(scope);
    const clause = where.join(' AND ');
    const [items, total] = await Promise.all([
      this.pool.query(
        `SELECT ${LIST_COLUMNS}, open_due_at, supervision_due_at,
                floor(extract(epoch FROM now() - open_due_at) / 60)::int AS overdue_minutes,
                floor(extract(epoch FROM now() - coalesce(dispatched_at, submitted_at)) / 60)::int AS waiting_minutes
         FROM read_case_list WHERE ${clause}
         ORDER BY open_due_at, id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
        params,
      ),
      this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM read_case_list WHERE ${clause}`, params),
    ]);
    return {
      items: items.rows.map((r) => ({
        ...toListItem(r),
        overdueSince: r.open_due_at.toISOString(),
        overdueMinutes: r.overdue_minutes,
        waitingMinutes: r.waiting_minutes,
        supervisionDueAt: r.supervision_due_at ? r.supervision_due_at.toISOString() : null,
      })),
      total: Number(total.rows[0].n),
      page,
      pageSize,
    };
  }
}
