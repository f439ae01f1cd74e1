import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RemindResolution, CaseCommandResult } from '../case/case.commands';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';

/** The 办结提醒 timer, sent by the SLA clocks (actor `system:sla-clocks`, causation id = the job id). */
export class RemindResolutionCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<RemindResolution, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(RemindResolutionCommand)
export class RemindResolutionCommandHandler implements ICommandHandler<RemindResolutionCommand, CaseCommandResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  execute({ caseId, input, meta }: RemindResolutionCommand): Promise<CaseCommandResult> {
    return this.runner.run(caseId, { type: 'RemindResolution', ...input }, meta);
  }
}
