import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@zhuqi/accounts';
import { STAFF_ROLES, StaffRole } from '@zhuqi/reference-data';
import { USERNAME } from '../auth/auth-requests';
import { MAINLAND_PHONE, MAINLAND_PHONE_MESSAGE, Text, WellFormed } from '../http/text.validators';

export class NewPasswordRequest {
  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, format: 'password' })
  @IsString() @MinLength(PASSWORD_MIN_LENGTH) @MaxLength(PASSWORD_MAX_LENGTH) @WellFormed()
  password: string;
}

export class CreateAccountRequest extends NewPasswordRequest {
  @ApiProperty({ example: 'grid21' })
  @IsString() @Matches(USERNAME, { message: 'username must be 2–64 letters, digits, . _ or -' })
  username: string;

  @ApiProperty({ example: '王建国' }) @Text(50) name: string;

  @ApiProperty({ enum: STAFF_ROLES }) @IsIn(STAFF_ROLES) role: StaffRole;

  @ApiPropertyOptional({ description: 'handlers: the department they work cases for', example: 'three_services' })
  @IsOptional() @IsString() @Matches(/^[a-z][a-z0-9_]{0,39}$/, { message: 'departmentCode must be a department code' })
  departmentCode?: string;

  @ApiPropertyOptional({ description: 'grid workers: their grids', example: ['g01'] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @Matches(/^g[0-9]{2,}$/, { each: true, message: 'gridCodes must be grid codes such as g01' })
  gridCodes?: string[];

  @ApiPropertyOptional({ example: '13800000000' })
  @IsOptional() @IsString() @Matches(MAINLAND_PHONE, { message: `phone ${MAINLAND_PHONE_MESSAGE}` })
  phone?: string;
}
