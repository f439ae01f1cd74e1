/**
 * Loads the demo history (a year of cases through the command path) into DATABASE_URL.
 *   npm run seed:demo-history            only into a database without cases
 *   npm run seed:demo-history -- --force  even when cases exist (each run adds another year)
 * `npm start` runs it after the reference data (scripts/migrate.js; DEMO_SEED=false or DEMO_HISTORY=false skip it).
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { CasesModule } from '@zhuqi/cases';
import { DatabaseModule } from '@zhuqi/database';
import { EventStoreModule } from '@zhuqi/event-store';
import { PlatformModule } from '@zhuqi/platform';
import { ReferenceDataModule } from '@zhuqi/reference-data';
import { Pool } from 'pg';
import { DemoHistoryGenerator } from './demo-history.generator';

@Module({ imports: [CqrsModule.forRoot(), PlatformModule, DatabaseModule, EventStoreModule, ReferenceDataModule, CasesModule] })
class DemoHistoryModule {}

/** One seeder at a time (several processes may start together). */
const LOCK = 7_320_231_031;

export async function seedDemoHistory(options: { force?: boolean; log?: (line: string) => void } = {}): Promise<{ seeded: boolean; cases?: number }> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const app = await NestFactory.createApplicationContext(DemoHistoryModule, { logger: ['error', 'warn'] });
  const pool = app.get(Pool);
  const lock = await pool.connect();
  try {
    const { rows } = await lock.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1) AS locked`, [LOCK]);
    if (!rows[0].locked) {
      log('demo history: another process is loading it; skipped');
      return { seeded: false };
    }
    const existing = await pool.query(`SELECT 1 FROM events WHERE stream_type = 'case' LIMIT 1`);
    if (existing.rowCount && !options.force) {
      log('demo history: the database already has cases; nothing loaded (DEMO_HISTORY=false skips this step)');
      return { seeded: false };
    }
    const started = Date.now();
    let shown = -1;
    const result = await new DemoHistoryGenerator(app.get(CommandBus), pool).run({
      onProgress: (done, total) => {
        const tenth = Math.floor((done / total) * 10);
        if (tenth === shown) return;
        shown = tenth;
        log(`demo history: ${done}/${total} cases of 2023 through the command path (${Math.round((done / total) * 100)}%)`);
      },
    });
    log(
      `demo history: loaded ${result.caseIds.length} cases (${result.commands} commands) in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        `${result.plannedResolvedJanOct} resolved in January–October 2023 (GET /api/stats/summary?from=2023-01-01&to=2023-10-31)`,
    );
    return { seeded: true, cases: result.caseIds.length };
  } finally {
    await lock.query(`SELECT pg_advisory_unlock($1)`, [LOCK]).catch(() => undefined);
    lock.release();
    await app.close();
  }
}

if (require.main === module) {
  seedDemoHistory({ force: process.argv.includes('--force') }).then(
    () => process.exit(0),
    (error: Error) => {
      process.stderr.write(`demo history failed: ${error.stack ?? error}\n`);
      process.exit(1);
    },
  );
}
