import { CaseNotFound, CaseStatus, CaseView } from '@zhuqi/cases';
import { CaseDetailReader } from '@zhuqi/read-models';
import { Open311Links } from '@zhuqi/open311';
import { ReferenceDataService } from '@zhuqi/reference-data';
import { Pool } from 'pg';
import { RequestContext, CLOSED_STATUSES, Visibility } from './service-request.view';

/** Who asks: nobody (no api_key), a partner system's key, or an enterprise's own key. */
export interface Caller {
  apiKeyId: string | null;
  /** Set for an enterprise key: its enterprise sees all of its cases, from every channel. */
  enterpriseId: string | null;
}

export interface RequestFilters {
  ids?: string[];
  serviceCodes?: string[];
  statuses?: Array<'open' | 'closed'>;
  from: Date;
  to: Date;
}

/** The specification's response volume: at most 1000 requests per answer. */
export const MAX_REQUESTS = 1000;

/**
 * GET requests, GET requests/{id} and GET tokens/{token} with the privacy rules: a case is visible when it
 * was posted through Open311 (to anyone, `public`) or belongs to the caller (`full`: posted with the
 * caller's key, or of the caller's enterprise). Other cases do not exist for Open311 (404, never 403).
 */
export class ServiceRequestsQuery {
  constructor(
    private readonly pool: Pool,
    private readonly caseDetail: CaseDetailReader,
    private readonly links: Open311Links,
    private readonly referenceData: ReferenceDataService,
  ) {}

  /** From the read models, newest first (a request posted a moment ago appears once they caught up). */
  async list(filters: RequestFilters, caller: Caller): Promise<RequestContext[]> {
    const params: unknown[] = [caller.apiKeyId, caller.enterpriseId];
    const where = [`(o.case_id IS NOT NULL OR c.enterprise_id = $2::uuid)`];
    if (filters.ids) {
      params.push(filters.ids);
      where.push(`c.id = ANY($${params.length}::uuid[])`);
    } else {
      params.push(filters.from, filters.to);
      where.push(`c.submitted_at >= $${params.length - 1} AND c.submitted_at <= $${params.length}`);
      if (filters.serviceCodes) {
        params.push(filters.serviceCodes);
        where.push(`c.category_code = ANY($${params.length}::text[])`);
      }
      const statuses = filters.statuses ? new Set(filters.statuses) : undefined;
      if (statuses && statuses.size === 1) {
        params.push(CLOSED_STATUSES);
        where.push(`${statuses.has('closed') ? '' : 'NOT '}c.status = ANY($${params.length}::text[])`);
      }
    }
    const { rows } = await this.pool.query<{ view: CaseView; full: boolean; address: string | null }>(
      `SELECT d.view, (o.api_key_id = $1::uuid OR c.enterprise_id = $2::uuid) IS TRUE AS full, e.address
       FROM read_case_list c
       JOIN read_case_detail d ON d.id = c.id
       LEFT JOIN open311_requests o ON o.case_id = c.id
       LEFT JOIN enterprises e ON e.id = c.enterprise_id
       WHERE ${where.join(' AND ')}
       ORDER BY c.submitted_at DESC, c.id
       LIMIT ${MAX_REQUESTS}`,
      params,
    );
    return Promise.all(rows.map((row) => this.context(row.view, row.full ? 'full' : 'public', row.address)));
  }

  /** One request, read-your-writes (waits briefly for the read model, as GET /api/cases/:id does). */
  async one(caseId: string, caller: Caller): Promise<RequestContext | undefined> {
    let view: CaseView;
    try {
      view = (await this.caseDetail.get(caseId)).view;
    } catch (error) {
      if (error instanceof CaseNotFound) return undefined;
      throw error;
    }
    const link = await this.links.byCase(caseId);
    const full = (link !== undefined && link.apiKeyId === caller.apiKeyId) || view.enterprise.id === caller.enterpriseId;
    if (!full && !link) return undefined;
    const address = full ? ((await this.referenceData.enterprise(view.enterprise.id))?.address ?? null) : null;
    return this.context(view, full ? 'full' : 'public', address);
  }

  async caseIdOfToken(token: string): Promise<string | undefined> {
    return this.links.caseIdOfToken(token);
  }

  private async context(view: CaseView, visibility: Visibility, address: string | null): Promise<RequestContext> {
    const category = view.categoryCode ? await this.referenceData.category(view.categoryCode) : undefined;
    const department = view.departmentCode && !NO_AGENCY.includes(view.status) ? await this.referenceData.department(view.departmentCode) : undefined;
    return { view, category, departmentName: department?.name ?? null, visibility, address: visibility === 'full' ? address : null };
  }
}

/** No department answers for a case before its dispatch or while a return waits for a ruling. */
const NO_AGENCY: CaseStatus[] = ['submitted', 'returned'];
