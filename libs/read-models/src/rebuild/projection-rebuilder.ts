import { randomUUID } from 'node:crypto';
import { EventStore, UpcasterRegistry } from '@zhuqi/event-store';
import { Pool, PoolClient } from 'pg';
import { applyToTable } from '../projections/projection-subscriber';
import { subscriberLockKey } from '@zhuqi/event-store';
import { EVENT_COLUMNS, EventRow, toRecorded } from '../projections/stream-events';
import { Row, StreamFolder, StreamProjection, upsertRows } from '../projections/stream-projection';

/** A point of the log in commit order: everything at or before it is committed and visible. */
export interface LogPoint {
  position: number;
  transactionId: string;
}

export interface RebuildProgress {
  /** Events folded so far, out of `total`. */
  done: number;
  total: number;
}

export interface RebuildReport {
  projections: string[];
  events: number;
  streams: number;
  /** Events applied inside the swap, between the snapshot and the live end of the log. */
  caughtUp: number;
  ms: number;
}

const FETCH = 5000;
const WRITE_ROWS = 1000;
const WRITERS = 3;

/**
 * Rebuilds projections from the event log while the product keeps serving: fold every stream of the
 * snapshot into fresh tables (reads stay on the live ones, no long transaction holds back the log),
 * then in one short transaction, under the projection's lock, apply what was appended since, swap the
 * tables and move the checkpoint. Readers never see an empty or half-built table.
 */
export class ProjectionRebuilder {
  constructor(
    private readonly pool: Pool,
    private readonly eventStore: EventStore,
    private readonly upcasters: UpcasterRegistry,
  ) {}

  async rebuild(projections: readonly StreamProjection[], onProgress: (p: RebuildProgress) => void = () => undefined): Promise<RebuildReport> {
    const started = Date.now();
    const guard = await this.pool.connect();
    try {
      for (const p of projections) {
        const { rows } = await guard.query(`SELECT pg_try_advisory_lock($1::bigint) AS ok`, [subscriberLockKey(`rebuild:${p.name}`)]);
        if (!rows[0].ok) throw new Error(`${p.name} is already being rebuilt by another process`);
      }
      const snapshot = await this.visibleEnd();
      const fresh = new Map(projections.map((p) => [p, `${p.table}__rebuild`]));
      const { events, streams } = await this.buildFresh(fresh, snapshot, onProgress);
      let caughtUp = 0;
      for (const p of projections) caughtUp += await this.swap(p, fresh.get(p)!, snapshot);
      return { projections: projections.map((p) => p.name), events, streams, caughtUp, ms: Date.now() - started };
    } finally {
      await guard.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
      guard.release();
    }
  }

  /**
   * The truth check: rebuilds each projection into a scratch table exactly up to its live checkpoint
   * (holding its lock, so no process moves it meanwhile) and counts the rows that differ either way.
   */
  async compareWithLive(projection: StreamProjection): Promise<{ rows: number; differences: number }> {
    const lock = await this.pool.connect();
    const scratch = `${projection.table}__verify_${randomUUID().slice(0, 8)}`;
    try {
      await lock.query(`SELECT pg_advisory_lock($1::bigint)`, [subscriberLockKey(projection.name)]);
      const { rows } = await lock.query<{ position: string; transaction_id: string }>(
        `SELECT position, transaction_id::text FROM subscription_checkpoints WHERE name = $1`,
        [projection.name],
      );
      const upTo = rows[0] && Number(rows[0].position) > 0 ? { position: Number(rows[0].position), transactionId: rows[0].transaction_id } : null;
      await this.buildFresh(new Map([[projection, scratch]]), upTo, () => undefined);
      const cols = projection.columns.join(', ');
      const diff = await lock.query<{ differences: string; rows: string }>(
        `SELECT (SELECT count(*) FROM ((SELECT ${cols} FROM ${projection.table} EXCEPT ALL SELECT ${cols} FROM ${scratch})
                 UNION ALL (SELECT ${cols} FROM ${scratch} EXCEPT ALL SELECT ${cols} FROM ${projection.table})) d) AS differences,
                (SELECT count(*) FROM ${scratch}) AS rows`,
      );
      return { rows: Number(diff.rows[0].rows), differences: Number(diff.rows[0].differences) };
    } finally {
      await lock.query(`DROP TABLE IF EXISTS ${scratch}`).catch(() => undefined);
      await lock.query(`SELECT pg_advisory_unlock($1::bigint)`, [subscriberLockKey(projection.name)]).catch(() => undefined);
      lock.release();
    }
  }

