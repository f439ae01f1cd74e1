import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Text } from '../http/text.validators';
import { CASE_STATUSES, CHANNELS, URGENCIES } from '@zhuqi/cases';
import { CASE_LIST_SORTS, CaseListSort } from '@zhuqi/read-models';
import { ReadPosition } from './read-your-writes';

const CODE = /^[a-z][a-z0-9_]{0,39}$/;
const GRID = /^g[0-9]{2,}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const STATUS_LIST = new RegExp(`^(${CASE_STATUSES.join('|')})(,(${CASE_STATUSES.join('|')}))*$`);
const BOOL = ['true', 'false'];

class Paging extends ReadPosition {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  pageSize?: number;
}

/** GET /api/cases filters. */
export class ListCasesQuery extends Paging {
  @ApiPropertyOptional({ description: `comma-separated: ${CASE_STATUSES.join(', ')}` })
  @IsOptional() @Matches(STATUS_LIST, { message: `status must be one or more of ${CASE_STATUSES.join(', ')}, comma-separated` })
  status?: string;

  @ApiPropertyOptional() @IsOptional() @Matches(CODE, { message: 'departmentCode must be a department code' })
  departmentCode?: string;

  @ApiPropertyOptional({ example: 'g01' }) @IsOptional() @Matches(GRID, { message: 'gridCode must be a grid code such as g01' })
  gridCode?: string;

  @ApiPropertyOptional() @IsOptional() @Matches(CODE, { message: 'categoryCode must be a category code' })
  categoryCode?: string;

  @ApiPropertyOptional({ enum: CHANNELS }) @IsOptional() @IsIn(CHANNELS)
  channel?: string;

  @ApiPropertyOptional({ enum: URGENCIES }) @IsOptional() @IsIn(URGENCIES)
  urgency?: string;

  @ApiPropertyOptional({ enum: BOOL, description: '超期 now (running due time passed)' }) @IsOptional() @IsIn(BOOL)
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ enum: BOOL, description: 'under open 督办' }) @IsOptional() @IsIn(BOOL)
  supervised?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'submitted at or after (ISO 8601)' }) @IsOptional() @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'submitted before (ISO 8601)' }) @IsOptional() @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: '全文检索 in title and description (Chinese works, any length)' })
  @IsOptional() @IsString() @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)) @MinLength(1) @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: CASE_LIST_SORTS, default: '-submittedAt' }) @IsOptional() @IsIn(CASE_LIST_SORTS)
  sort?: CaseListSort;
}

/** GET /api/queues/overdue filters. */
export class OverdueQueueRequest extends Paging {
  @ApiPropertyOptional() @IsOptional() @Matches(CODE, { message: 'departmentCode must be a department code' })
  departmentCode?: string;

  @ApiPropertyOptional() @IsOptional() @Matches(GRID, { message: 'gridCode must be a grid code such as g01' })
  gridCode?: string;

  @ApiPropertyOptional({ enum: BOOL }) @IsOptional() @IsIn(BOOL)
  supervised?: 'true' | 'false';
}

export class MonthQuery extends ReadPosition {
  @ApiPropertyOptional({ example: '2026-11', description: 'YYYY-MM (Asia/Shanghai); default this month' })
  @IsOptional() @Matches(MONTH, { message: 'month must look like 2026-11' })
  month?: string;
}

/** POST /api/visits — 走访. */
export class RecordVisitRequest {
  @ApiProperty() @IsUUID()
  enterpriseId: string;

  @ApiProperty({ example: '走访了解企业用工和用电情况' })
  @Text(2000)
  summary: string;

  @ApiPropertyOptional({ description: 'when the visit took place (ISO 8601); default now' })
  @IsOptional() @IsISO8601({ strict: true })
  visitedAt?: string;
}
