import { DataSource } from 'typeorm';
import { CreateEventStore1732300000000 } from './migrations/1732300000000-create-event-store';

/** The event store's own migrations (the subscription checkpoints belong to the subscription runner). */
export const EVENT_STORE_MIGRATIONS = [CreateEventStore1732300000000];

/**
 * Applies the event-store migrations that are pending, for tests and benches that must not depend on the
 * rest of the schema compiling. Records it in the same `schema_migrations` table and under the same
 * advisory lock as `migrate()` (libs/database), so a later full migration simply skips them.
 */
export async function ensureEventStoreSchema(url: string): Promise<void> {
  // One connection: the session-level advisory lock must be released on the connection that took it.
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    migrations: EVENT_STORE_MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    logging: ['error'],
    extra: { max: 1, application_name: 'zhuqi-ensure-schema' },
  });
  await dataSource.initialize();
  try {
    await dataSource.query(`SELECT pg_advisory_lock(7411)`);
    await dataSource.runMigrations();
  } finally {
    await dataSource.query(`SELECT pg_advisory_unlock(7411)`).catch(() => undefined);
    await dataSource.destroy();
  }
}
