import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EnvConfig } from '@zhuqi/platform';
import { Pool } from 'pg';
import { dataSourceOptions } from './data-source';

export function requireDatabaseUrl(config: EnvConfig): string {
  if (!config.DATABASE_URL) {
    throw new Error('DATABASE_URL is not set (npm start sets it to the embedded PostgreSQL)');
  }
  return config.DATABASE_URL;
}

/** The raw `pg` pool (event store, fast queries) and TypeORM (reference data, read models). */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [EnvConfig],
      useFactory: (config: EnvConfig) => dataSourceOptions(requireDatabaseUrl(config), 4),
    }),
  ],
  providers: [
    {
      provide: Pool,
      inject: [EnvConfig],
      useFactory: (config: EnvConfig) => {
        const pool = new Pool({ connectionString: requireDatabaseUrl(config), max: config.DATABASE_POOL_SIZE, application_name: 'zhuqi' });
        // An idle connection dropped by a PostgreSQL restart must not crash the process; the pool reconnects.
        pool.on('error', (error) => new Logger('database').warn(`idle PostgreSQL connection lost: ${error.message}`));
        return pool;
      },
    },
  ],
  exports: [Pool],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(Pool) private readonly pool: Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
