import { Pool } from 'pg';
import { CaseScope, caseScopeCondition } from './case-scope';
import { bigramsOf, foldSearchText } from '../case-search/search-text';

export const CASE_LIST_SORTS = ['submittedAt', '-submittedAt', 'updatedAt', '-updatedAt', 'resolutionDueAt', '-resolutionDueAt', 'caseNo', '-caseNo'] as const;
export type CaseListSort = (typeof CASE_LIST_SORTS)[number];

export interface CaseListFilter {
  status?: string[];
  departmentCode?: string;
  gridCode?: string;
  categoryCode?: string;
  channel?: string;
  urgency?: string;
  overdue?: boolean;
  supervised?: boolean;
  /** Submitted at or after / before (exclusive). */
  from?: Date;
  to?: Date;
  /** 全文检索 over title and description; any length, Chinese included. */
  q?: string;
  /** The reader's reach (grid worker, handler); absent: every case. */
  scope?: CaseScope;
}

export interface CaseListItem {
  id: string;
  caseNo: string;
  status: string;
  title: string;
  enterprise: { id: string; name: string; gridCode: string };
  categoryCode: string | null;
  departmentCode: string | null;
  channel: string;
  urgency: string;
  submittedAt: string;
  dispatchedAt: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  responseDueAt: string | null;
  resolutionDueAt: string | null;
  overdue: boolean;
  supervisionLevel: number | null;
  reopenCount: number;
  version: number;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

const ORDER: Record<CaseListSort, string> = {
  submittedAt: 'submitted_at ASC, id ASC',
  '-submittedAt': 'submitted_at DESC, id DESC',
  updatedAt: 'updated_at ASC, id ASC',
  '-updatedAt': 'updated_at DESC, id DESC',
  resolutionDueAt: 'resolution_due_at ASC NULLS LAST, id ASC',
  '-resolutionDueAt': 'resolution_due_at DESC NULLS LAST, id DESC',
  caseNo: 'case_no ASC',
  '-caseNo': 'case_no DESC',
};

/** `x LIKE` pattern matching `text` literally anywhere. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * 全文检索 over `read_case_search` (search-text.ts): 2+ characters look up their bigrams in the GIN index,
 * then the substring check keeps the exact matches; a single character has no bigram and scans the
 * (narrow) search table.
 */
export function caseSearchCondition(q: string, params: unknown[]): string {
  const folded = foldSearchText(q);
  const bigrams = bigramsOf(folded);
  // Exactly two characters: holding the bigram is containing the text (and a redundant LIKE made the
  // planner think matches rare, and walk the whole list by date to find a page).
  if ([...folded].length === 2) {
    params.push(bigrams);
    return `bigrams @> $${params.length}::text[]`;
  }
  params.push(containsPattern(folded));
  const like = `content LIKE $${params.length}`;
  if (bigrams.length === 0) return like;
  params.push(bigrams);
  return `bigrams @> $${params.length}::text[] AND ${like}`;
}

/** Builds the WHERE clause of a case-list filter (shared with part B's drill-downs and exports). */
export function caseListWhere(filter: CaseListFilter, params: unknown[]): string {
  const where: string[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.status?.length) add((p) => `status = ANY(${p}::text[])`, filter.status);
  if (filter.departmentCode) add((p) => `department_code = ${p}`, filter.departmentCode);
  if (filter.gridCode) add((p) => `grid_code = ${p}`, filter.gridCode);
  if (filter.categoryCode) add((p) => `category_code = ${p}`, filter.categoryCode);
  if (filter.channel) add((p) => `channel = ${p}`, filter.channel);
  if (filter.urgency) add((p) => `urgency = ${p}`, filter.urgency);
  if (filter.from) add((p) => `submitted_at >= ${p}`, filter.from);
  if (filter.to) add((p) => `submitted_at < ${p}`, filter.to);
  if (filter.overdue === true) where.push(`open_due_at < now()`);
  if (filter.overdue === false) where.push(`(open_due_at IS NULL OR open_due_at >= now())`);
  if (filter.supervised === true) where.push(`supervision_level IS NOT NULL`);
  if (filter.supervised === false) where.push(`supervision_level IS NULL`);
  if (filter.q) where.push(`id IN (SELECT id FROM read_case_search WHERE ${caseSearchCondition(filter.q, params)})`);
  const scope = caseScopeCondition(filter.scope, params);
  if (scope) where.push(scope);
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

export const LIST_COLUMNS = `id, case_no, status, title, enterprise_id, enterprise_name, grid_code, category_code, department_code,
  channel, urgency, submitted_at, dispatched_at, acknowledged_at, resolved_at, closed_at, response_due_at, resolution_due_at,
  open_due_at < now() AS overdue, supervision_level, reopen_count, version, updated_at`;

export function toListItem(r: Record<string, any>): CaseListItem {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: r.id,
    caseNo: r.case_no,
    status: r.status,
    title: r.title,
    enterprise: { id: r.enterprise_id, name: r.enterprise_name, gridCode: r.grid_code },
    categoryCode: r.category_code,
    departmentCode: r.department_code,
    channel: r.channel,
    urgency: r.urgency,
    submittedAt: r.submitted_at.toISOString(),
    dispatchedAt: iso(r.dispatched_at),
    acknowledgedAt: iso(r.acknowledged_at),
    resolvedAt: iso(r.resolved_at),
    closedAt: iso(r.closed_at),
    responseDueAt: iso(r.response_due_at),
    resolutionDueAt: iso(r.resolution_due_at),
    overdue: r.overdue === true,
    supervisionLevel: r.supervision_level,
    reopenCount: r.reopen_count,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** GET /api/cases: the case list and search over `read_case_list`. */
export class CaseListQuery {
  constructor(private readonly pool: Pool) {}

  async search(filter: CaseListFilter, page = 1, pageSize = 20, sort: CaseListSort = '-submittedAt'): Promise<Page<CaseListItem>> {
    const params: unknown[] = [];
    const where = caseListWhere(filter, params);
    const [items, total] = await Promise.all([
      this.pool.query(`SELECT ${LIST_COLUMNS} FROM read_case_list ${where} ORDER BY ${ORDER[sort]} LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`, params),
      this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM read_case_list ${where}`, params),
    ]);
    return { items: items.rows.map(toListItem), total: Number(total.rows[0].n), page, pageSize };
  }
}
