import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedAccount } from '@zhuqi/accounts';
import { InvalidInput } from '@zhuqi/platform';
import {
  CaseListExport,
  ExportTable,
  LeagueTable,
  LeagueTableQuery,
  leagueTableExport,
  READ_MODELS,
  StatisticsQuery,
  StatSummary,
  summaryTable,
  toCsv,
  toXlsx,
} from '@zhuqi/read-models';
import type { Response } from 'express';
import { Roles } from '../auth/access.decorators';
import { caseScopeOf } from '../auth/case-access';
import { CurrentAccount } from '../auth/current-account.decorator';
import { CASE_READERS } from '../auth/roles';
import { ListCasesQuery } from '../read-models/read-model-requests';
import { ReadsProjections } from '../read-models/read-your-writes';
import { DrillDownQuery, LeagueTableRequest, StatsExportQuery, StatsSummaryQuery } from './stats-requests';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function send(res: Response, table: ExportTable, file: string, format: 'csv' | 'xlsx'): Promise<StreamableFile> {
  const body = format === 'csv' ? toCsv(table) : await toXlsx(table);
  res.set({
    'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : XLSX,
    'Content-Disposition': `attachment; filename="${file}.${format}"; filename*=UTF-8''${encodeURIComponent(`${table.title}.${format}`)}`,
  });
  return new StreamableFile(body);
}

/**
 * 统计分析: summary, drill-down, 红黑榜 and their exports. The figures are zone-wide aggregates (the 红黑榜 is
 * published to every department); the cases behind a figure (drill-down) are limited to the reader's reach;
 * the exports are for managers and supervisors.
 */
@ApiTags('stats')
@ApiBearerAuth()
@Controller('stats')
@ReadsProjections(READ_MODELS.caseFacts, READ_MODELS.caseList)
export class StatsController {
  constructor(
    private readonly statistics: StatisticsQuery,
    private readonly league: LeagueTableQuery,
  ) {}

  @Get('summary')
  @Roles(...CASE_READERS)
  summary(@Query() query: StatsSummaryQuery): Promise<StatSummary> {
    return this.statistics.summary(StatisticsQuery.period(query.from, query.to), query.groupBy);
  }

  @Get('drill-down')
  @Roles(...CASE_READERS)
  drillDown(@Query() query: DrillDownQuery, @CurrentAccount() account: AuthenticatedAccount) {
    if (query.key !== undefined && !query.groupBy) throw new InvalidInput('groupBy', 'key needs a groupBy');
    return this.statistics.drillDown(query.metric, StatisticsQuery.period(query.from, query.to), {
      groupBy: query.groupBy,
      key: query.key,
      page: query.page,
      pageSize: query.pageSize,
      scope: caseScopeOf(account),
    });
  }

  @Get('league-table')
  @Roles(...CASE_READERS)
  leagueTable(@Query() query: LeagueTableRequest): Promise<LeagueTable> {
    return this.league.table(query.month);
  }

  @Get('export.csv')
  @Roles('supervisor', 'manager')
  exportCsv(@Query() query: StatsExportQuery, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.export(query, res, 'csv');
  }

  @Get('export.xlsx')
  @Roles('supervisor', 'manager')
  exportXlsx(@Query() query: StatsExportQuery, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.export(query, res, 'xlsx');
  }

  private async export(query: StatsExportQuery, res: Response, format: 'csv' | 'xlsx'): Promise<StreamableFile> {
    if (query.report === 'league-table') {
      if (!query.month) throw new InvalidInput('month', 'month (YYYY-MM) is required for the league table');
      return send(res, leagueTableExport(await this.league.table(query.month)), `league-table-${query.month}`, format);
    }
    if (!query.from) throw new InvalidInput('from', 'from must be a date YYYY-MM-DD');
    if (!query.to) throw new InvalidInput('to', 'to must be a date YYYY-MM-DD');
    const summary = await this.statistics.summary(StatisticsQuery.period(query.from, query.to), query.groupBy);
    return send(res, summaryTable(summary), `stats-${query.from}-${query.to}`, format);
  }
}

/** 诉求清单 export with GET /api/cases's filters, within the reader's reach; registered before CasesController (its `:id`). */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
@ReadsProjections(READ_MODELS.caseList, READ_MODELS.caseSearch)
export class CaseExportController {
  constructor(private readonly cases: CaseListExport) {}

  @Get('export.csv')
  @Roles(...CASE_READERS)
  exportCsv(@Query() query: ListCasesQuery, @CurrentAccount() account: AuthenticatedAccount, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.export(query, account, res, 'csv');
  }

  @Get('export.xlsx')
  @Roles(...CASE_READERS)
  exportXlsx(@Query() query: ListCasesQuery, @CurrentAccount() account: AuthenticatedAccount, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.export(query, account, res, 'xlsx');
  }

  private async export(query: ListCasesQuery, account: AuthenticatedAccount, res: Response, format: 'csv' | 'xlsx'): Promise<StreamableFile> {
    const date = (field: string, value?: string) => (value === undefined ? undefined : new Date(value));
    const from = date('from', query.from);
    const to = date('to', query.to);
    if (from && to && from >= to) throw new InvalidInput('to', 'to must be after from');
    const table = await this.cases.table({
      status: query.status?.split(','),
      departmentCode: query.departmentCode,
      gridCode: query.gridCode,
      categoryCode: query.categoryCode,
      channel: query.channel,
      urgency: query.urgency,
      overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
      supervised: query.supervised === undefined ? undefined : query.supervised === 'true',
      from,
      to,
      q: query.q,
      scope: caseScopeOf(account),
    });
    return send(res, table, 'cases', format);
  }
}
