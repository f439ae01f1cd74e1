import { CommandBus } from '@nestjs/cqrs';
import {
  AcknowledgeCaseCommand,
  ApproveExtensionCommand,
  CaseCommandMeta,
  DispatchCaseCommand,
  MergeCaseCommand,
  OpenSupervisionCommand,
  RecordFollowUpCommand,
  RejectCaseCommand,
  RequestExtensionCommand,
  ResolveCaseCommand,
  ReturnCaseCommand,
  RuleOnReturnCommand,
  SignOffSupervisionCommand,
  SubmitCaseCommand,
  WithdrawCaseCommand,
} from '@zhuqi/cases';
import { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import { DemoEnterprise, PlannedCase, planDemoHistory, Step } from './demo-history.plan';

export interface DemoHistoryOptions {
  seed?: number;
  /** Cases in flight at once (each case's commands run in order). */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface DemoHistoryResult {
  caseIds: string[];
  commands: number;
  plannedResolvedJanOct: number;
}

/**
 * Replays the planned year THROUGH THE COMMAND PATH: every step is a CommandBus command with
 * `meta.at` = its historical business time and a demo actor (`demo:grid07`, `demo:handler-legal_services`…).
 * Cases run in windows of `concurrency`; a 重复件合并 names a case of an earlier window, already written.
 */
export class DemoHistoryGenerator {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly pool: Pool,
  ) {}

  async enterprises(): Promise<DemoEnterprise[]> {
    const { rows } = await this.pool.query<{ id: string; grid_code: string }>(`SELECT id, grid_code FROM enterprises ORDER BY uscc`);
    return rows.map((r) => ({ id: r.id, gridCode: r.grid_code }));
  }

  async run(options: DemoHistoryOptions = {}): Promise<DemoHistoryResult> {
    const plan = planDemoHistory(await this.enterprises(), options.seed);
    const concurrency = options.concurrency ?? 16;
    const ids: string[] = [];
    const run = randomUUID(); // one correlation per seeding run
    let commands = 0;
    for (let start = 0; start < plan.length; start += concurrency) {
      const window = plan.slice(start, start + concurrency);
      const counts = await Promise.all(window.map((c) => this.replay(c, ids, run)));
      commands += counts.reduce((a, b) => a + b, 0);
      options.onProgress?.(Math.min(start + concurrency, plan.length), plan.length);
    }
    return { caseIds: ids, commands, plannedResolvedJanOct: plan.filter((c) => c.finalResolvedAt !== null && c.finalResolvedAt < Date.parse('2023-10-31T16:00:00Z')).length };
  }

  private async replay(c: PlannedCase, ids: string[], correlationId: string): Promise<number> {
    const grid = `demo:grid${c.enterprise.gridCode.replace(/^g/, '')}`;
    const handler = `demo:handler-${c.departmentCode}`;
    const meta = (step: Step, actor: string): CaseCommandMeta => ({ actor, correlationId, at: new Date(step.at) });
    let id = '';
    for (const step of c.steps) {
      switch (step.kind) {
        case 'submit': {
          const result = await this.commandBus.execute(
            new SubmitCaseCommand(
              { enterpriseId: c.enterprise.id, title: c.title, description: c.description, channel: c.channel, categoryCode: null, urgency: c.urgency, contactName: null, contactPhone: null },
              meta(step, grid),
            ),
          );
          id = result.id;
          ids[c.index] = id;
          break;
        }
        case 'dispatch':
          await this.commandBus.execute(
            new DispatchCaseCommand(id, { departmentCode: step.departmentCode, categoryCode: c.categoryCode, assistingDepartmentCodes: [] }, meta(step, 'demo:dispatcher')),
          );
          break;
        case 'return':
          await this.commandBus.execute(new ReturnCaseCommand(id, { reason: step.reason }, meta(step, handler)));
          break;
        case 'rule':
          await this.commandBus.execute(
            new RuleOnReturnCommand(id, { decision: 'redispatch', departmentCode: step.departmentCode, categoryCode: null, reason: '改派至对口部门' }, meta(step, 'demo:dispatcher')),
          );
          break;
        case 'acknowledge':
          await this.commandBus.execute(new AcknowledgeCaseCommand(id, { note: '已签收，正在办理' }, meta(step, handler)));
          break;
        case 'request-extension':
          await this.commandBus.execute(new RequestExtensionCommand(id, { workingDays: step.workingDays, reason: '需协调多部门，申请延期' }, meta(step, handler)));
          break;
        case 'approve-extension':
          await this.commandBus.execute(new ApproveExtensionCommand(id, {}, meta(step, 'demo:supervisor')));
          break;
        case 'supervise':
          await this.commandBus.execute(
            new OpenSupervisionCommand(id, { level: step.level, instructions: '请加快办理进度', dueInWorkingDays: 3 }, meta(step, 'demo:supervisor')),
          );
          break;
        case 'resolve':
          await this.commandBus.execute(new ResolveCaseCommand(id, { resolution: '已协调解决，企业确认' }, meta(step, handler)));
          break;
        case 'sign-off':
          await this.commandBus.execute(new SignOffSupervisionCommand(id, { comment: '督办销号' }, meta(step, 'demo:supervisor')));
          break;
        case 'follow-up':
          await this.commandBus.execute(
            new RecordFollowUpCommand(id, { satisfaction: step.satisfaction, solved: step.solved, comment: step.solved ? '企业表示问题已解决' : '企业反映问题仍未解决' }, meta(step, grid)),
          );
          break;
        case 'reject':
          await this.commandBus.execute(new RejectCaseCommand(id, { reason: '不属于管委会受理范围' }, meta(step, 'demo:dispatcher')));
          break;
        case 'withdraw':
          await this.commandBus.execute(new WithdrawCaseCommand(id, { reason: '企业已自行解决' }, meta(step, grid)));
          break;
        case 'merge':
          await this.commandBus.execute(new MergeCaseCommand(id, { intoCaseId: ids[step.into], reason: '重复诉求' }, meta(step, 'demo:dispatcher')));
          break;
      }
    }
    return c.steps.length;
  }
}
