import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CasesModule } from '@zhuqi/cases';
import { DatabaseModule } from '@zhuqi/database';
import { EventStoreModule } from '@zhuqi/event-store';
import { PlatformModule } from '@zhuqi/platform';
import { ReferenceDataModule } from '@zhuqi/reference-data';
import { CasesController } from './cases/cases.controller';
import { HealthController } from './health/health.controller';
import { ReferenceDataController } from './reference-data/reference-data.controller';

@Module({
  imports: [CqrsModule.forRoot(), PlatformModule, DatabaseModule, EventStoreModule, ReferenceDataModule, CasesModule],
  controllers: [HealthController, ReferenceDataController, CasesController],
})
export class ApiModule {}
