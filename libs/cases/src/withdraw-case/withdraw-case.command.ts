import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { WithdrawCase, CaseCommandResult } from '../case/case.commands';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';

export class WithdrawCaseCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<WithdrawCase, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(WithdrawCaseCommand)
export class WithdrawCaseCommandHandler implements ICommandHandler<WithdrawCaseCommand, CaseCommandResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  execute({ caseId, input, meta }: WithdrawCaseCommand): Promise<CaseCommandResult> {
    return this.runner.run(caseId, { type: 'WithdrawCase', ...input }, meta);
  }
}
