import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { MAINLAND_PHONE, MAINLAND_PHONE_MESSAGE, Text } from '../http/text.validators';
import { CHANNELS, Channel, SATISFACTIONS, Satisfaction, SUPERVISION_LEVELS, SupervisionLevel, URGENCIES, Urgency } from '@zhuqi/cases';

/** Codes of reference data: lowercase English snake_case. */
const CODE = /^[a-z][a-z0-9_]{0,39}$/;
/** Mainland mobile (11 digits) or a landline with area code. */

function Code(): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    Matches(CODE, { message: '$property must be a reference-data code such as "work_safety"' })(target, key);
  };
}

export class SubmitCaseRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') enterpriseId: string;
  @ApiProperty({ maxLength: 200, example: '员工子女入学咨询' }) @Text(200) title: string;
  @ApiProperty({ maxLength: 5000 }) @Text(5000) description: string;
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel: Channel;
  @ApiPropertyOptional({ example: 'schooling' }) @IsOptional() @Code() categoryCode?: string;
  @ApiPropertyOptional({ enum: URGENCIES, default: 'normal' }) @IsOptional() @IsIn(URGENCIES) urgency?: Urgency;
  @ApiPropertyOptional({ maxLength: 50 }) @IsOptional() @Text(50) contactName?: string;
  @ApiPropertyOptional({ example: '13800000000' })
  @IsOptional()
  @IsString()
  @Matches(MAINLAND_PHONE, { message: `contactPhone ${MAINLAND_PHONE_MESSAGE}` })
  contactPhone?: string;
}

export class DispatchCaseRequest {
  @ApiProperty({ example: 'education' }) @Code() departmentCode: string;
  @ApiPropertyOptional() @IsOptional() @Code() categoryCode?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(CODE, { each: true, message: 'each of assistingDepartmentCodes must be a department code' })
  assistingDepartmentCodes?: string[];
}

export class AcknowledgeCaseRequest {
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @Text(1000) note?: string;
}

export class AssistOpinionRequest {
  @ApiProperty() @Code() departmentCode: string;
  @ApiProperty({ maxLength: 2000 }) @Text(2000) opinion: string;
}

export class ReasonRequest {
  @ApiProperty({ maxLength: 1000 }) @Text(1000) reason: string;
}

export class OptionalReasonRequest {
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @Text(1000) reason?: string;
}

export class ReturnRulingRequest {
  @ApiProperty({ enum: ['redispatch', 'insist'] }) @IsIn(['redispatch', 'insist']) decision: 'redispatch' | 'insist';
  @ApiPropertyOptional({ description: 'required for redispatch' }) @IsOptional() @Code() departmentCode?: string;
  @ApiPropertyOptional() @IsOptional() @Code() categoryCode?: string;
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @Text(1000) reason?: string;
}

export class ExtensionRequest {
  @ApiProperty({ minimum: 1, maximum: 30 }) @IsInt() @Min(1) @Max(30) workingDays: number;
  @ApiProperty({ maxLength: 1000 }) @Text(1000) reason: string;
}

export class EmptyRequest {}

export class ResolveCaseRequest {
  @ApiProperty({ maxLength: 5000 }) @Text(5000) resolution: string;
}

export class OpenSupervisionRequest {
  @ApiProperty({ enum: SUPERVISION_LEVELS, description: '1 一般督办, 2 重点督办, 3 挂牌督办' })
  @IsIn(SUPERVISION_LEVELS)
  level: SupervisionLevel;
  @ApiProperty({ maxLength: 2000 }) @Text(2000) instructions: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 30, default: 2 }) @IsOptional() @IsInt() @Min(1) @Max(30) dueInWorkingDays?: number;
}

export class SignOffSupervisionRequest {
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @Text(1000) comment?: string;
}

export class FollowUpRequest {
  @ApiProperty({ enum: SATISFACTIONS }) @IsIn(SATISFACTIONS) satisfaction: Satisfaction;
  @ApiProperty() @IsBoolean() solved: boolean;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @Text(2000) comment?: string;
}

export class MergeCaseRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') intoCaseId: string;
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @Text(1000) reason?: string;
}
