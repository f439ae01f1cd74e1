import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { MarkResponseOverdue, CaseCommandResult } from '../case/case.commands';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';

/** The 响应超时 timer, sent by the SLA clocks (actor `system:sla-clocks`, causation id = the job id). */
export class MarkResponseOverdueCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<MarkResponseOverdue, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(MarkResponseOverdueCommand)
export class MarkResponseOverdueCommandHandler implements ICommandHandler<MarkResponseOverdueCommand, CaseCommandResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  execute({ caseId, input, meta }: MarkResponseOverdueCommand): Promise<CaseCommandResult> {
    return this.runner.run(caseId, { type: 'MarkResponseOverdue', ...input }, meta);
  }
}
