import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RecordFollowUp, CaseCommandResult } from '../case/case.commands';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';

export class RecordFollowUpCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<RecordFollowUp, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(RecordFollowUpCommand)
export class RecordFollowUpCommandHandler implements ICommandHandler<RecordFollowUpCommand, CaseCommandResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  execute({ caseId, input, meta }: RecordFollowUpCommand): Promise<CaseCommandResult> {
    return this.runner.run(caseId, { type: 'RecordFollowUp', ...input }, meta);
  }
}
