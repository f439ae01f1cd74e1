import { Pool } from 'pg';
import { CaseListItem, LIST_COLUMNS, toListItem } from '../case-list/case-list.query';

export interface FollowUpDueItem extends CaseListItem {
  followUpDueAt: string | null;
}

export interface ReturnedItem extends CaseListItem {
  returnedBy: string | null;
  returnReason: string | null;
}

export interface UnvisitedEnterprise {
  id: string;
  name: string;
  address: string;
  contactName: string;
  contactPhone: string;
  lastVisitedAt: string | null;
}

export interface VisitCoverage {
  gridCode: string;
  gridName: string;
  enterprises: number;
  visited: number;
  /** Share of the grid's enterprises visited in the month, 0..1. */
  rate: number;
}

export interface GridTodo {
  gridCode: string;
  /** YYYY-MM (Asia/Shanghai) the visit list refers to. */
  month: string;
  /** 回访到期: resolved cases whose follow-up call is due (FollowUpDue recorded, or its due time passed). */
  followUpsDue: { items: FollowUpDueItem[]; total: number };
  /** 退回: cases of the grid handed back to the dispatcher. */
  returned: { items: ReturnedItem[]; total: number };
  /** 走访: enterprises of the grid without a visit this month. */
  notVisited: { items: UnvisitedEnterprise[]; total: number };
  coverage: VisitCoverage;
}

/** The month `YYYY-MM` (Asia/Shanghai) containing `at`. */
export function shanghaiMonth(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

/** Bounds of a Shanghai month as SQL over parameter `p` ('YYYY-MM'). */
const MONTH_START = (p: string) => `((${p} || '-01')::timestamp AT TIME ZONE 'Asia/Shanghai')`;
const MONTH_END = (p: string) => `(((${p} || '-01')::timestamp + interval '1 month') AT TIME ZONE 'Asia/Shanghai')`;

/** 网格员待办: what a grid worker should do next in the grid. */
export class GridTodoQuery {
  constructor(private readonly pool: Pool) {}

  async todo(gridCode: string, month: string): Promise<GridTodo> {
    const [followUps, returned, unvisited, coverage] = await Promise.all([
      this.pool.query(
        `SELECT ${LIST_COLUMNS}, follow_up_due_at FROM read_case_list
         WHERE status = 'resolved' AND grid_code = $1 AND (follow_up_due OR follow_up_due_at <= now())
         ORDER BY follow_up_due_at NULLS FIRST, id`,
        [gridCode],
      ),
      this.pool.query(
        `SELECT ${LIST_COLUMNS}, returned_by, return_reason FROM read_case_list
         WHERE status = 'returned' AND grid_code = $1 ORDER BY updated_at, id`,
        [gridCode],
      ),
      this.pool.query(
        `SELECT e.id, e.name, e.address, e.contact_name, e.contact_phone,
                (SELECT max(v.visited_at) FROM read_visits v WHERE v.enterprise_id = e.id) AS last_visited_at
         FROM enterprises e
         WHERE e.grid_code = $1 AND NOT EXISTS (
           SELECT 1 FROM read_visits v WHERE v.enterprise_id = e.id AND v.visited_at >= ${MONTH_START('$2')} AND v.visited_at < ${MONTH_END('$2')})
         ORDER BY last_visited_at NULLS FIRST, e.name`,
        [gridCode, month],
      ),
      this.coverage(month, gridCode),
    ]);
    return {
      gridCode,
      month,
      followUpsDue: { items: followUps.rows.map((r) => ({ ...toListItem(r), followUpDueAt: r.follow_up_due_at?.toISOString() ?? null })), total: followUps.rowCount ?? 0 },
      returned: { items: returned.rows.map((r) => ({ ...toListItem(r), returnedBy: r.returned_by, returnReason: r.return_reason })), total: returned.rowCount ?? 0 },
      notVisited: {
        items: unvisited.rows.map((r) => ({
          id: r.id,
          name: r.name,
          address: r.address,
          contactName: r.contact_name,
          contactPhone: r.contact_phone,
          lastVisitedAt: r.last_visited_at?.toISOString() ?? null,
        })),
        total: unvisited.rowCount ?? 0,
      },
      coverage: coverage[0] ?? { gridCode, gridName: '', enterprises: 0, visited: 0, rate: 0 },
    };
  }

  /** 走访覆盖率 per grid for a month (one grid with `gridCode`). */
  async coverage(month: string, gridCode?: string): Promise<VisitCoverage[]> {
    const { rows } = await this.pool.query(
      `SELECT g.code, g.name, count(e.id)::int AS enterprises,
              count(e.id) FILTER (WHERE EXISTS (
                SELECT 1 FROM read_visits v WHERE v.enterprise_id = e.id AND v.visited_at >= ${MONTH_START('$1')} AND v.visited_at < ${MONTH_END('$1')}))::int AS visited
       FROM grids g LEFT JOIN enterprises e ON e.grid_code = g.code
       WHERE $2::text IS NULL OR g.code = $2
       GROUP BY g.code, g.name ORDER BY g.code`,
      [month, gridCode ?? null],
    );
    return rows.map((r) => ({
      gridCode: r.code,
      gridName: r.name,
      enterprises: r.enterprises,
      visited: r.visited,
      rate: r.enterprises === 0 ? 0 : Math.round((r.visited / r.enterprises) * 10_000) / 10_000,
    }));
  }
}
