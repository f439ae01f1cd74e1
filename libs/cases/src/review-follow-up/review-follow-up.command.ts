import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ReviewFollowUp, CaseCommandResult } from '../case/case.commands';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';

export class ReviewFollowUpCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<ReviewFollowUp, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(ReviewFollowUpCommand)
export class ReviewFollowUpCommandHandler implements ICommandHandler<ReviewFollowUpCommand, CaseCommandResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  execute({ caseId, input, meta }: ReviewFollowUpCommand): Promise<CaseCommandResult> {
    return this.runner.run(caseId, { type: 'ReviewFollowUp', ...input }, meta);
  }
}
