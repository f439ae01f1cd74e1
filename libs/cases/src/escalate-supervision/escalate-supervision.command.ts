import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EscalateSupervision, CaseCommandResult } from '../case/case.commands';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';

/** The 督办升级 timer, sent by the SLA clocks (actor `system:sla-clocks`, causation id = the job id). */
export class EscalateSupervisionCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<EscalateSupervision, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(EscalateSupervisionCommand)
export class EscalateSupervisionCommandHandler implements ICommandHandler<EscalateSupervisionCommand, CaseCommandResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  execute({ caseId, input, meta }: EscalateSupervisionCommand): Promise<CaseCommandResult> {
    return this.runner.run(caseId, { type: 'EscalateSupervision', ...input }, meta);
  }
}
