import { Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CasePolicy, CasesModule } from '@zhuqi/cases';
import { EventStore, UpcasterRegistry } from '@zhuqi/event-store';
import { EnvConfig } from '@zhuqi/platform';
import { ReferenceDataModule } from '@zhuqi/reference-data';
import { DeadlinePolicy } from '@zhuqi/sla';
import { Pool } from 'pg';
import { CaseDetailProjection } from './case-detail/case-detail.projection';
import { CaseDetailReader } from './case-detail/case-detail.reader';
import { CaseViewFolder } from './case-detail/case-view.folder';
import { CaseListProjection } from './case-list/case-list.projection';
import { CaseListQuery } from './case-list/case-list.query';
import { CaseSearchProjection } from './case-search/case-search.projection';
import { GridTodoQuery } from './grid-todo/grid-todo.query';
import { CaseChangeFeed } from './live/case-change-feed';
import { OverdueQueueQuery } from './overdue-queue/overdue-queue.query';
import { ProjectionsRunner } from './projections/projections-runner';
import { StreamProjection } from './projections/stream-projection';
import { ProjectionRebuilder } from './rebuild/projection-rebuilder';
import { CaseFactsProjection } from './statistics/case-facts.projection';
import { RecordVisitCommandHandler } from './visits/record-visit.command';
import { VisitsProjection } from './visits/visits.projection';

/**
 * Every projection (all followed by one ProjectionsRunner, rebuilt by `npm run projections:rebuild`); the
 * case list, detail and search share one fold of the case with the running deadline rules.
 */
export function readModelProjections(deadlines: DeadlinePolicy): StreamProjection[] {
  const cases = new CaseViewFolder(deadlines);
  return [new CaseListProjection(cases), new CaseDetailProjection(cases), new CaseSearchProjection(cases), new CaseFactsProjection(), new VisitsProjection()];
}

/** Starts following the log at boot when PROJECTIONS=on (the default), stops at shutdown. */
@Injectable()
export class ProjectionsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('projections');

  constructor(
    private readonly runner: ProjectionsRunner,
    private readonly config: EnvConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.PROJECTIONS !== 'on') return;
    await this.runner.start().catch((error: Error) => this.logger.error(`projections failed to start: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}

/** Stops the live feed's polling at shutdown (open SSE responses end with the server). */
@Injectable()
export class CaseChangeFeedLifecycle implements OnApplicationShutdown {
  constructor(private readonly feed: CaseChangeFeed) {}

  onApplicationShutdown(): Promise<void> {
    return this.feed.close();
  }
}

/** The read models: projections (run in-process), their queries, the rebuild, and 走访 recording. */
@Module({
  imports: [CasesModule, ReferenceDataModule],
  providers: [
    {
      provide: ProjectionsRunner,
      inject: [Pool, UpcasterRegistry, CasePolicy, EnvConfig],
      useFactory: (pool: Pool, upcasters: UpcasterRegistry, policy: CasePolicy, config: EnvConfig) =>
        new ProjectionsRunner(pool, upcasters, readModelProjections(policy.deadlines), { connectionString: config.DATABASE_URL }),
    },
    ProjectionsLifecycle,
    {
      provide: ProjectionRebuilder,
      inject: [Pool, UpcasterRegistry],
      useFactory: (pool: Pool, upcasters: UpcasterRegistry) => new ProjectionRebuilder(pool, upcasters),
    },
    { provide: CaseListQuery, inject: [Pool], useFactory: (pool: Pool) => new CaseListQuery(pool) },
    { provide: OverdueQueueQuery, inject: [Pool], useFactory: (pool: Pool) => new OverdueQueueQuery(pool) },
    { provide: GridTodoQuery, inject: [Pool], useFactory: (pool: Pool) => new GridTodoQuery(pool) },
    {
      provide: CaseDetailReader,
      inject: [Pool, ProjectionsRunner, EventStore, CasePolicy],
      useFactory: (pool: Pool, runner: ProjectionsRunner, store: EventStore, policy: CasePolicy) => new CaseDetailReader(pool, runner, store, policy),
    },
    RecordVisitCommandHandler,
    { provide: CaseChangeFeed, inject: [Pool], useFactory: (pool: Pool) => new CaseChangeFeed(pool) },
    CaseChangeFeedLifecycle,
  ],
  exports: [CaseChangeFeed, ProjectionsRunner, ProjectionRebuilder, CaseListQuery, OverdueQueueQuery, GridTodoQuery, CaseDetailReader],
})
export class ReadModelsModule {}
