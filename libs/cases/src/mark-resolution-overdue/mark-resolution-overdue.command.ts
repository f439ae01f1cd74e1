import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { MarkResolutionOverdue, CaseCommandResult } from '../case/case.commands';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';

/** The 办理超期 timer, sent by the SLA clocks (actor `system:sla-clocks`, causation id = the job id). */
export class MarkResolutionOverdueCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<MarkResolutionOverdue, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(MarkResolutionOverdueCommand)
export class MarkResolutionOverdueCommandHandler implements ICommandHandler<MarkResolutionOverdueCommand, CaseCommandResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  execute({ caseId, input, meta }: MarkResolutionOverdueCommand): Promise<CaseCommandResult> {
    return this.runner.run(caseId, { type: 'MarkResolutionOverdue', ...input }, meta);
  }
}
