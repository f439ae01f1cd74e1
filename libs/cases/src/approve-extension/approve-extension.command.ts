import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApproveExtension, CaseCommandResult } from '../case/case.commands';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';

export class ApproveExtensionCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<ApproveExtension, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(ApproveExtensionCommand)
export class ApproveExtensionCommandHandler implements ICommandHandler<ApproveExtensionCommand, CaseCommandResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  execute({ caseId, input, meta }: ApproveExtensionCommand): Promise<CaseCommandResult> {
    return this.runner.run(caseId, { type: 'ApproveExtension', ...input }, meta);
  }
}
