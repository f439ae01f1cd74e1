import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DRILL_METRICS, GROUP_BYS } from '@zhuqi/read-models';
import { ReadPosition } from '../read-models/read-your-writes';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** GET /api/stats/summary and /api/stats/export.*: a period of Asia/Shanghai days, both inclusive. */
export class StatsSummaryQuery extends ReadPosition {
  @ApiProperty({ example: '2023-01-01' }) @Matches(DAY, { message: 'from must be a date YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ example: '2023-10-31' }) @Matches(DAY, { message: 'to must be a date YYYY-MM-DD' })
  to!: string;

  @ApiPropertyOptional({ enum: GROUP_BYS }) @IsOptional() @IsIn(GROUP_BYS)
  groupBy?: (typeof GROUP_BYS)[number];
}

/** GET /api/stats/export.*: the summary, or the 红黑榜 of a month. */
export class StatsExportQuery extends ReadPosition {
  @ApiPropertyOptional({ enum: ['summary', 'league-table'], default: 'summary' }) @IsOptional() @IsIn(['summary', 'league-table'])
  report?: 'summary' | 'league-table';

  @ApiPropertyOptional({ example: '2023-01-01' }) @IsOptional() @Matches(DAY, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2023-10-31' }) @IsOptional() @Matches(DAY, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ enum: GROUP_BYS }) @IsOptional() @IsIn(GROUP_BYS)
  groupBy?: (typeof GROUP_BYS)[number];

  @ApiPropertyOptional({ example: '2023-06' }) @IsOptional() @Matches(MONTH, { message: 'month must be YYYY-MM' })
  month?: string;
}

export class LeagueTableRequest extends ReadPosition {
  @ApiProperty({ example: '2023-06' }) @Matches(MONTH, { message: 'month must be YYYY-MM' })
  month!: string;
}

/** GET /api/stats/drill-down: the cases behind one figure. */
export class DrillDownQuery extends StatsSummaryQuery {
  @ApiProperty({ enum: DRILL_METRICS }) @IsIn(DRILL_METRICS)
  metric!: (typeof DRILL_METRICS)[number];

  @ApiPropertyOptional({ description: 'the group key (with groupBy), e.g. a department code or 2023-06' })
  @IsOptional() @IsString() @MaxLength(60)
  key?: string;

  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ default: 100, maximum: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  pageSize?: number;
}
