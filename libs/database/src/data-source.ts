import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES, MIGRATIONS } from './schema';

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: ['error'],
    extra: { max: poolSize, application_name: 'zhuqi' },
  };
}

/** Applies every pending migration; safe to call from several processes at once (TypeORM locks). */
export async function migrate(url: string): Promise<void> {
  const dataSource = new DataSource({ ...dataSourceOptions(url, 2), migrationsTransactionMode: 'each' });
  await dataSource.initialize();
  try {
    await dataSource.query(`SELECT pg_advisory_lock(7411)`);
    await dataSource.runMigrations();
  } finally {
    await dataSource.query(`SELECT pg_advisory_unlock(7411)`).catch(() => undefined);
    await dataSource.destroy();
  }
}
