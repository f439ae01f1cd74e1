import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RequestExtension, CaseCommandResult } from '../case/case.commands';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';

export class RequestExtensionCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<RequestExtension, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(RequestExtensionCommand)
export class RequestExtensionCommandHandler implements ICommandHandler<RequestExtensionCommand, CaseCommandResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  execute({ caseId, input, meta }: RequestExtensionCommand): Promise<CaseCommandResult> {
    return this.runner.run(caseId, { type: 'RequestExtension', ...input }, meta);
  }
}
