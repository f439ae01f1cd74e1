import { CaseCommand } from './case.commands';
import { CaseEvent } from './case.events';
import { CaseState, evolve, ExistingCase, foldCase, hasOpenSupervision, initialCaseState } from './case.state';
import { decide } from './decide';
import { history, SPEC_CASE_ID, specContext } from './case.spec-kit';

/** Runs commands through the real decider one after another, as the command runner does. */
function play(steps: Array<[CaseCommand, string]>, start: CaseEvent[] = []): { events: CaseEvent[]; statuses: string[] } {
  const events = [...start];
  const statuses: string[] = [];
  for (const [command, at] of steps) {
    events.push(...decide(SPEC_CASE_ID, foldCase(events), command, specContext(at)));
    statuses.push(foldCase(events).status);
  }
  return { events, statuses };
}

const existing = (state: CaseState): ExistingCase => {
  if (state.status === 'none') throw new Error('expected an existing case');
  return state;
};

const intake: CaseCommand = {
  type: 'SubmitCase',
  caseId: SPEC_CASE_ID,
  caseNo: 'ZQ2024-000101',
  enterprise: { id: '22222222-2222-4222-8222-222222222222', name: '永康市飞鹰工贸有限公司', gridCode: 'g01' },
  title: '员工子女入学咨询',
  description: '企业两名外地员工子女秋季入学需要协调',
  channel: 'grid_visit',
  categoryCode: null,
  urgency: 'normal',
  contactName: '王经理',
  contactPhone: '13800000000',
  routedDepartmentCode: null,
};

