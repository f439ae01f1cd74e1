import { RecordedEvent } from '@zhuqi/event-store';
import { caseFacts } from './case-facts';

let version = 0;
const event = (type: string, at: string, data: Record<string, unknown> = {}): RecordedEvent => ({
  eventId: `e${++version}`,
  streamId: '00000000-0000-4000-8000-000000000001',
  streamType: 'case',
  version,
  globalPosition: version,
  type,
  schemaVersion: 1,
  data,
  metadata: { actor: 'test', correlationId: 'c', recordedAt: '2026-01-01T00:00:00Z' },
  occurredAt: new Date(at),
  recordedAt: new Date('2026-01-01T00:00:00Z'),
});

describe('caseFacts (统计口径 of one case)', () => {
  beforeEach(() => (version = 0));

  it('counts a reopened case once, when finally resolved, with the department and category of that time', () => {
    const facts = caseFacts([
      event('CaseSubmitted', '2023-03-01T01:00:00Z', { caseNo: 'ZQ-1', categoryCode: null, gridCode: 'g07', channel: 'hotline' }),
      event('CaseDispatched', '2023-03-01T01:10:00Z', { categoryCode: 'legal', departmentCode: 'labour' }),
      event('CaseReturned', '2023-03-01T01:12:00Z', {}),
      event('CaseDispatched', '2023-03-01T02:00:00Z', { categoryCode: 'legal', departmentCode: 'legal_services' }),
      event('CaseAcknowledged', '2023-03-01T02:01:00Z', { withinResponseLimit: true }),
      event('CaseResolved', '2023-03-02T02:00:00Z', { onTime: true }),
      event('FollowUpRecorded', '2023-03-06T02:00:00Z', { satisfaction: 'unsatisfied', solved: false }),
      event('CaseReopened', '2023-03-06T02:00:00Z', {}),
      event('CaseDispatched', '2023-03-06T02:00:00Z', { categoryCode: 'legal', departmentCode: 'legal_services' }),
      event('CaseAcknowledged', '2023-03-06T02:10:00Z', { withinResponseLimit: false }),
      event('CaseResolved', '2023-04-03T02:00:00Z', { onTime: false }),
    ]);
    const kinds = (kind: string) => facts.filter((f) => f.kind === kind);
    expect(kinds('received')).toHaveLength(1);
    expect(kinds('received')[0]).toEqual(expect.objectContaining({ categoryCode: 'legal', departmentCode: 'labour' }));
    expect(kinds('assigned')).toHaveLength(1);
    expect(kinds('dispatch')).toHaveLength(3);
    expect(kinds('returned')[0].departmentCode).toBe('labour');
    expect(kinds('acknowledged').map((f) => f.ok)).toEqual([true, false]);
    expect(kinds('resolved')).toEqual([
      expect.objectContaining({ occurredAt: new Date('2023-04-03T02:00:00Z'), ok: false, departmentCode: 'legal_services', categoryCode: 'legal', gridCode: 'g07', channel: 'hotline' }),
    ]);
    expect(kinds('reopened')).toHaveLength(1);
    expect(kinds('followed_up').map((f) => f.ok)).toEqual([false]);
  });

  it('counts no resolution while a reopened case is being reworked', () => {
    const facts = caseFacts([
      event('CaseSubmitted', '2023-03-01T01:00:00Z', { caseNo: 'ZQ-2', categoryCode: 'schooling', gridCode: 'g01', channel: 'online' }),
      event('CaseDispatched', '2023-03-01T01:10:00Z', { categoryCode: 'schooling', departmentCode: 'education' }),
      event('CaseResolved', '2023-03-02T02:00:00Z', { onTime: true }),
      event('FollowUpRecorded', '2023-03-06T02:00:00Z', { satisfaction: 'basically_satisfied', solved: false }),
      event('CaseReopened', '2023-03-06T02:00:00Z', {}),
    ]);
    expect(facts.filter((f) => f.kind === 'resolved')).toEqual([]);
    expect(facts.find((f) => f.kind === 'followed_up')?.ok).toBe(true);
  });
});
