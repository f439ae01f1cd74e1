import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { CasePolicy } from '@zhuqi/cases';
import { Pool } from 'pg';

/**
 * Keeps the deadline calendar in step with the admin table of local days off (sla_calendar_overrides):
 * loaded at boot and every 5 minutes, so a zone's own day off applies to the next deadline computed.
 */
@Injectable()
export class LocalCalendar implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('calendar');
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(Pool) private readonly pool: Pool,
    private readonly policy: CasePolicy,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.reload().catch((e: Error) => this.logger.warn(`calendar reload failed: ${e.message}`)), 300_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async reload(): Promise<number> {
    const { rows } = await this.pool.query<{ day: string; working: boolean }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, working FROM sla_calendar_overrides`,
    );
    this.policy.deadlines.calendar.replaceOverrides(new Map(rows.map((r) => [r.day, r.working])));
    return rows.length;
  }
}
