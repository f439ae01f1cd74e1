import { Body, Controller, Get, Headers, HttpCode, Param, PipeTransform, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  AcknowledgeCaseCommand,
  ApproveExtensionCommand,
  CaseCommandMeta,
  CaseCommandResult,
  CaseHistoryEntry,
  CaseNotFound,
  CaseView,
  DispatchCaseCommand,
  GetCaseHistoryQuery,
  GiveAssistOpinionCommand,
  MergeCaseCommand,
  OpenSupervisionCommand,
  RecordFollowUpCommand,
  RefuseExtensionCommand,
  RejectCaseCommand,
  RequestExtensionCommand,
  ResolveCaseCommand,
  ReturnCaseCommand,
  ReviewFollowUpCommand,
  RuleOnReturnCommand,
  SignOffSupervisionCommand,
  SubmitCaseCommand,
  WithdrawCaseCommand,
} from '@zhuqi/cases';
import type { AuthenticatedAccount } from '@zhuqi/accounts';
import { InvalidInput } from '@zhuqi/platform';
import { CaseDetailReader } from '@zhuqi/read-models';
import { ReferenceDataService } from '@zhuqi/reference-data';
import { Roles } from '../auth/access.decorators';
import { AccessDenied } from '../auth/auth.errors';
import { assertMayRead, caseScopeOf } from '../auth/case-access';
import { CurrentAccount } from '../auth/current-account.decorator';
import { CASE_READERS } from '../auth/roles';
import { requestedPosition } from '../read-models/read-your-writes';
import { CommandMeta } from '../http/command-meta.decorator';
import {
  AcknowledgeCaseRequest,
  AssistOpinionRequest,
  DispatchCaseRequest,
  EmptyRequest,
  ExtensionRequest,
  FollowUpRequest,
  MergeCaseRequest,
  OpenSupervisionRequest,
  OptionalReasonRequest,
  ReasonRequest,
  ResolveCaseRequest,
  ReturnRulingRequest,
  SignOffSupervisionRequest,
  SubmitCaseRequest,
} from './case-requests';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A case id that cannot exist is simply not found. */
class CaseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw new CaseNotFound(value);
    return value.toLowerCase();
  }
}

type Meta = CaseCommandMeta & { idempotencyKey?: string };

