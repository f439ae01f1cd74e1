import { Module } from '@nestjs/common';
import { ReferenceDataModule, ReferenceDataService } from '@zhuqi/reference-data';
import { Pool } from 'pg';
import { CaseListExport } from '../exports/case-list.export';
import { LeagueTableQuery } from '../league-table/league-table.query';
import { StatisticsQuery } from './statistics.query';

/** Statistics queries, the 红黑榜 and the exports (their facts projection runs with the others, ReadModelsModule). */
@Module({
  imports: [ReferenceDataModule],
  providers: [
    {
      provide: StatisticsQuery,
      inject: [Pool, ReferenceDataService],
      useFactory: (pool: Pool, referenceData: ReferenceDataService) => new StatisticsQuery(pool, referenceData),
    },
    { provide: LeagueTableQuery, inject: [StatisticsQuery], useFactory: (statistics: StatisticsQuery) => new LeagueTableQuery(statistics) },
    { provide: CaseListExport, inject: [Pool], useFactory: (pool: Pool) => new CaseListExport(pool) },
  ],
  exports: [StatisticsQuery, LeagueTableQuery, CaseListExport],
})
export class StatisticsModule {}
