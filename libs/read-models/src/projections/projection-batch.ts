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
  const types = new Set(relevantTo(projections, entries).map((p) => p.folder.streamType));
  const upTo = new Map<string, number>();
  for (const e of entries) if (types.has(e.streamType)) upTo.set(e.streamId, Math.max(upTo.get(e.streamId) ?? 0, e.version));
  if (upTo.size === 0) return;
  const t0 = performance.now();
  const { rows } = await db.query<EventRow>(
    `SELECT ${EVENT_COLUMNS}
     FROM unnest($1::text[], $2::int[]) AS s(stream_id, up_to)
     JOIN events e ON e.stream_id = s.stream_id AND e.version <= s.up_to
     ORDER BY e.stream_id, e.version`,
    [[...upTo.keys()], [...upTo.values()]],
  );
  if (timings) timings['read streams'] = (timings['read streams'] ?? 0) + performance.now() - t0;
  await applyStreams(db, projections, t, entries, rows, upcasters, timings);
}

/** The projections a batch changes: of a stream type it touches, and changed by an event type in it. */
function relevantTo(projections: readonly StreamProjection[], entries: readonly LogEntry[]): StreamProjection[] {
  return projections.filter((p) => entries.some((e) => e.streamType === p.folder.streamType && (!p.changedBy || p.changedBy.has(e.type))));
}

/**
 * The next batch of the log (as readLog) and, in the same statement, every event of the streams it touches
 * of `streamTypes` up to the batch's last version of each (what applyBatch reads in a second round trip).
 */
export async function readLogWithStreams(
  db: Db,
  after: LogPoint,
  upTo: LogPoint | null,
  limit: number,
  streamTypes: readonly string[],
): Promise<{ entries: LogEntry[]; rows: EventRow[] }> {
  const values: unknown[] = [after.transactionId, after.position, limit, streamTypes];
  const bound = upTo ? `AND (transaction_id, global_position) <= ($5::xid8, $6::bigint)` : '';
  if (upTo) values.push(upTo.transactionId, upTo.position);
  const { rows } = await db.query<EventRow & { in_log: boolean; transaction_id: string | null }>(
    `WITH log AS MATERIALIZED (
       SELECT transaction_id, global_position, stream_id, stream_type, version, type FROM events
       WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         AND (transaction_id, global_position) > ($1::xid8, $2::bigint) ${bound}
       ORDER BY events.transaction_id, events.global_position -- the columns: a bare name would sort by the ::text output
       LIMIT $3
     ), touched AS (
       SELECT stream_id, max(version) AS up_to FROM log WHERE stream_type = ANY($4::text[]) GROUP BY stream_id
     )
     SELECT true AS in_log, transaction_id::text, global_position, stream_id, stream_type, version, type,
            NULL::smallint AS schema_version, NULL::jsonb AS data, NULL::float8 AS occurred_ms
     FROM log
     UNION ALL
     SELECT false, NULL, ${EVENT_COLUMNS}
     FROM touched s JOIN events e ON e.stream_id = s.stream_id AND e.version <= s.up_to`,
    values,
  );
  const entries: LogEntry[] = [];
  const events: EventRow[] = [];
  for (const r of rows) {
    if (!r.in_log) {
      events.push(r);
      continue;
    }
    entries.push({
      transactionId: r.transaction_id!,
      position: Number(r.global_position),
      streamId: r.stream_id,
      streamType: r.stream_type,
      version: r.version,
      type: r.type,
    });
  }
  // A UNION ALL promises no order: the log in commit order, the events by stream and version.
  entries.sort(compareLogPoints);
  events.sort((a, b) => (a.stream_id < b.stream_id ? -1 : a.stream_id > b.stream_id ? 1 : a.version - b.version));
  return { entries, rows: events };
}

/**
 * Applies a batch whose streams' events (`rows`, ordered by stream and version, at least those of the
 * streams the relevant projections fold) were read already.
 */
/**
 * Adds the time since the previous call (or since it was made) to `timings[step]`; without a step it only
 * restarts the clock (after work timed elsewhere). Nothing is recorded without timings.
 */
export function stepTimer(timings?: BatchTimings): (step?: string) => void {
  let mark = performance.now();
  return (step) => {
    if (!timings) return;
    const now = performance.now();
    if (step) timings[step] = (timings[step] ?? 0) + now - mark;
    mark = now;
  };
}

export async function applyStreams(
  db: Db,
  projections: readonly StreamProjection[],
  t: TableNames,
  entries: readonly LogEntry[],
  rows: readonly EventRow[],
  upcasters: UpcasterRegistry,
  timings?: BatchTimings,
): Promise<void> {
  const took = stepTimer(timings);
  const relevant = relevantTo(projections, entries);
  if (relevant.length === 0) return;
  const types = new Set(relevant.map((p) => p.folder.streamType));
  const happened = new Map<string, Set<string>>();
  for (const e of entries) {
    if (!types.has(e.streamType)) continue;
    const seen = happened.get(e.streamId);
    if (seen) seen.add(e.type);
    else happened.set(e.streamId, new Set([e.type]));
  }
  const streams = groupByStream(rows.filter((row) => types.has(row.stream_type)).map((row) => toRecorded(row, upcasters)));
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
