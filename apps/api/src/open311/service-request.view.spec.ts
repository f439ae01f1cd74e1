import type { CaseStatus, CaseView } from '@zhuqi/cases';
import type { Category } from '@zhuqi/reference-data';
import { georeportStatus, serviceRequestOf, statusNotes } from './service-request.view';

const legal: Category = {
  code: 'legal',
  name: '法律',
  defaultDepartmentCode: 'legal_services',
  responseMinutes: 3,
  resolutionDays: { normal: 7, urgent: 3, emergency: 1 },
  sortOrder: 10,
};

function view(over: Partial<CaseView>): CaseView {
  return {
    id: '9884c373-a80a-5cbc-a3ff-fd590b2b9d71',
    caseNo: 'ZQ2026-000001',
    status: 'dispatched',
    version: 2,
    title: '合同纠纷咨询',
    description: '供应商拖欠货款，想咨询起诉流程',
    channel: 'online',
    urgency: 'normal',
    categoryCode: 'legal',
    departmentCode: 'legal_services',
    assistingDepartments: [],
    enterprise: { id: 'b1ebd5d8-3653-4e8a-b02e-79ea2cf7daa5', name: '永康市飞达机械有限公司', gridCode: 'g14' },
    contactName: '吕红林',
    contactPhone: '18895132073',
    dispatchCycle: 1,
    binding: false,
    returnedBy: null,
    returnReason: null,
    responseDueAt: '2026-03-04T01:33:00.000Z',
    resolutionDueAt: '2026-03-13T09:30:00.000Z',
    resolutionReminderAt: null,
    assistDueAt: null,
    followUpDueAt: null,
    responseOverdue: false,
    resolutionReminded: false,
    resolutionOverdue: false,
    assistOverdueDepartments: [],
    followUpDue: false,
    acknowledgedWithinLimit: null,
    resolvedOnTime: null,
    resolution: null,
    pendingExtension: null,
    extensions: [],
    supervision: null,
    followUps: [],
    reopenCount: 0,
    mergedIntoCaseId: null,
    closingReason: null,
    submittedAt: '2026-03-04T01:30:00.000Z',
    dispatchedAt: '2026-03-04T01:30:00.000Z',
    acknowledgedAt: null,
    resolvedAt: null,
    closedAt: null,
    updatedAt: '2026-03-04T01:30:00.000Z',
    lastPosition: 10,
    ...over,
  };
}

describe('a case as a GeoReport v2 service request', () => {
  it.each<[CaseStatus, 'open' | 'closed', string]>([
    ['submitted', 'open', '已受理，待分类派发'],
    ['dispatched', 'open', '已派发至法律服务中心，待签收'],
    ['acknowledged', 'open', '已签收，办理中'],
    ['returned', 'open', '承办部门已退回，待重新派发'],
    ['resolved', 'open', '已办结，待回访'],
    ['closed', 'closed', '已办结销号'],
    ['rejected', 'closed', '不予受理'],
    ['withdrawn', 'closed', '企业已撤回'],
    ['merged', 'closed', '重复诉求，已合并办理'],
  ])('%s is %s with the notes "%s"', (status, open, notes) => {
    expect(georeportStatus(status)).toBe(open);
    expect(statusNotes(view({ status }), '法律服务中心', 'public')).toBe(notes);
  });

  it('tells a reopened, extended and supervised case apart in the notes', () => {
    const busy = view({
      status: 'acknowledged',
      reopenCount: 1,
      extensions: [{ workingDays: 3, outcome: 'approved', at: '2026-03-05T01:00:00.000Z' }],
      supervision: { level: 1, instructions: '尽快办结', dueAt: '2026-03-10T09:30:00.000Z', openedAt: '2026-03-06T01:00:00.000Z', escalatedAt: null, signedOffAt: null },
    });
    expect(statusNotes(busy, '法律服务中心', 'full')).toBe('已签收，办理中（已延期）（第1次重办），督办中');
  });

  it("gives a rejection's reason only to the request's own holder", () => {
    const rejected = view({ status: 'rejected', closingReason: '属司法诉讼事项，不属管委会受理范围' });
    expect(statusNotes(rejected, null, 'full')).toBe('不予受理：属司法诉讼事项，不属管委会受理范围');
    expect(statusNotes(rejected, null, 'public')).toBe('不予受理');
  });

  it('maps every field of the specification, the deadline as expected_datetime while the case runs', () => {
    const request = serviceRequestOf({ view: view({ updatedAt: '2026-03-04T01:31:00.000Z' }), category: legal, departmentName: '法律服务中心', visibility: 'full', address: '浙江省永康市金山东路155号' });
    expect(request).toEqual({
      service_request_id: '9884c373-a80a-5cbc-a3ff-fd590b2b9d71',
      status: 'open',
      status_notes: '已派发至法律服务中心，待签收',
      service_name: '法律',
      service_code: 'legal',
      description: '供应商拖欠货款，想咨询起诉流程',
      agency_responsible: '法律服务中心',
      service_notice: '3分钟内响应，7个工作日内办结',
      requested_datetime: '2026-03-04T09:30:00+08:00',
      updated_datetime: '2026-03-04T09:31:00+08:00',
      expected_datetime: '2026-03-13T17:30:00+08:00',
      address: '浙江省永康市金山东路155号',
      address_id: null,
      zipcode: null,
      lat: null,
      long: null,
      media_url: null,
    });
  });

  it('hides the description and the address from anyone but the holder', () => {
    const request = serviceRequestOf({ view: view({}), category: legal, departmentName: '法律服务中心', visibility: 'public', address: '浙江省永康市金山东路155号' });
    expect(request).toMatchObject({ description: null, address: null });
    expect(JSON.stringify(request)).not.toMatch(/吕红林|18895132073|飞达/);
  });

  it('promises by urgency, and a closed request was updated when it closed, with nothing more expected', () => {
    const closed = serviceRequestOf({
      view: view({ status: 'closed', urgency: 'urgent', closedAt: '2026-03-09T02:00:00.000Z', updatedAt: '2026-03-10T02:00:00.000Z' }),
      category: legal,
      departmentName: '法律服务中心',
      visibility: 'public',
      address: null,
    });
    expect(closed).toMatchObject({ status: 'closed', service_notice: '3分钟内响应，3个工作日内办结', updated_datetime: '2026-03-09T10:00:00+08:00', expected_datetime: null });
  });
});
