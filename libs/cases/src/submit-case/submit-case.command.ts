import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@zhuqi/platform';
import { ReferenceDataService } from '@zhuqi/reference-data';
import { CaseCommandResult, SubmitCase } from '../case/case.commands';
import { CaseInputInvalid, CaseRuleViolation } from '../case/case.errors';
import { ExistingCase } from '../case/case.state';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';
import { ReferenceChecks } from '../case/reference-checks';
import { CaseIdentity } from './case-identity';

export type SubmitCaseInput = Omit<SubmitCase, 'type' | 'caseId' | 'caseNo' | 'enterprise' | 'routedDepartmentCode'> & {
  enterpriseId: string;
};

export interface SubmitCaseResult extends CaseCommandResult {
  /** True when an Idempotency-Key repeat returned the case created the first time. */
  replayed: boolean;
}

export class SubmitCaseCommand extends Command<SubmitCaseResult> {
  constructor(
    readonly input: SubmitCaseInput,
    readonly meta: CaseCommandMeta & { idempotencyKey?: string },
  ) {
    super();
  }
}

/** 422: an Idempotency-Key was reused for a different request. */
export class IdempotencyKeyReused extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  readonly httpStatus = 422;
  constructor(caseId: string) {
    super(`This Idempotency-Key already created case ${caseId} with a different enterprise or title`, { caseId });
  }
}

@CommandHandler(SubmitCaseCommand)
export class SubmitCaseCommandHandler implements ICommandHandler<SubmitCaseCommand, SubmitCaseResult> {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly identity: CaseIdentity,
    private readonly referenceData: ReferenceDataService,
    private readonly references: ReferenceChecks,
  ) {}

  async execute({ input, meta }: SubmitCaseCommand): Promise<SubmitCaseResult> {
    const caseId = this.identity.newCaseId(meta.idempotencyKey);
    if (meta.idempotencyKey) {
      const { state, lastPosition } = await this.runner.load(caseId);
      if (state.status !== 'none') return this.replay(state, input, lastPosition);
    }
    const enterprise = await this.referenceData.enterprise(input.enterpriseId);
    if (!enterprise) throw new CaseInputInvalid('enterpriseId', `Unknown enterprise "${input.enterpriseId}"`);
    if (input.categoryCode) await this.references.category('categoryCode', input.categoryCode);
    const routedDepartmentCode = input.categoryCode ? ((await this.referenceData.routeCategory(input.categoryCode)) ?? null) : null;
    const { enterpriseId: _enterpriseId, ...rest } = input;
    const command: SubmitCase = {
      type: 'SubmitCase',
      ...rest,
      caseId,
      caseNo: await this.identity.nextCaseNo(meta.at ?? new Date()),
      enterprise: { id: enterprise.id, name: enterprise.name, gridCode: enterprise.gridCode },
      routedDepartmentCode,
    };
    try {
      return { ...(await this.runner.run(caseId, command, meta)), replayed: false };
    } catch (error) {
      // A concurrent resubmission with the same key won the race: answer with its case.
      if (meta.idempotencyKey && error instanceof CaseRuleViolation && error.code === 'CASE_EXISTS') {
        const { state, lastPosition } = await this.runner.load(caseId);
        return this.replay(state, input, lastPosition);
      }
      throw error;
    }
  }

  private replay(state: ExistingCase | { status: 'none' }, input: SubmitCaseInput, position: number): SubmitCaseResult {
    const existing = state as ExistingCase;
    if (existing.enterpriseId !== input.enterpriseId || existing.title !== input.title) {
      throw new IdempotencyKeyReused(existing.id);
    }
    return { id: existing.id, caseNo: existing.caseNo, status: existing.status, version: existing.version, position, replayed: true };
  }
}
