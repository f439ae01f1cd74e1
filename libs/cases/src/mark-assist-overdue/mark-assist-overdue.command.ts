import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { MarkAssistOverdue, CaseCommandResult } from '../case/case.commands';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';

/** The 协办超期 timer, sent by the SLA clocks (actor `system:sla-clocks`, causation id = the job id). */
export class MarkAssistOverdueCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<MarkAssistOverdue, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(MarkAssistOverdueCommand)
export class MarkAssistOverdueCommandHandler implements ICommandHandler<MarkAssistOverdueCommand, CaseCommandResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  execute({ caseId, input, meta }: MarkAssistOverdueCommand): Promise<CaseCommandResult> {
    return this.runner.run(caseId, { type: 'MarkAssistOverdue', ...input }, meta);
  }
}
