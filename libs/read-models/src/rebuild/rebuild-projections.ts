import { Presets, SingleBar } from 'cli-progress';
import { ProjectionsRunner } from '../projections/projections-runner';
import { ProjectionRebuilder, RebuildReport } from './projection-rebuilder';

/** The CLI's work: resolve the names (none = all), rebuild with a progress bar on `out`, report one line. */
export async function rebuildProjections(
  runner: ProjectionsRunner,
  rebuilder: ProjectionRebuilder,
  names: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
): Promise<RebuildReport> {
  const chosen = names.length === 0 ? [...runner.projections] : names.map((name) => runner.projection(name));
  const unknown = names.filter((_, i) => !chosen[i]);
  if (unknown.length > 0) {
    throw new Error(`unknown projection ${unknown.join(', ')}; known: ${runner.projections.map((p) => p.name.replace('read-models.', '')).join(', ')}`);
  }
  const bar = new SingleBar(
    { format: '重建 {bar} {percentage}% | {value}/{total} events | {eta_formatted} left', hideCursor: true, stream: out, noTTYOutput: true, notTTYSchedule: 5000 },
    Presets.shades_classic,
  );
  let started = false;
  const report = await rebuilder.rebuild(
    chosen.map((p) => p!),
    ({ done, total }) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
  );
  if (started) bar.stop();
  const rate = report.ms > 0 ? Math.round((report.events / report.ms) * 1000) : report.events;
  out.write(
    `rebuilt ${report.projections.join(', ')}: ${report.events} events, ${report.streams} streams in ${(report.ms / 1000).toFixed(1)} s ` +
      `(${rate} events/s), ${report.caughtUp} appended meanwhile applied at the swap\n`,
  );
  return report;
}
