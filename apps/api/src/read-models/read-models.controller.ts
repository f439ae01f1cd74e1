import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedAccount } from '@zhuqi/accounts';
import type { Response } from 'express';
import { Clock, InvalidInput, NotFound } from '@zhuqi/platform';
import {
  CaseListItem,
  CaseListQuery,
  GridTodo,
  GridTodoQuery,
  OverdueQueueItem,
  OverdueQueueQuery,
  Page,
  RecordVisitCommand,
  READ_MODELS,
  RecordVisitResult,
  shanghaiMonth,
  VisitCoverage,
} from '@zhuqi/read-models';
import { ReferenceDataService } from '@zhuqi/reference-data';
import { Roles } from '../auth/access.decorators';
import { AccessDenied } from '../auth/auth.errors';
import { caseScopeOf } from '../auth/case-access';
import { CurrentAccount } from '../auth/current-account.decorator';
import { CASE_READERS } from '../auth/roles';
import { CommandMeta } from '../http/command-meta.decorator';
import { ListCasesQuery, MonthQuery, OverdueQueueRequest, RecordVisitRequest } from './read-model-requests';
import { ReadsProjections } from './read-your-writes';

const bool = (v?: 'true' | 'false') => (v === undefined ? undefined : v === 'true');

function date(field: string, value?: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new InvalidInput(field, `${field} must be an ISO 8601 date`);
  return d;
}

class GridNotFound extends NotFound {}

/** Case list and search (GET /api/cases), within the reader's reach. Registered before CasesController; `:id` stays there. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CaseListController {
  constructor(private readonly cases: CaseListQuery) {}

  @Get()
  @Roles(...CASE_READERS)
  @ReadsProjections(READ_MODELS.caseList, READ_MODELS.caseSearch)
  list(@Query() query: ListCasesQuery, @CurrentAccount() account: AuthenticatedAccount): Promise<Page<CaseListItem>> {
    const from = date('from', query.from);
    const to = date('to', query.to);
    if (from && to && from >= to) throw new InvalidInput('to', 'to must be after from');
    return this.cases.search(
      {
        status: query.status?.split(','),
        departmentCode: query.departmentCode,
        gridCode: query.gridCode,
        categoryCode: query.categoryCode,
        channel: query.channel,
        urgency: query.urgency,
        overdue: bool(query.overdue),
        supervised: bool(query.supervised),
        from,
        to,
        q: query.q,
        scope: caseScopeOf(account),
      },
      query.page ?? 1,
      query.pageSize ?? 20,
      query.sort ?? '-submittedAt',
    );
  }
}

/** 督查督办 queue, within the reader's reach. */
@ApiTags('queues')
@ApiBearerAuth()
@Controller('queues')
export class QueuesController {
  constructor(private readonly overdue: OverdueQueueQuery) {}

  @Get('overdue')
  @Roles(...CASE_READERS)
  @ReadsProjections(READ_MODELS.caseList)
  overdueQueue(@Query() query: OverdueQueueRequest, @CurrentAccount() account: AuthenticatedAccount): Promise<Page<OverdueQueueItem>> {
    const filter = { departmentCode: query.departmentCode, gridCode: query.gridCode, supervised: bool(query.supervised), scope: caseScopeOf(account) };
    return this.overdue.list(filter, query.page ?? 1, query.pageSize ?? 20);
  }
}

/** 网格员待办 and 走访. */
@ApiTags('grids')
@ApiBearerAuth()
@Controller()
export class GridWorkController {
  constructor(
    private readonly todos: GridTodoQuery,
    private readonly referenceData: ReferenceDataService,
    private readonly commandBus: CommandBus,
    private readonly clock: Clock,
  ) {}

  /** A grid worker's own grids only (another grid is not found); dispatchers, supervisors and managers any. */
  @Get('grids/:code/todo')
  @Roles('grid_worker', 'dispatcher', 'supervisor', 'manager')
  @ReadsProjections(READ_MODELS.caseList, READ_MODELS.visits)
  async todo(@Param('code') code: string, @Query() query: MonthQuery, @CurrentAccount() account: AuthenticatedAccount): Promise<GridTodo> {
    const outOfReach = account.role === 'grid_worker' && !account.gridCodes.includes(code);
    if (outOfReach || !/^g[0-9]{2,}$/.test(code) || !(await this.referenceData.grid(code))) throw new GridNotFound(`Unknown grid "${code}"`);
    return this.todos.todo(code, query.month ?? shanghaiMonth(this.clock.now()));
  }

  /** 走访覆盖率 per grid. */
  @Get('visits/coverage')
  @Roles('dispatcher', 'supervisor', 'manager')
  @ReadsProjections(READ_MODELS.visits)
  coverage(@Query() query: MonthQuery): Promise<VisitCoverage[]> {
    return this.todos.coverage(query.month ?? shanghaiMonth(this.clock.now()));
  }

  /** 走访 by a grid worker, of an enterprise of their grids: answers `{id, gridCode, visitedAt, position}`. */
  @Post('visits')
  @Roles('grid_worker')
  async recordVisit(
    @Body() body: RecordVisitRequest,
    @CommandMeta() meta: { actor: string; correlationId: string; causationId?: string | null },
    @CurrentAccount() account: AuthenticatedAccount,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RecordVisitResult> {
    const visitedAt = date('visitedAt', body.visitedAt);
    const enterprise = await this.referenceData.enterprise(body.enterpriseId.toLowerCase());
    if (enterprise && !account.gridCodes.includes(enterprise.gridCode)) {
      throw new AccessDenied('OUTSIDE_YOUR_GRIDS', `The enterprise is in grid ${enterprise.gridCode}; you visit ${account.gridCodes.join(', ') || 'no grid'}`);
    }
    const result = await this.commandBus.execute(
      new RecordVisitCommand({ enterpriseId: body.enterpriseId.toLowerCase(), summary: body.summary, visitedAt }, { actor: meta.actor, correlationId: meta.correlationId, causationId: null }),
    );
    res.status(201);
    return result;
  }
}
