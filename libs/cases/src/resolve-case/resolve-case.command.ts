import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ResolveCase, CaseCommandResult } from '../case/case.commands';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';

export class ResolveCaseCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<ResolveCase, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(ResolveCaseCommand)
export class ResolveCaseCommandHandler implements ICommandHandler<ResolveCaseCommand, CaseCommandResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  execute({ caseId, input, meta }: ResolveCaseCommand): Promise<CaseCommandResult> {
    return this.runner.run(caseId, { type: 'ResolveCase', ...input }, meta);
  }
}
