import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ReturnCase, CaseCommandResult } from '../case/case.commands';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';

export class ReturnCaseCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<ReturnCase, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(ReturnCaseCommand)
export class ReturnCaseCommandHandler implements ICommandHandler<ReturnCaseCommand, CaseCommandResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  execute({ caseId, input, meta }: ReturnCaseCommand): Promise<CaseCommandResult> {
    return this.runner.run(caseId, { type: 'ReturnCase', ...input }, meta);
  }
}
