/**
 * npm run projections:rebuild [-- NAME …]   (NAME: case-list, case-detail, visits; none = all)
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
import { SingleBar, Presets } from 'cli-progress';
import { ProjectionsRunner } from '../projections/projections-runner';
import { ReadModelsModule } from '../read-models.module';
import { ProjectionRebuilder } from './projection-rebuilder';

@Module({ imports: [CqrsModule.forRoot(), PlatformModule, DatabaseModule, EventStoreModule, LocalCalendarModule, ReadModelsModule] })
class RebuildModule {}

async function main(names: string[]): Promise<void> {
  process.env.PROJECTIONS = 'off'; // this process rebuilds; it does not follow the log
  const app = await NestFactory.createApplicationContext(RebuildModule, { logger: ['error', 'warn'] });
  try {
    await app.init();
    const runner = app.get(ProjectionsRunner);
    const chosen = names.length === 0 ? [...runner.projections] : names.map((name) => runner.projection(name));
    const unknown = names.filter((_, i) => !chosen[i]);
    if (unknown.length > 0) {
      throw new Error(`unknown projection ${unknown.join(', ')}; known: ${runner.projections.map((p) => p.name.replace('read-models.', '')).join(', ')}`);
    }
    const bar = new SingleBar({ format: '重建 {bar} {percentage}% | {value}/{total} events | {eta_formatted} left', hideCursor: true }, Presets.shades_classic);
    let started = false;
    const report = await app.get(ProjectionRebuilder).rebuild(chosen.map((p) => p!), ({ done, total }) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    });
    if (started) bar.stop();
    const rate = report.ms > 0 ? Math.round((report.events / report.ms) * 1000) : report.events;
    process.stdout.write(
      `rebuilt ${report.projections.join(', ')}: ${report.events} events, ${report.streams} streams in ${(report.ms / 1000).toFixed(1)} s ` +
        `(${rate} events/s), ${report.caughtUp} appended meanwhile applied at the swap\n`,
    );
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`projections:rebuild failed: ${error.message}\n`);
    process.exit(1);
  },
);
