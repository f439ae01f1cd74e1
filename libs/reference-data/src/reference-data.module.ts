import { Inject, Logger, Module, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { EnvConfig } from '@zhuqi/platform';
import { Pool } from 'pg';
import { ReferenceDataService } from './reference-data.service';
import { seedReferenceData } from './seed-loader';

/**
 * Reference data over the global `pg` Pool (DatabaseModule). With DEMO_SEED=true (the default) an empty
 * database gets `seeds/reference` at boot; a no-op once seeded.
 */
@Module({
  providers: [ReferenceDataService],
  exports: [ReferenceDataService],
})
export class ReferenceDataModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('reference-data');

  constructor(
    @Inject(Pool) private readonly pool: Pool,
    @Optional() @Inject(EnvConfig) private readonly config?: EnvConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config?.DEMO_SEED !== 'true') return;
    try {
      const result = await seedReferenceData(this.pool);
      if (result.seeded) {
        this.logger.log(`seeded reference data: ${Object.entries(result.counts).map(([k, n]) => `${n} ${k}`).join(', ')}`);
      }
    } catch (error) {
      // 42P01 undefined_table: migrations have not run yet; the app still serves what it can
      if ((error as { code?: string }).code === '42P01') {
        this.logger.warn('reference tables missing (run the migrations); not seeded');
        return;
      }
      throw error;
    }
  }
}
