import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandResult, RuleOnReturn } from '../case/case.commands';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';
import { ReferenceChecks } from '../case/reference-checks';

export class RuleOnReturnCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<RuleOnReturn, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(RuleOnReturnCommand)
export class RuleOnReturnCommandHandler implements ICommandHandler<RuleOnReturnCommand, CaseCommandResult> {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly references: ReferenceChecks,
  ) {}

  async execute({ caseId, input, meta }: RuleOnReturnCommand): Promise<CaseCommandResult> {
    if (input.departmentCode) await this.references.department('departmentCode', input.departmentCode);
    if (input.categoryCode) await this.references.category('categoryCode', input.categoryCode);
    return this.runner.run(caseId, { type: 'RuleOnReturn', ...input }, meta);
  }
}
