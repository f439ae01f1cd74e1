/**
 * npm run projections:rebuild [-- NAME …]   (NAME: case-list, case-detail, case-search, case-facts, visits; none = all)
 * Rebuilds read models from the event log into fresh tables and swaps them in, while API and workers
 * keep serving from the live ones. Runs the compiled code (npm run build; npm start builds).
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { DatabaseModule } from '@zhuqi/database';
import { EventStoreModule } from '@zhuqi/event-store';
import { PlatformModule } from '@zhuqi/platform';
import { LocalCalendarModule } from '@zhuqi/sla-clocks';
import { ProjectionsRunner } from '../projections/projections-runner';
import { ReadModelsModule } from '../read-models.module';
import { ProjectionRebuilder } from './projection-rebuilder';
import { rebuildProjections } from './rebuild-projections';

@Module({ imports: [CqrsModule.forRoot(), PlatformModule, DatabaseModule, EventStoreModule, LocalCalendarModule, ReadModelsModule] })
class RebuildModule {}

async function main(names: string[]): Promise<void> {
  process.env.PROJECTIONS = 'off'; // this process rebuilds; it does not follow the log
  const app = await NestFactory.createApplicationContext(RebuildModule, { logger: ['error', 'warn'] });
  try {
    await app.init();
    await rebuildProjections(app.get(ProjectionsRunner), app.get(ProjectionRebuilder), names);
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: Error) => {
      process.stderr.write(`projections:rebuild failed: ${error.message}\n`);
      process.exit(1);
    },
  );
}
