import { randomUUID } from 'node:crypto';
import { CASE_STREAM_TYPE } from '@zhuqi/cases';
import { EventStore } from '@zhuqi/event-store';

/**
 * Test support: a case submitted and dispatched 10 minutes ago (as the API writes it) whose response is
 * due `dueInMs` from now (negative: already lapsed).
 */
export async function dispatchedCase(store: EventStore, dueInMs: number): Promise<{ id: string; responseDueAt: string }> {
  const id = randomUUID();
  const at = new Date(Date.now() - 600_000).toISOString();
  const responseDueAt = new Date(Date.now() + dueInMs).toISOString();
  await store.appendToStream(
    id,
    CASE_STREAM_TYPE,
    0,
    [
      {
        type: 'CaseSubmitted',
        data: {
          caseId: id, caseNo: `ZQT-${id.slice(0, 8)}`, enterpriseId: randomUUID(), enterpriseName: '苏州星河精密制造有限公司', gridCode: 'g01',
          title: '厂区道路积水', description: '雨天厂区门口道路积水严重', channel: 'online', categoryCode: 'infrastructure', urgency: 'normal',
          contactName: null, contactPhone: null, submittedAt: at,
        },
        occurredAt: new Date(at),
      },
      {
        type: 'CaseDispatched',
        data: {
          categoryCode: 'infrastructure', departmentCode: 'three_services', assistingDepartmentCodes: [], by: 'dispatcher', binding: false, cycle: 1,
          responseLimitMinutes: 3, resolutionLimitWorkingDays: 5, responseDueAt,
          resolutionDueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), assistDueAt: null, dispatchedAt: at,
        },
        occurredAt: new Date(at),
      },
    ],
    { actor: 'test', correlationId: id },
  );
  return { id, responseDueAt };
}
