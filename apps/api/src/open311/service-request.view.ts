import type { CaseStatus, CaseView } from '@zhuqi/cases';
import type { Category } from '@zhuqi/reference-data';
import { GeoReportDocument, listDocument } from './georeport-format';
import { servicePromise } from './service-catalogue';
import { toW3c } from './w3c-datetime';

/** Statuses after which nothing more is done for the enterprise: GeoReport `closed`. */
export const CLOSED_STATUSES: readonly CaseStatus[] = ['closed', 'rejected', 'withdrawn', 'merged'];

export const georeportStatus = (status: CaseStatus): 'open' | 'closed' => (CLOSED_STATUSES.includes(status) ? 'closed' : 'open');

/**
 * How much of a case the caller sees: `full` for the holder of the key that posted it or of the
 * enterprise's own key; `public` (anyone else, requests posted through Open311 only) without the
 * description, the address or a rejection's reason — nothing that names or describes the enterprise.
 */
export type Visibility = 'full' | 'public';

export interface RequestContext {
  view: CaseView;
  category: Category | undefined;
  departmentName: string | null;
  visibility: Visibility;
  /** The enterprise's registered address (full visibility only). */
  address: string | null;
}

/** 状态说明: the detailed status in Chinese. */
export function statusNotes(view: CaseView, departmentName: string | null, visibility: Visibility): string {
  const supervised = view.supervision && !view.supervision.signedOffAt ? '，督办中' : '';
  const reopened = view.reopenCount > 0 ? `（第${view.reopenCount}次重办）` : '';
  switch (view.status) {
    case 'submitted':
      return '已受理，待分类派发';
    case 'dispatched':
      return `已派发至${departmentName ?? '承办部门'}，待签收${reopened}${supervised}`;
    case 'acknowledged':
      return `已签收，办理中${view.extensions.some((e) => e.outcome === 'approved') ? '（已延期）' : ''}${reopened}${supervised}`;
    case 'returned':
      return '承办部门已退回，待重新派发';
    case 'resolved':
      return '已办结，待回访';
    case 'closed':
      return '已办结销号';
    case 'rejected':
      return visibility === 'full' && view.closingReason ? `不予受理：${view.closingReason}` : '不予受理';
    case 'withdrawn':
      return '企业已撤回';
    case 'merged':
      return '重复诉求，已合并办理';
  }
}

/** One `request` of GET requests / GET requests/{id}, every field of the specification in its order. */
export function serviceRequestOf(ctx: RequestContext): Record<string, unknown> {
  const { view, category, visibility } = ctx;
  const running = view.status === 'dispatched' || view.status === 'acknowledged';
  const closed = georeportStatus(view.status) === 'closed';
  return {
    service_request_id: view.id,
    status: georeportStatus(view.status),
    status_notes: statusNotes(view, ctx.departmentName, visibility),
    service_name: category?.name ?? null,
    service_code: view.categoryCode,
    description: visibility === 'full' ? view.description : null,
    agency_responsible: ctx.departmentName,
    service_notice: category ? servicePromise(category, view.urgency) : null,
    requested_datetime: toW3c(view.submittedAt),
    updated_datetime: toW3c(closed && view.closedAt ? view.closedAt : view.updatedAt),
    expected_datetime: running && view.resolutionDueAt ? toW3c(view.resolutionDueAt) : null,
    address: visibility === 'full' ? ctx.address : null,
    address_id: null,
    zipcode: null,
    lat: null,
    long: null,
    media_url: null,
  };
}

export function serviceRequestsDocument(requests: RequestContext[]): GeoReportDocument {
  return listDocument('service_requests', 'request', requests.map(serviceRequestOf));
}
