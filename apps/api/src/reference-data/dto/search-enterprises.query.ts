import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ENTERPRISE_PAGE_SIZE_MAX } from '@zhuqi/reference-data';

export class SearchEnterprisesQuery {
  @ApiPropertyOptional({ description: 'Fragment of the name (Chinese works) or of the 统一社会信用代码' })
  @IsOptional() @IsString() @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ example: 'g01' })
  @IsOptional() @Matches(/^g[0-9]{2,}$/, { message: 'gridCode must be a grid code such as g01' })
  gridCode?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: ENTERPRISE_PAGE_SIZE_MAX })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(ENTERPRISE_PAGE_SIZE_MAX)
  pageSize?: number;
}
