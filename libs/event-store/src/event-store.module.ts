import { Global, Module } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { EventStore } from './event-store';
import { EventsCommitted } from './events-committed';
import { PgEventStore } from './pg-event-store';
import { UpcasterRegistry } from './upcasters';

/** Provides the `EventStore` port on PostgreSQL; publishes `EventsCommitted` after each commit (needs the app to import `CqrsModule.forRoot()`). */
@Global()
@Module({
  providers: [
    UpcasterRegistry,
    {
      provide: EventStore,
      inject: [Pool, UpcasterRegistry, EventBus],
      useFactory: (pool: Pool, upcasters: UpcasterRegistry, eventBus: EventBus) =>
        new PgEventStore(pool, upcasters, (events) => eventBus.publish(new EventsCommitted(events))),
    },
  ],
  exports: [EventStore, UpcasterRegistry],
})
export class EventStoreModule {}
