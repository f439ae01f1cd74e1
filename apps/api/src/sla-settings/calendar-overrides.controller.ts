import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Pool } from 'pg';
import { AuthenticatedAccount, inTransaction, RequestOrigin, SecurityAudit } from '@zhuqi/accounts';
import { InvalidInput, NotFound } from '@zhuqi/platform';
import { LocalCalendar } from '@zhuqi/sla-clocks';
import { Roles } from '../auth/access.decorators';
import { CurrentAccount } from '../auth/current-account.decorator';
import { Origin } from '../http/request-context';
import { CalendarOverrideRequest } from './calendar-override-requests';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export interface CalendarOverride {
  day: string;
  working: boolean;
  note: string;
}

function calendarDay(day: string): string {
  if (!DAY.test(day) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
    throw new InvalidInput('day', 'day must be a calendar day YYYY-MM-DD');
  }
  return day;
}

/**
 * The zone's own calendar (admin): local days off and extra working days that win over the national
 * 节假日/调休 data in every deadline computed after the change (this process at once, the others within
 * 5 minutes). Deadlines already set are not moved. Each change is audited with its admin.
 */
@ApiTags('sla settings')
@ApiBearerAuth()
@Roles('admin')
@Controller('sla/calendar-overrides')
export class CalendarOverridesController {
  constructor(
    @Inject(Pool) private readonly pool: Pool,
    private readonly calendar: LocalCalendar,
    private readonly audit: SecurityAudit,
  ) {}

  @Get()
  async list(): Promise<CalendarOverride[]> {
    const { rows } = await this.pool.query<CalendarOverride>(`SELECT to_char(day, 'YYYY-MM-DD') AS day, working, note FROM sla_calendar_overrides ORDER BY day`);
    return rows;
  }

  @Put(':day')
  async set(@Param('day') day: string, @Body() body: CalendarOverrideRequest, @CurrentAccount() admin: AuthenticatedAccount, @Origin() origin: RequestOrigin): Promise<CalendarOverride> {
    calendarDay(day);
    await inTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO sla_calendar_overrides (day, working, note) VALUES ($1, $2, $3)
         ON CONFLICT (day) DO UPDATE SET working = EXCLUDED.working, note = EXCLUDED.note`,
        [day, body.working, body.note],
      );
      await this.audit.record({ action: 'calendar.set', outcome: 'ok', actor: admin.username, subject: day, origin, detail: { working: body.working, note: body.note } }, client);
    });
    await this.calendar.reload();
    return { day, working: body.working, note: body.note };
  }

  @Delete(':day')
  @HttpCode(204)
  async remove(@Param('day') day: string, @CurrentAccount() admin: AuthenticatedAccount, @Origin() origin: RequestOrigin): Promise<void> {
    calendarDay(day);
    const removed = await inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query(`DELETE FROM sla_calendar_overrides WHERE day = $1`, [day]);
      if (rowCount) await this.audit.record({ action: 'calendar.delete', outcome: 'ok', actor: admin.username, subject: day, origin }, client);
      return (rowCount ?? 0) > 0;
    });
    if (!removed) throw new NotFound(`No calendar override on ${day}`);
    await this.calendar.reload();
  }
}
