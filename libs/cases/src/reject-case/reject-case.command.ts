import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RejectCase, CaseCommandResult } from '../case/case.commands';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';

export class RejectCaseCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<RejectCase, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(RejectCaseCommand)
export class RejectCaseCommandHandler implements ICommandHandler<RejectCaseCommand, CaseCommandResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  execute({ caseId, input, meta }: RejectCaseCommand): Promise<CaseCommandResult> {
    return this.runner.run(caseId, { type: 'RejectCase', ...input }, meta);
  }
}
