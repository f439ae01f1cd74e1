import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { Text } from '../http/text.validators';

export class CalendarOverrideRequest {
  @ApiProperty({ description: 'false: a local day off (园区停电检修); true: an extra working day' })
  @IsBoolean()
  working: boolean;

  @ApiProperty({ maxLength: 200, example: '园区停电检修' }) @Text(200) note: string;
}