/** The case lifecycle over HTTP. Every command answers `{id, caseNo, status, version, position}` and an ETag. */
@ApiTags('cases')
@ApiHeader({ name: 'If-Match', required: false, description: 'case version; the command applies only to it (412 otherwise)' })
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly caseDetail: CaseDetailReader,
    private readonly referenceData: ReferenceDataService,
  ) {}

  /** 诉求受理 (a grid worker for the enterprises of their grids). Honours Idempotency-Key: a repeat answers with the first case. */
  @Post()
  @Roles('grid_worker', 'dispatcher')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async submit(
    @Body() body: SubmitCaseRequest,
    @CommandMeta() meta: Meta,
    @CurrentAccount() account: AuthenticatedAccount,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseCommandResult> {
    if (account.role === 'grid_worker') {
      const enterprise = await this.referenceData.enterprise(body.enterpriseId.toLowerCase());
      if (enterprise && !account.gridCodes.includes(enterprise.gridCode)) {
        throw new AccessDenied('OUTSIDE_YOUR_GRIDS', `The enterprise is in grid ${enterprise.gridCode}; you take in requests for ${account.gridCodes.join(', ') || 'no grid'}`);
      }
    }
    const result = await this.commandBus.execute(
      new SubmitCaseCommand(
        {
          enterpriseId: body.enterpriseId.toLowerCase(),
          title: body.title,
          description: body.description,
          channel: body.channel,
          categoryCode: body.categoryCode ?? null,
          urgency: body.urgency ?? 'normal',
          contactName: body.contactName ?? null,
          contactPhone: body.contactPhone ?? null,
        },
        meta,
      ),
    );
    res.status(201).setHeader('Location', `/api/cases/${result.id}`);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    const { replayed: _replayed, ...answer } = result;
    return tagged(res, answer);
  }

  /**
   * The case from the detail read model. `?position=` (or `X-Min-Position`), a command's answered
   * position, waits up to 2 s for the read model to reach it; past that the answer carries
   * `X-Read-Model-Behind: true` (and `X-Read-Model-Position`, where the read model stands).
   */
  @Get(':id')
  @Roles(...CASE_READERS)
  @ApiHeader({ name: 'X-Min-Position', required: false, description: 'a command\'s `position`: wait until the read model has it' })
  async get(
    @Param('id', CaseIdPipe) id: string,
    @Query('position') position: string | undefined,
    @Headers('x-min-position') minPositionHeader: string | undefined,
    @CurrentAccount() account: AuthenticatedAccount,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    const minPosition = requestedPosition(position, minPositionHeader);
    const answer = await this.caseDetail.get(id, minPosition);
    assertMayRead(account, answer.view);
    res.setHeader('ETag', `"${answer.view.version}"`);
    if (minPosition !== undefined || answer.behind) res.setHeader('X-Read-Model-Position', String(answer.readModelPosition));
    if (answer.behind) res.setHeader('X-Read-Model-Behind', 'true');
    return answer.view;
  }

  /** The case's whole history, oldest first: the audit trail. */
  @Get(':id/events')
  @Roles(...CASE_READERS)
  async events(@Param('id', CaseIdPipe) id: string, @CurrentAccount() account: AuthenticatedAccount): Promise<CaseHistoryEntry[]> {
    if (caseScopeOf(account)) assertMayRead(account, (await this.caseDetail.get(id)).view);
    return this.queryBus.execute(new GetCaseHistoryQuery(id));
  }

  /** 分类派发. */
  @Post(':id/dispatch')
  @Roles('dispatcher')
  @HttpCode(200)
  async dispatch(@Param('id', CaseIdPipe) id: string, @Body() body: DispatchCaseRequest, @CommandMeta() meta: Meta, @Res({ passthrough: true }) res: Response) {
    const input = { departmentCode: body.departmentCode, categoryCode: body.categoryCode ?? null, assistingDepartmentCodes: body.assistingDepartmentCodes ?? [] };
    return tagged(res, await this.commandBus.execute(new DispatchCaseCommand(id, input, meta)));
  }

  /** 签收. */
  @Post(':id/acknowledge')
  @Roles('handler')
  @HttpCode(200)
  async acknowledge(@Param('id', CaseIdPipe) id: string, @Body() body: AcknowledgeCaseRequest, @CommandMeta('lead') meta: Meta, @Res({ passthrough: true }) res: Response) {
    return tagged(res, await this.commandBus.execute(new AcknowledgeCaseCommand(id, { note: body.note ?? null }, meta)));
  }

  /** 协办意见. */
  @Post(':id/assist-opinions')
  @Roles('handler')
  @HttpCode(200)
  async assistOpinion(
    @Param('id', CaseIdPipe) id: string,
    @Body() body: AssistOpinionRequest,
    @CommandMeta() meta: Meta,
    @CurrentAccount() account: AuthenticatedAccount,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (body.departmentCode !== account.departmentCode) {
      throw new AccessDenied('NOT_YOUR_DEPARTMENT', `You give opinions for ${account.departmentCode}, not ${body.departmentCode}`);
    }
    return tagged(res, await this.commandBus.execute(new GiveAssistOpinionCommand(id, { departmentCode: body.departmentCode, opinion: body.opinion }, meta)));
  }

  /** 退回. */
  @Post(':id/return')
  @Roles('handler')
  @HttpCode(200)
  async return(@Param('id', CaseIdPipe) id: string, @Body() body: ReasonRequest, @CommandMeta('lead') meta: Meta, @Res({ passthrough: true }) res: Response) {
    return tagged(res, await this.commandBus.execute(new ReturnCaseCommand(id, { reason: body.reason }, meta)));
  }

  /** The dispatcher's ruling on a return: redispatch or insist. */
  @Post(':id/return-rulings')
  @Roles('dispatcher')
  @HttpCode(200)
  async returnRuling(@Param('id', CaseIdPipe) id: string, @Body() body: ReturnRulingRequest, @CommandMeta() meta: Meta, @Res({ passthrough: true }) res: Response) {
    const input = { decision: body.decision, departmentCode: body.departmentCode ?? null, categoryCode: body.categoryCode ?? null, reason: body.reason ?? null };
    return tagged(res, await this.commandBus.execute(new RuleOnReturnCommand(id, input, meta)));
  }

  /** 延期申请. */
  @Post(':id/extensions')
  @Roles('handler')
  @HttpCode(200)
  async requestExtension(@Param('id', CaseIdPipe) id: string, @Body() body: ExtensionRequest, @CommandMeta('lead') meta: Meta, @Res({ passthrough: true }) res: Response) {
    return tagged(res, await this.commandBus.execute(new RequestExtensionCommand(id, { workingDays: body.workingDays, reason: body.reason }, meta)));
  }

  @Post(':id/extensions/approve')
  @Roles('supervisor')
  @HttpCode(200)
  async approveExtension(@Param('id', CaseIdPipe) id: string, @Body() _body: EmptyRequest, @CommandMeta() meta: Meta, @Res({ passthrough: true }) res: Response) {
    return tagged(res, await this.commandBus.execute(new ApproveExtensionCommand(id, {}, meta)));
  }

  @Post(':id/extensions/refuse')
  @Roles('supervisor')
  @HttpCode(200)
  async refuseExtension(@Param('id', CaseIdPipe) id: string, @Body() body: ReasonRequest, @CommandMeta() meta: Meta, @Res({ passthrough: true }) res: Response) {
    return tagged(res, await this.commandBus.execute(new RefuseExtensionCommand(id, { reason: body.reason }, meta)));
  }

  /** 办结. */
  @Post(':id/resolve')
  @Roles('handler')
  @HttpCode(200)
  async resolve(@Param('id', CaseIdPipe) id: string, @Body() body: ResolveCaseRequest, @CommandMeta('lead') meta: Meta, @Res({ passthrough: true }) res: Response) {
    return tagged(res, await this.commandBus.execute(new ResolveCaseCommand(id, { resolution: body.resolution }, meta)));
  }

  /** 督办. */
  @Post(':id/supervisions')
  @Roles('supervisor')
  @HttpCode(200)
  async openSupervision(@Param('id', CaseIdPipe) id: string, @Body() body: OpenSupervisionRequest, @CommandMeta() meta: Meta, @Res({ passthrough: true }) res: Response) {
    const input = { level: body.level, instructions: body.instructions, dueInWorkingDays: body.dueInWorkingDays ?? 2 };
    return tagged(res, await this.commandBus.execute(new OpenSupervisionCommand(id, input, meta)));
  }

  /** 督办销号. */
  @Post(':id/supervisions/sign-off')
  @Roles('supervisor')
  @HttpCode(200)
  async signOffSupervision(@Param('id', CaseIdPipe) id: string, @Body() body: SignOffSupervisionRequest, @CommandMeta() meta: Meta, @Res({ passthrough: true }) res: Response) {
    return tagged(res, await this.commandBus.execute(new SignOffSupervisionCommand(id, { comment: body.comment ?? null }, meta)));
  }

  /** 事后跟踪: closes the case, or reopens it when unsatisfied or unsolved. */
  @Post(':id/follow-ups')
  @Roles('grid_worker')
  @HttpCode(200)
  async followUp(@Param('id', CaseIdPipe) id: string, @Body() body: FollowUpRequest, @CommandMeta() meta: Meta, @Res({ passthrough: true }) res: Response) {
    const input = { satisfaction: body.satisfaction, solved: body.solved, comment: body.comment ?? null };
    return tagged(res, await this.commandBus.execute(new RecordFollowUpCommand(id, input, meta)));
  }

  /** 不满意甄别. */
  @Post(':id/follow-up-reviews')
  @Roles('supervisor')
  @HttpCode(200)
  async reviewFollowUp(@Param('id', CaseIdPipe) id: string, @Body() body: ReasonRequest, @CommandMeta() meta: Meta, @Res({ passthrough: true }) res: Response) {
    return tagged(res, await this.commandBus.execute(new ReviewFollowUpCommand(id, { reason: body.reason }, meta)));
  }

  /** 不予受理. */
  @Post(':id/reject')
  @Roles('dispatcher')
  @HttpCode(200)
  async reject(@Param('id', CaseIdPipe) id: string, @Body() body: ReasonRequest, @CommandMeta() meta: Meta, @Res({ passthrough: true }) res: Response) {
    return tagged(res, await this.commandBus.execute(new RejectCaseCommand(id, { reason: body.reason }, meta)));
  }

  /** 企业撤回. */
  @Post(':id/withdraw')
  @Roles('grid_worker', 'dispatcher')
  @HttpCode(200)
  async withdraw(@Param('id', CaseIdPipe) id: string, @Body() body: OptionalReasonRequest, @CommandMeta() meta: Meta, @Res({ passthrough: true }) res: Response) {
    return tagged(res, await this.commandBus.execute(new WithdrawCaseCommand(id, { reason: body.reason ?? null }, meta)));
  }

  /** 重复件合并. */
  @Post(':id/merge')
  @Roles('dispatcher')
  @HttpCode(200)
  async merge(@Param('id', CaseIdPipe) id: string, @Body() body: MergeCaseRequest, @CommandMeta() meta: Meta, @Res({ passthrough: true }) res: Response) {
    const input = { intoCaseId: body.intoCaseId.toLowerCase(), reason: body.reason ?? null };
    return tagged(res, await this.commandBus.execute(new MergeCaseCommand(id, input, meta)));
  }
}

function tagged<R extends CaseCommandResult>(res: Response, result: R): R {
  res.setHeader('ETag', `"${result.version}"`);
  return result;
}
