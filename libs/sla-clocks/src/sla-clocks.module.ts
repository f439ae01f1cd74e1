import { Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CasePolicy, CasesModule } from '@zhuqi/cases';
import { EventStore } from '@zhuqi/event-store';
import { EnvConfig } from '@zhuqi/platform';
import { Pool } from 'pg';
import { DailyBriefings } from './briefing/daily-briefing';
import { LocalCalendar } from './local-calendar';
import { SlaClocks } from './sla-clocks';

/** Whether this process runs the clocks: SLA_CLOCKS, by default on except under NODE_ENV=test. */
export const slaClocksEnabled = (config: EnvConfig): boolean => (config.SLA_CLOCKS ?? (config.NODE_ENV === 'test' ? 'off' : 'on')) === 'on';

@Injectable()
export class SlaClocksService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('sla-clocks');
  private clocks?: SlaClocks;

  constructor(
    @Inject(Pool) private readonly pool: Pool,
    private readonly eventStore: EventStore,
    private readonly commandBus: CommandBus,
    private readonly policy: CasePolicy,
    private readonly config: EnvConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!slaClocksEnabled(this.config)) return;
    this.clocks = new SlaClocks(this.pool, this.eventStore, this.commandBus, this.policy, {
      redisUrl: this.config.REDIS_URL,
      queueName: this.config.SLA_QUEUE,
      subscriberName: 'sla-clocks',
      concurrency: this.config.SLA_CONCURRENCY,
      reconcileEveryMs: this.config.SLA_RECONCILE_MINUTES * 60_000,
      dailyBriefing: true,
    });
    // In the background: a Redis outage must not stop the worker from booting (BullMQ waits for it).
    void this.clocks.start().catch((error: Error) => this.logger.error(`SLA clocks failed to start: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.clocks?.stop();
  }
}

/** The zone's local days off applied to the deadline rules (API and worker both compute deadlines). */
@Module({
  imports: [CasesModule],
  providers: [LocalCalendar],
  exports: [LocalCalendar],
})
export class LocalCalendarModule {}

/** The worker's SLA clocks: timers on BullMQ and the daily briefing. */
@Module({
  imports: [CasesModule, LocalCalendarModule],
  providers: [SlaClocksService],
})
export class SlaClocksModule {}

/** Read access to the stored daily briefings, for the API. */
@Module({
  providers: [{ provide: DailyBriefings, inject: [Pool], useFactory: (pool: Pool) => new DailyBriefings(pool) }],
  exports: [DailyBriefings],
})
export class DailyBriefingsModule {}
