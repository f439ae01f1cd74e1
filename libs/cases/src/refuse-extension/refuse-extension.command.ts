import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RefuseExtension, CaseCommandResult } from '../case/case.commands';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';

export class RefuseExtensionCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<RefuseExtension, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(RefuseExtensionCommand)
export class RefuseExtensionCommandHandler implements ICommandHandler<RefuseExtensionCommand, CaseCommandResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  execute({ caseId, input, meta }: RefuseExtensionCommand): Promise<CaseCommandResult> {
    return this.runner.run(caseId, { type: 'RefuseExtension', ...input }, meta);
  }
}
