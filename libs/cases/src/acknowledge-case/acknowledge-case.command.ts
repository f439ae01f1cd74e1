import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AcknowledgeCase, CaseCommandResult } from '../case/case.commands';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';

export class AcknowledgeCaseCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<AcknowledgeCase, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(AcknowledgeCaseCommand)
export class AcknowledgeCaseCommandHandler implements ICommandHandler<AcknowledgeCaseCommand, CaseCommandResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  execute({ caseId, input, meta }: AcknowledgeCaseCommand): Promise<CaseCommandResult> {
    return this.runner.run(caseId, { type: 'AcknowledgeCase', ...input }, meta);
  }
}
