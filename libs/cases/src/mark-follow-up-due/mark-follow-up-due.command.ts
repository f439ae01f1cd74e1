import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { MarkFollowUpDue, CaseCommandResult } from '../case/case.commands';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';

/** The 回访到期 timer, sent by the SLA clocks (actor `system:sla-clocks`, causation id = the job id). */
export class MarkFollowUpDueCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<MarkFollowUpDue, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(MarkFollowUpDueCommand)
export class MarkFollowUpDueCommandHandler implements ICommandHandler<MarkFollowUpDueCommand, CaseCommandResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  execute({ caseId, input, meta }: MarkFollowUpDueCommand): Promise<CaseCommandResult> {
    return this.runner.run(caseId, { type: 'MarkFollowUpDue', ...input }, meta);
  }
}
