import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandResult, GiveAssistOpinion } from '../case/case.commands';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';
import { ReferenceChecks } from '../case/reference-checks';

export class GiveAssistOpinionCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<GiveAssistOpinion, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(GiveAssistOpinionCommand)
export class GiveAssistOpinionCommandHandler implements ICommandHandler<GiveAssistOpinionCommand, CaseCommandResult> {
  constructor(
    private readonly runner: CaseCommandRunner,
    private readonly references: ReferenceChecks,
  ) {}

  async execute({ caseId, input, meta }: GiveAssistOpinionCommand): Promise<CaseCommandResult> {
    await this.references.department('departmentCode', input.departmentCode);
    return this.runner.run(caseId, { type: 'GiveAssistOpinion', ...input }, meta);
  }
}
