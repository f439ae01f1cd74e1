import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandResult, MergeCase } from '../case/case.commands';
import { CaseInputInvalid } from '../case/case.errors';
import { CaseCommandMeta } from '../case/case-command-meta';
import { CaseCommandRunner } from '../case/case-command-runner';

export class MergeCaseCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: Omit<MergeCase, 'type'>,
    readonly meta: CaseCommandMeta,
  ) {
    super();
  }
}

@CommandHandler(MergeCaseCommand)
export class MergeCaseCommandHandler implements ICommandHandler<MergeCaseCommand, CaseCommandResult> {
  constructor(private readonly runner: CaseCommandRunner) {}

  async execute({ caseId, input, meta }: MergeCaseCommand): Promise<CaseCommandResult> {
    if (input.intoCaseId !== caseId) {
      // The surviving case must exist and still be alive; checked here because it is another stream.
      const { state: target } = await this.runner.load(input.intoCaseId);
      if (target.status === 'none') {
        throw new CaseInputInvalid('intoCaseId', `No case ${input.intoCaseId} to merge into`);
      }
      if (['rejected', 'withdrawn', 'merged'].includes(target.status)) {
        throw new CaseInputInvalid('intoCaseId', `Cannot merge into a case that is ${target.status}`);
      }
    }
    return this.runner.run(caseId, { type: 'MergeCase', ...input }, meta);
  }
}
