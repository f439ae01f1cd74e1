import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorators';
import { InvalidInput, NotFound } from '@zhuqi/platform';
import { DailyBriefing, DailyBriefings } from '@zhuqi/sla-clocks';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** 每日整改简报: stored by the worker at 08:00 Asia/Shanghai for the day before. */
@ApiTags('briefings')
@ApiBearerAuth()
@Roles('dispatcher', 'supervisor', 'manager')
@Controller('briefings')
export class BriefingsController {
  constructor(private readonly briefings: DailyBriefings) {}

  @Get('latest')
  async latest(): Promise<DailyBriefing> {
    const briefing = await this.briefings.latest();
    if (!briefing) throw new NotFound('No daily briefing (每日整改简报) has been produced yet');
    return briefing;
  }

  @Get(':date')
  async byDate(@Param('date') date: string): Promise<DailyBriefing> {
    if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
      throw new InvalidInput('date', 'date must be a calendar day YYYY-MM-DD (Asia/Shanghai)');
    }
    const briefing = await this.briefings.find(date);
    if (!briefing) throw new NotFound(`No daily briefing (每日整改简报) for ${date}`);
    return briefing;
  }
}