  /** The last event, in commit order, below every transaction still running; null for an empty log. */
  async visibleEnd(): Promise<LogPoint | null> {
    const { rows } = await this.pool.query<{ position: string; transaction_id: string }>(
      `SELECT global_position AS position, transaction_id::text FROM events
       WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    return rows[0] ? { position: Number(rows[0].position), transactionId: rows[0].transaction_id } : null;
  }

  /**
   * Creates each target table afresh and fills it from the streams' events up to `upTo`, folding each
   * stream once for all projections that share its folder; indexes are built after the load.
   */
  async buildFresh(
    targets: Map<StreamProjection, string>,
    upTo: LogPoint | null,
    onProgress: (p: RebuildProgress) => void,
  ): Promise<{ events: number; streams: number }> {
    for (const [p, table] of targets) {
      await this.pool.query(`DROP TABLE IF EXISTS ${table}`);
      await this.pool.query(p.createTable(table));
    }
    const byFolder = new Map<StreamFolder<unknown>, StreamProjection[]>();
    for (const p of targets.keys()) byFolder.set(p.folder, [...(byFolder.get(p.folder) ?? []), p]);
    let events = 0;
    let streams = 0;
    if (upTo) {
      const bound = `(e.transaction_id, e.global_position) <= ('${BigInt(upTo.transactionId)}'::xid8, ${Math.trunc(upTo.position)})`;
      const { rows } = await this.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM events e WHERE e.stream_type = ANY($1) AND ${bound}`,
        [[...byFolder.keys()].map((f) => f.streamType)],
      );
      const total = Number(rows[0].n);
      onProgress({ done: 0, total });
      for (const [folder, projections] of byFolder) {
        const counted = await this.foldAll(folder, projections, targets, bound, (n) => {
          events += n;
          onProgress({ done: events, total });
        });
        streams += counted;
      }
    }
    const indexer = await this.pool.connect();
    try {
      // More memory than the default 64 MB: the trigram index is built with fewer flushes of its pending entries.
      await indexer.query(`SET maintenance_work_mem = '256MB'`);
      for (const [p, table] of targets) {
        for (const index of p.createIndexes(table)) await indexer.query(index);
        await indexer.query(`ANALYZE ${table}`);
      }
      await indexer.query(`RESET maintenance_work_mem`);
    } finally {
      indexer.release();
    }
    return { events, streams };
  }

  /** One pass over a stream type in (stream, version) order through a read-only cursor. */
  private async foldAll(
    folder: StreamFolder<unknown>,
    projections: StreamProjection[],
    targets: Map<StreamProjection, string>,
    bound: string,
    progressed: (events: number) => void,
  ): Promise<number> {
    const reader = await this.pool.connect();
    const buffers = new Map<StreamProjection, Row[]>(projections.map((p) => [p, []]));
    // Up to WRITERS inserts in flight while the next rows are fetched and folded.
    const inFlight = new Set<Promise<unknown>>();
    const write = async (p: StreamProjection, rows: Row[]) => {
      while (inFlight.size >= WRITERS) await Promise.race(inFlight);
      const done: Promise<unknown> = upsertRows(this.pool, p, targets.get(p)!, rows, true).finally(() => inFlight.delete(done));
      inFlight.add(done);
    };
    let streams = 0;
    // A read-only transaction takes no transaction id: it holds back neither the log nor its followers.
    await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      await reader.query(
        `DECLARE rebuild_cursor NO SCROLL CURSOR FOR
         SELECT ${EVENT_COLUMNS} FROM events e
         WHERE e.stream_type = ${literal(folder.streamType)} AND ${bound}
         ORDER BY e.stream_id, e.version`,
      );
      let carry: ReturnType<typeof toRecorded>[] = [];
      const flush = async (force: boolean) => {
        for (const p of projections) {
          const rows = buffers.get(p)!;
          if (rows.length === 0 || (!force && rows.length < WRITE_ROWS)) continue;
          buffers.set(p, []);
          await write(p, rows);
        }
      };
      const emit = async (stream: ReturnType<typeof toRecorded>[]) => {
        const state = folder.fold(stream);
        streams += 1;
        if (state === undefined) return;
        for (const p of projections) buffers.get(p)!.push(p.toRow(state));
      };
      // The next batch is fetched (and parsed) while this one is folded.
      const fetchNext = () => {
        const fetched = reader.query<EventRow>(`FETCH ${FETCH} FROM rebuild_cursor`);
        fetched.catch(() => undefined); // a failure surfaces where it is awaited
        return fetched;
      };
      let next = fetchNext();
      for (;;) {
        const { rows } = await next;
        if (rows.length === 0) break;
        next = fetchNext();
        for (const row of rows) {
          const event = toRecorded(row, this.upcasters);
          if (carry.length > 0 && carry[0].streamId !== event.streamId) {
            await emit(carry);
            carry = [];
          }
          carry.push(event);
        }
        await flush(false);
        progressed(rows.length);
      }
      if (carry.length > 0) await emit(carry);
      await flush(true);
      await Promise.all(inFlight);
      await reader.query('COMMIT');
      return streams;
    } catch (error) {
      await reader.query('ROLLBACK').catch(() => undefined);
      await Promise.allSettled(inFlight);
      throw error;
    } finally {
      reader.release();
    }
  }

  /**
   * In one transaction, under the projection's lock (a running batch finishes first; runners skip
   * meanwhile): apply the events after the snapshot, replace the live table, move the checkpoint.
   */
  private async swap(projection: StreamProjection, fresh: string, snapshot: LogPoint | null): Promise<number> {
    const tx: PoolClient = await this.pool.connect();
    try {
      await tx.query('BEGIN');
      await tx.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [subscriberLockKey(projection.name)]);
      let after = snapshot?.position ?? 0;
      let applied = 0;
      for (;;) {
        const events = await this.eventStore.readAll(after, 1000);
        if (events.length === 0) break;
        await applyToTable(projection, fresh, events, tx, this.upcasters);
        applied += events.length;
        after = events[events.length - 1].globalPosition;
      }
      await tx.query(`DROP TABLE ${projection.table}`);
      await tx.query(`ALTER TABLE ${fresh} RENAME TO ${projection.table}`);
      const { rows } = await tx.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1`, [projection.table]);
      for (const { indexname } of rows) {
        if (indexname.startsWith(fresh)) await tx.query(`ALTER INDEX ${indexname} RENAME TO ${projection.table}${indexname.slice(fresh.length)}`);
      }
      await tx.query(
        `INSERT INTO subscription_checkpoints (name, position, transaction_id, updated_at)
         SELECT $1, $2::bigint, coalesce((SELECT transaction_id FROM events WHERE global_position = $2::bigint), '0'), now()
         ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, transaction_id = EXCLUDED.transaction_id, updated_at = now()`,
        [projection.name, after],
      );
      await tx.query('COMMIT');
      return applied;
    } catch (error) {
      await tx.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      tx.release();
    }
  }
}

function literal(text: string): string {
  if (!/^[a-z_-]+$/.test(text)) throw new Error(`unexpected stream type ${text}`);
  return `'${text}'`;
}
