import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { STAFF_ROLES, StaffRole } from '@zhuqi/reference-data';

export class ListStaffQuery {
  @ApiPropertyOptional({ enum: STAFF_ROLES })
  @IsOptional() @IsIn(STAFF_ROLES)
  role?: StaffRole;
}
