import { performance } from 'node:perf_hooks';
import { RecordedEvent, UpcasterRegistry } from '@zhuqi/event-store';
import { EVENT_COLUMNS, EventRow, groupByStream, toRecorded } from './stream-events';
import { Db, FoldedStream, StreamFolder, StreamProjection, TableNames } from './stream-projection';

/** A point of the log in commit order: (the writer's transaction id, global position). */
export interface LogPoint {
  position: number;
  transactionId: string;
}

/** Before the first event (a checkpoint row's defaults). */
export const LOG_START: LogPoint = { position: 0, transactionId: '0' };

/** Orders two log points in commit order. */
export function compareLogPoints(a: LogPoint, b: LogPoint): number {
  const ta = BigInt(a.transactionId);
  const tb = BigInt(b.transactionId);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.position - b.position;
}

/** What a batch needs of each event in the log: where it is, and which stream (and version) it touches. */
export interface LogEntry extends LogPoint {
  streamId: string;
  streamType: string;
  version: number;
  type: string;
}

/**
 * Committed events after `after` (and at most up to `upTo`) in commit order, below every transaction still
 * running (so one that commits late is never skipped), without their data: a batch refolds the streams.
 */
export async function readLog(db: Db, after: LogPoint, upTo: LogPoint | null, limit: number): Promise<LogEntry[]> {
  const values: unknown[] = [after.transactionId, after.position, limit];
  const bound = upTo ? `AND (transaction_id, global_position) <= ($4::xid8, $5::bigint)` : '';
  if (upTo) values.push(upTo.transactionId, upTo.position);
  const { rows } = await db.query<{ transaction_id: string; global_position: string; stream_id: string; stream_type: string; version: number; type: string }>(
    `SELECT transaction_id::text, global_position, stream_id, stream_type, version, type FROM events
     WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       AND (transaction_id, global_position) > ($1::xid8, $2::bigint) ${bound}
     ORDER BY events.transaction_id, events.global_position -- the columns: a bare name would sort by the ::text output
     LIMIT $3`,
    values,
  );
  return rows.map((r) => ({
    transactionId: r.transaction_id,
    position: Number(r.global_position),
    streamId: r.stream_id,
    streamType: r.stream_type,
    version: r.version,
    type: r.type,
  }));
}

/** The last committed event below every running transaction (commit order); null for an empty log. */
export async function visibleEnd(db: Db): Promise<LogPoint | null> {
  const { rows } = await db.query<{ position: string; transaction_id: string }>(
    `SELECT global_position AS position, transaction_id::text FROM events
     WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY events.transaction_id DESC, events.global_position DESC LIMIT 1`,
  );
  return rows[0] ? { position: Number(rows[0].position), transactionId: rows[0].transaction_id } : null;
}

/**
 * Applies a batch of the log to `projections` (writing the tables `t` names): each stream the batch
 * touches is read once up to the batch's last version of it (a stream's versions commit in order, so
 * that is exactly what the batch covers), folded once per folder, and handed to every projection of that
 * folder (a projection that names the event types that change it gets only the streams where one of
 * those happened). Streams of types no projection folds are not read.
 */
export async function applyBatch(
  db: Db,
  projections: readonly StreamProjection[],
  t: TableNames,
  entries: readonly LogEntry[],
  upcasters: UpcasterRegistry,
  timings?: BatchTimings,
): Promise<void> {
  let mark = performance.now();
  const took = (step: string) => {
    if (!timings) return;
    const now = performance.now();
    timings[step] = (timings[step] ?? 0) + now - mark;
    mark = now;
  };
  const relevant = projections.filter((p) => entries.some((e) => e.streamType === p.folder.streamType && (!p.changedBy || p.changedBy.has(e.type))));
  const types = new Set(relevant.map((p) => p.folder.streamType));
  const upTo = new Map<string, number>();
  const happened = new Map<string, Set<string>>();
  for (const e of entries) {
    if (!types.has(e.streamType)) continue;
    upTo.set(e.streamId, Math.max(upTo.get(e.streamId) ?? 0, e.version));
    const seen = happened.get(e.streamId);
    if (seen) seen.add(e.type);
    else happened.set(e.streamId, new Set([e.type]));
  }
  if (upTo.size === 0) return;
  const { rows } = await db.query<EventRow>(
    `SELECT ${EVENT_COLUMNS}
     FROM unnest($1::text[], $2::int[]) AS s(stream_id, up_to)
     JOIN events e ON e.stream_id = s.stream_id AND e.version <= s.up_to
     ORDER BY e.stream_id, e.version`,
    [[...upTo.keys()], [...upTo.values()]],
  );
  took('read streams');
  const streams = groupByStream(rows.map((row) => toRecorded(row, upcasters)));
  const folded = new Map<StreamFolder<unknown>, FoldedStream<unknown>[]>();
  for (const p of relevant) {
    if (folded.has(p.folder)) continue;
    folded.set(p.folder, foldStreams(p.folder, streams));
  }
  took('fold');
  for (const p of relevant) {
    const changedBy = p.changedBy;
    const mine = folded.get(p.folder)!;
    await p.apply(db, t, changedBy ? mine.filter((s) => [...happened.get(s.streamId)!].some((type) => changedBy.has(type))) : mine);
    took(p.name.replace('read-models.', ''));
  }
}

/** Milliseconds per step of the batches applied (summed; bench:reads' BENCH_TRACE prints them). */
export type BatchTimings = Record<string, number>;

function foldStreams(folder: StreamFolder<unknown>, streams: RecordedEvent[][]): FoldedStream<unknown>[] {
  return streams.filter((s) => s[0].streamType === folder.streamType).map((s) => ({ streamId: s[0].streamId, state: folder.fold(s) }));
}
