import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OpenSupervision, CaseCommandResult } from '../case/case.commands';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';

export class OpenSupervisionCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<OpenSupervision, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(OpenSupervisionCommand)
export class OpenSupervisionCommandHandler implements ICommandHandler<OpenSupervisionCommand, CaseCommandResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  execute({ caseId, input, meta }: OpenSupervisionCommand): Promise<CaseCommandResult> {
    return this.runner.run(caseId, { type: 'OpenSupervision', ...input }, meta);
  }
}
