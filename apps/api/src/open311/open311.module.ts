import { Inject, Logger, MiddlewareConsumer, Module, NestModule, OnApplicationBootstrap } from '@nestjs/common';
import { CasesModule } from '@zhuqi/cases';
import { ApiKeyStore, Open311Links, Open311StoreModule } from '@zhuqi/open311';
import { EnvConfig } from '@zhuqi/platform';
import { CaseDetailReader, ReadModelsModule } from '@zhuqi/read-models';
import { ReferenceDataModule, ReferenceDataService } from '@zhuqi/reference-data';
import { Pool } from 'pg';
import { ApiKeysController } from './api-keys.controller';
import { GeoReportFormMiddleware } from './georeport-form.middleware';
import { GeoReportController } from './georeport.controller';
import { ServiceRequestSubmission } from './service-request-submission';
import { ServiceRequestsQuery } from './service-requests.query';

/**
 * The Open311 GeoReport v2 interface (/open311) and its api-key administration (/api/open311-keys). With
 * DEMO_SEED=true the partner key OPEN311_DEMO_API_KEY is issued (as `demo-partner`) at boot.
 */
@Module({
  imports: [Open311StoreModule, ReferenceDataModule, CasesModule, ReadModelsModule],
  controllers: [ApiKeysController, GeoReportController],
  providers: [
    ServiceRequestSubmission,
    {
      provide: ServiceRequestsQuery,
      inject: [Pool, CaseDetailReader, Open311Links, ReferenceDataService],
      useFactory: (pool: Pool, detail: CaseDetailReader, links: Open311Links, referenceData: ReferenceDataService) =>
        new ServiceRequestsQuery(pool, detail, links, referenceData),
    },
  ],
})
export class Open311Module implements NestModule, OnApplicationBootstrap {
  private readonly logger = new Logger('open311');

  constructor(
    private readonly keys: ApiKeyStore,
    @Inject(EnvConfig) private readonly config: EnvConfig,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(GeoReportFormMiddleware).forRoutes(GeoReportController);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.DEMO_SEED !== 'true') return;
    try {
      await this.keys.seedDemoKey(this.config.OPEN311_DEMO_API_KEY);
    } catch (error) {
      // 42P01 undefined_table: migrations have not run yet
      if ((error as { code?: string }).code === '42P01') return this.logger.warn('open311 tables missing (run the migrations); demo key not issued');
      throw error;
    }
  }
}
