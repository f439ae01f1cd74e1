import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SignOffSupervision, CaseCommandResult } from '../case/case.commands';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';

export class SignOffSupervisionCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<SignOffSupervision, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(SignOffSupervisionCommand)
export class SignOffSupervisionCommandHandler implements ICommandHandler<SignOffSupervisionCommand, CaseCommandResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  execute({ caseId, input, meta }: SignOffSupervisionCommand): Promise<CaseCommandResult> {
    return this.runner.run(caseId, { type: 'SignOffSupervision', ...input }, meta);
  }
}
