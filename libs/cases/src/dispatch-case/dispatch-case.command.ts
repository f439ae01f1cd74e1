import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandResult, DispatchCase } from '../case/case.commands';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';
import { ReferenceChecks } from '../case/reference-checks';

export class DispatchCaseCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<DispatchCase, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(DispatchCaseCommand)
export class DispatchCaseCommandHandler implements ICommandHandler<DispatchCaseCommand, CaseCommandResult> {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly references: ReferenceChecks,
  ) {}

  async execute({ caseId, input, meta }: DispatchCaseCommand): Promise<CaseCommandResult> {
    await this.references.department('departmentCode', input.departmentCode);
    await this.references.departments('assistingDepartmentCodes', input.assistingDepartmentCodes);
    if (input.categoryCode) await this.references.category('categoryCode', input.categoryCode);
    return this.runner.run(caseId, { type: 'DispatchCase', ...input }, meta);
  }
}
