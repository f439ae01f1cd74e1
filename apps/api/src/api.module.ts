import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CasesModule } from '@zhuqi/cases';
import { DatabaseModule } from '@zhuqi/database';
import { EventStoreModule } from '@zhuqi/event-store';
import { PlatformModule } from '@zhuqi/platform';
import { ReferenceDataModule } from '@zhuqi/reference-data';
import { ReadModelsModule, StatisticsModule } from '@zhuqi/read-models';
import { DailyBriefingsModule, LocalCalendarModule } from '@zhuqi/sla-clocks';
import { AccountsController } from './accounts/accounts.controller';
import { AuthModule } from './auth/auth.module';
import { BriefingsController } from './briefings/briefings.controller';
import { CasesController } from './cases/cases.controller';
import { CaseExportController, StatsController } from './stats/stats.controller';
import { HealthController } from './health/health.controller';
import { LiveController } from './live/live.controller';
import { Open311Module } from './open311/open311.module';
import { ReferenceDataController } from './reference-data/reference-data.controller';
import { CaseListController, GridWorkController, QueuesController } from './read-models/read-models.controller';
import { CalendarOverridesController } from './sla-settings/calendar-overrides.controller';

@Module({
  imports: [CqrsModule.forRoot(), PlatformModule, DatabaseModule, EventStoreModule, ReferenceDataModule, CasesModule, LocalCalendarModule, DailyBriefingsModule, ReadModelsModule, StatisticsModule, Open311Module, AuthModule],
  controllers: [CaseExportController, StatsController, CaseListController, QueuesController, GridWorkController, HealthController, ReferenceDataController, CasesController, BriefingsController, AccountsController, CalendarOverridesController, LiveController],
})
export class ApiModule {}
