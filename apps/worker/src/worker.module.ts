import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DatabaseModule } from '@zhuqi/database';
import { EventStoreModule } from '@zhuqi/event-store';
import { PlatformModule } from '@zhuqi/platform';
import { RedisModule } from '@zhuqi/redis';
import { SlaClocksModule } from '@zhuqi/sla-clocks';
import { ReadModelsModule, StatisticsModule } from '@zhuqi/read-models';
import { WorkerHealth } from './worker-health';

/**
 * The background process: no HTTP, the same configuration, database and event store as the API, plus
 * one shared Redis connection (injectable as `Redis`, BullMQ-ready).
 *
 * Adding BullMQ processors (timers, SLA clocks) later:
 *   imports: [..., BullModule.forRootAsync({ inject: [Redis], useFactory: (redis: Redis) => ({ connection: redis }) }),
 *             BullModule.registerQueue({ name: 'sla' })],
 *   providers: [..., SlaProcessor],   // @Processor('sla') class SlaProcessor extends WorkerHost { ... }
 * BullMQ duplicates the shared connection for its blocking commands; `maxRetriesPerRequest: null` is set.
 */
@Module({
  imports: [CqrsModule.forRoot(), PlatformModule, DatabaseModule, EventStoreModule, RedisModule.forRoot({ connectionName: 'zhuqi-worker' }), SlaClocksModule, ReadModelsModule, StatisticsModule],
  providers: [WorkerHealth],
  exports: [WorkerHealth],
})
export class WorkerModule {}