describe('evolve / foldCase', () => {
  it('starts with no case at version 0', () => {
    expect(initialCaseState()).toEqual({ status: 'none', version: 0 });
    expect(foldCase([])).toEqual({ status: 'none', version: 0 });
  });

  it('takes the intake into the state', () => {
    expect(foldCase([history.submitted()])).toEqual({
      status: 'submitted',
      version: 1,
      id: SPEC_CASE_ID,
      caseNo: 'ZQ2024-000001',
      enterpriseId: '22222222-2222-4222-8222-222222222222',
      enterpriseName: '永康市飞鹰工贸有限公司',
      gridCode: 'g01',
      title: '员工子女入学咨询',
      channel: 'grid_visit',
      urgency: 'normal',
      categoryCode: null,
      submittedAt: '2024-03-04T01:00:00.000Z',
      assignment: null,
      dispatchCount: 0,
      returnedBy: null,
      pendingExtension: null,
      supervision: null,
      resolvedAt: null,
      lastFollowUp: null,
      reopenedByFollowUp: false,
      reopenCount: 0,
      closedAt: null,
      mergedInto: null,
    });
  });

  it('refuses a stream that does not start with the intake (a corrupt stream)', () => {
    expect(() => foldCase([history.dispatched()])).toThrow('CaseDispatched cannot start a case stream');
  });

  it('walks a whole lifecycle: intake → dispatch → acknowledge → resolve → follow-up → closed', () => {
    const { events, statuses } = play([
      [intake, '2024-03-04T01:00:00Z'],
      [{ type: 'DispatchCase', departmentCode: 'education', categoryCode: 'schooling', assistingDepartmentCodes: ['housing'] }, '2024-03-04T01:05:00Z'],
      [{ type: 'AcknowledgeCase', note: '已电话联系王经理' }, '2024-03-04T01:06:30Z'],
      [{ type: 'GiveAssistOpinion', departmentCode: 'housing', opinion: '可提供人才公寓居住证明' }, '2024-03-05T02:00:00Z'],
      [{ type: 'ResolveCase', resolution: '已协调园区实验小学安排两个插班学位' }, '2024-03-06T06:00:00Z'],
      [{ type: 'RecordFollowUp', satisfaction: 'satisfied', solved: true, comment: '企业表示满意' }, '2024-03-13T02:00:00Z'],
    ]);
    expect(statuses).toEqual(['submitted', 'dispatched', 'acknowledged', 'acknowledged', 'resolved', 'closed']);
    expect(events.map((e) => e.type)).toEqual([
      'CaseSubmitted',
      'CaseDispatched',
      'CaseAcknowledged',
      'AssistOpinionGiven',
      'CaseResolved',
      'FollowUpRecorded',
      'CaseClosed',
    ]);
    const final = existing(foldCase(events));
    expect(final).toMatchObject({
      status: 'closed',
      version: 7,
      categoryCode: 'schooling',
      dispatchCount: 1,
      resolvedAt: '2024-03-06T06:00:00.000Z',
      closedAt: '2024-03-13T02:00:00.000Z',
      lastFollowUp: { satisfaction: 'satisfied', solved: true, recordedAt: '2024-03-13T02:00:00.000Z' },
      reopenCount: 0,
      reopenedByFollowUp: false,
      assignment: {
        departmentCode: 'education',
        cycle: 1,
        binding: false,
        acknowledgedAt: '2024-03-04T01:06:30.000Z',
        responseDueAt: '2024-03-04T01:08:00.000Z',
        resolutionDueAt: '2024-03-11T09:30:00.000Z',
        assistDueAt: '2024-03-07T09:30:00.000Z',
        assisting: [{ departmentCode: 'housing', opinionGivenAt: '2024-03-05T02:00:00.000Z' }],
      },
    });
  });

  it('bumps the version by one per event', () => {
    const events = [history.submitted(), history.dispatched(), history.acknowledged(), history.resolved()];
    expect(events.map((_, i) => foldCase(events.slice(0, i + 1)).version)).toEqual([1, 2, 3, 4]);
  });

  it('reopens after an unsatisfied follow-up: dispatched again, reopen count 1, fresh cycle', () => {
    const { events, statuses } = play(
      [[{ type: 'RecordFollowUp', satisfaction: 'unsatisfied', solved: false, comment: '学位仍未落实' }, '2024-03-13T02:00:00Z']],
      [history.submitted(), history.dispatched(), history.acknowledged(), history.resolved()],
    );
    expect(statuses).toEqual(['dispatched']);
    const state = existing(foldCase(events));
    expect(state).toMatchObject({
      status: 'dispatched',
      reopenCount: 1,
      reopenedByFollowUp: true,
      dispatchCount: 2,
      resolvedAt: null,
      lastFollowUp: { satisfaction: 'unsatisfied', solved: false, recordedAt: '2024-03-13T02:00:00.000Z' },
      assignment: {
        departmentCode: 'education',
        cycle: 2,
        acknowledgedAt: null,
        dispatchedAt: '2024-03-13T02:00:00.000Z',
        responseDueAt: '2024-03-13T02:03:00.000Z',
        resolutionDueAt: '2024-03-20T09:30:00.000Z',
      },
    });
  });

  it('goes round a second time and closes on the next satisfied follow-up, keeping the reopen count', () => {
    const { events, statuses } = play(
      [
        [{ type: 'RecordFollowUp', satisfaction: 'basically_satisfied', solved: false, comment: '只解决了一个学位' }, '2024-03-13T02:00:00Z'],
        [{ type: 'AcknowledgeCase', note: null }, '2024-03-13T02:01:00Z'],
        [{ type: 'ResolveCase', resolution: '第二个学位已落实' }, '2024-03-15T02:00:00Z'],
        [{ type: 'RecordFollowUp', satisfaction: 'satisfied', solved: true, comment: null }, '2024-03-22T02:00:00Z'],
      ],
      [history.submitted(), history.dispatched(), history.acknowledged(), history.resolved()],
    );
    expect(statuses).toEqual(['dispatched', 'acknowledged', 'resolved', 'closed']);
    expect(existing(foldCase(events))).toMatchObject({
      status: 'closed',
      reopenCount: 1,
      reopenedByFollowUp: false,
      dispatchCount: 2,
      resolvedAt: '2024-03-15T02:00:00.000Z',
      closedAt: '2024-03-22T02:00:00.000Z',
    });
  });

  it('closes a reopened case through 不满意甄别', () => {
    const { events, statuses } = play(
      [
        [{ type: 'RecordFollowUp', satisfaction: 'unsatisfied', solved: true, comment: '补贴金额偏低' }, '2024-03-13T02:00:00Z'],
        [{ type: 'ReviewFollowUp', reason: '已按政策标准足额发放' }, '2024-03-13T06:00:00Z'],
      ],
      [history.submitted(), history.dispatched(), history.acknowledged(), history.resolved()],
    );
    expect(statuses).toEqual(['dispatched', 'closed']);
    expect(existing(foldCase(events))).toMatchObject({ status: 'closed', reopenedByFollowUp: false, reopenCount: 1, closedAt: '2024-03-13T06:00:00.000Z' });
  });

  it('returns, then binds the department after the dispatcher insists', () => {
    const { events, statuses } = play(
      [
        [{ type: 'ReturnCase', reason: '非教育局职责' }, '2024-03-04T01:30:00Z'],
        [{ type: 'RuleOnReturn', decision: 'insist', departmentCode: null, categoryCode: null, reason: '属教育局职责' }, '2024-03-04T02:00:00Z'],
      ],
      [history.submitted(), history.dispatched(), history.acknowledged()],
    );
    expect(statuses).toEqual(['returned', 'dispatched']);
    const returned = existing(foldCase(events.slice(0, 4)));
    expect(returned).toMatchObject({ status: 'returned', returnedBy: 'education' });
    expect(existing(foldCase(events))).toMatchObject({
      status: 'dispatched',
      returnedBy: null,
      dispatchCount: 2,
      assignment: { departmentCode: 'education', binding: true, cycle: 2, acknowledgedAt: null },
    });
  });

  it('re-dispatches to another department after a return, not binding', () => {
    const { events } = play(
      [
        [{ type: 'ReturnCase', reason: '应由人社局办理' }, '2024-03-04T01:30:00Z'],
        [{ type: 'RuleOnReturn', decision: 'redispatch', departmentCode: 'labour', categoryCode: 'wage_arrears', reason: null }, '2024-03-04T02:00:00Z'],
      ],
      [history.submitted(), history.dispatched()],
    );
    expect(existing(foldCase(events))).toMatchObject({
      status: 'dispatched',
      categoryCode: 'wage_arrears',
      assignment: { departmentCode: 'labour', categoryCode: 'wage_arrears', binding: false, cycle: 2 },
    });
  });

  it('tracks a pending extension and moves the deadline on approval', () => {
    const requested: CaseEvent = {
      type: 'ExtensionRequested',
      data: { workingDays: 3, reason: '需等待区教育局统筹学位', requestedAt: '2024-03-07T02:00:00.000Z' },
    };
    const base = [history.submitted(), history.dispatched(), history.acknowledged(), requested];
    expect(existing(foldCase(base)).pendingExtension).toEqual({ workingDays: 3, reason: '需等待区教育局统筹学位', requestedAt: '2024-03-07T02:00:00.000Z' });
    const approved = existing(
      foldCase([
        ...base,
        {
          type: 'ExtensionApproved',
          data: { workingDays: 3, previousResolutionDueAt: '2024-03-11T09:30:00.000Z', resolutionDueAt: '2024-03-14T09:30:00.000Z', approvedAt: '2024-03-07T06:00:00.000Z' },
        },
      ]),
    );
    expect(approved.pendingExtension).toBeNull();
    expect(approved.assignment!.resolutionDueAt).toBe('2024-03-14T09:30:00.000Z');
    const returned = existing(
      foldCase([...base, { type: 'CaseReturned', data: { departmentCode: 'education', reason: '非本部门职责', returnedAt: '2024-03-07T04:00:00.000Z' } }]),
    );
    expect(returned.pendingExtension).toBeNull();
  });

  it('records only the first opinion time of an assisting department', () => {
    const state = existing(
      foldCase([
        history.submitted(),
        history.dispatched({ assistingDepartmentCodes: ['housing', 'labour'], assistDueAt: '2024-03-07T09:30:00.000Z' }),
        { type: 'AssistOpinionGiven', data: { departmentCode: 'housing', opinion: '可提供居住证明', onTime: true, givenAt: '2024-03-05T02:00:00.000Z' } },
        { type: 'AssistOpinionGiven', data: { departmentCode: 'housing', opinion: '补充：证明已开具', onTime: true, givenAt: '2024-03-06T02:00:00.000Z' } },
      ]),
    );
    expect(state.assignment!.assisting).toEqual([
      { departmentCode: 'housing', opinionGivenAt: '2024-03-05T02:00:00.000Z' },
      { departmentCode: 'labour', opinionGivenAt: null },
    ]);
  });

  it('keeps a supervision order open until it is signed off', () => {
    const opened: CaseEvent = {
      type: 'SupervisionOpened',
      data: { level: 2, instructions: '请于两个工作日内办结', dueAt: '2024-03-14T09:30:00.000Z', openedAt: '2024-03-12T02:00:00.000Z' },
    };
    const open = existing(foldCase([history.submitted(), history.dispatched(), history.acknowledged(), opened]));
    expect(hasOpenSupervision(open)).toBe(true);
    expect(open.supervision).toEqual({ ...opened.data, signedOffAt: null });
    const signed = existing(
      evolve(evolve(open, history.resolved('2024-03-13T02:00:00.000Z')), {
        type: 'SupervisionSignedOff',
        data: { comment: null, signedOffAt: '2024-03-13T06:00:00.000Z' },
      }),
    );
    expect(hasOpenSupervision(signed)).toBe(false);
    expect(signed.supervision).toMatchObject({ level: 2, signedOffAt: '2024-03-13T06:00:00.000Z' });
    expect(hasOpenSupervision(existing(foldCase([history.submitted()])))).toBe(false);
  });

  it('ends in the side exits: rejected, withdrawn, merged (remembering the target)', () => {
    expect(foldCase([history.submitted(), { type: 'CaseRejected', data: { reason: '不予受理', rejectedAt: '2024-03-04T02:00:00.000Z' } }]).status).toBe(
      'rejected',
    );
    expect(
      foldCase([history.submitted(), history.dispatched(), { type: 'CaseWithdrawn', data: { reason: null, withdrawnAt: '2024-03-04T02:00:00.000Z' } }]).status,
    ).toBe('withdrawn');
    expect(
      foldCase([
        history.submitted(),
        { type: 'CaseMerged', data: { intoCaseId: '44444444-4444-4444-8444-444444444444', reason: null, mergedAt: '2024-03-04T02:00:00.000Z' } },
      ]),
    ).toMatchObject({ status: 'merged', mergedInto: '44444444-4444-4444-8444-444444444444' });
  });

  it('does not change anything but the version on a ruling (the dispatch that follows carries it)', () => {
    const before = existing(
      foldCase([
        history.submitted(),
        history.dispatched(),
        { type: 'CaseReturned', data: { departmentCode: 'education', reason: '非本部门职责', returnedAt: '2024-03-04T01:30:00.000Z' } },
      ]),
    );
    const after = evolve(before, { type: 'ReturnRuled', data: { decision: 'insist', departmentCode: 'education', reason: null, ruledAt: '2024-03-04T02:00:00.000Z' } });
    expect(after).toEqual({ ...before, version: before.version + 1 });
  });
});
