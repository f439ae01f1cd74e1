import { Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventStore, UpcasterRegistry } from '@zhuqi/event-store';
import { EnvConfig } from '@zhuqi/platform';
import { ReferenceDataModule, ReferenceDataService } from '@zhuqi/reference-data';
import { Pool } from 'pg';
import { CaseListExport } from '../exports/case-list.export';
import { LeagueTableQuery } from '../league-table/league-table.query';
import { CaseFactsProjection } from './case-facts.projection';
import { StatisticsQuery } from './statistics.query';

/** Follows the log with the facts subscriber when PROJECTIONS=on (the default), like the other read models. */
@Injectable()
export class CaseFactsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('statistics');

  constructor(
    private readonly projection: CaseFactsProjection,
    private readonly config: EnvConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.PROJECTIONS !== 'on') return;
    await this.projection.start().catch((error: Error) => this.logger.error(`statistics projection failed to start: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projection.stop();
  }
}

/** Statistics (facts projection and queries), the 红黑榜 and the exports. */
@Module({
  imports: [ReferenceDataModule],
  providers: [
    {
      provide: CaseFactsProjection,
      inject: [Pool, EventStore, UpcasterRegistry, EnvConfig],
      useFactory: (pool: Pool, store: EventStore, upcasters: UpcasterRegistry, config: EnvConfig) =>
        new CaseFactsProjection(pool, store, upcasters, config.DATABASE_URL),
    },
    CaseFactsLifecycle,
    {
      provide: StatisticsQuery,
      inject: [Pool, ReferenceDataService],
      useFactory: (pool: Pool, referenceData: ReferenceDataService) => new StatisticsQuery(pool, referenceData),
    },
    { provide: LeagueTableQuery, inject: [StatisticsQuery], useFactory: (statistics: StatisticsQuery) => new LeagueTableQuery(statistics) },
    { provide: CaseListExport, inject: [Pool], useFactory: (pool: Pool) => new CaseListExport(pool) },
  ],
  exports: [CaseFactsProjection, StatisticsQuery, LeagueTableQuery, CaseListExport],
})
export class StatisticsModule {}
