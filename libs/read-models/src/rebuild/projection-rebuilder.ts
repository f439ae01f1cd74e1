import { randomUUID } from 'node:crypto';
import { RecordedEvent, subscriberLockKey, UpcasterRegistry } from '@zhuqi/event-store';
import { Pool, PoolClient } from 'pg';
import { applyBatch, LogPoint, readLog, visibleEnd } from '../projections/projection-batch';
import { StreamFolder, StreamProjection, TableNames } from '../projections/stream-projection';
import { copyOutEvents } from './copy-out-events';

export { LogPoint } from '../projections/projection-batch';

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
  /** Where the time went: reading and folding the log (COPYs overlap it), the rollups, the indexes, the swaps. */
  phases: { foldMs: number; finishMs: number; indexMs: number; swapMs: number };
}

/** Streams per COPY into a fresh table. */
const LOAD_STREAMS = 2000;
/** COPYs in flight while the next streams are read and folded. */
const WRITERS = 3;
/** Index builds in parallel after the load. */
const INDEXERS = 2;

/**
 * Rebuilds projections from the event log while the product keeps serving: fold every stream of the
 * snapshot into fresh tables (reads stay on the live ones, no long transaction holds back the log),
 * then in one short transaction, under the projection's lock, apply what was appended since, swap the
 * tables and move the checkpoint. Readers never see an empty or half-built table.
 */
export class ProjectionRebuilder {
  constructor(
    private readonly pool: Pool,
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
      const snapshot = await visibleEnd(this.pool);
      const fresh: TableNames = (live) => `${live}__rebuild`;
      const { events, streams, phases } = await this.buildFresh(projections, fresh, snapshot, onProgress);
      let caughtUp = 0;
      const swapStarted = Date.now();
      for (const p of projections) caughtUp += await this.swap(p, fresh, snapshot);
      const ms = Date.now() - started;
      return { projections: projections.map((p) => p.name), events, streams, caughtUp, ms, phases: { ...phases, swapMs: Date.now() - swapStarted } };
    } finally {
      await guard.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
      guard.release();
    }
  }

  /**
   * The truth check: rebuilds a projection into scratch tables exactly up to its live checkpoint (holding
   * its lock, so no process moves it meanwhile) and counts the rows that differ either way, per table.
   */
  async compareWithLive(projection: StreamProjection): Promise<{ rows: number; differences: number; tables: Record<string, number> }> {
    const lock = await this.pool.connect();
    const suffix = `__verify_${randomUUID().slice(0, 8)}`;
    const scratch: TableNames = (live) => `${live}${suffix}`;
    try {
      await lock.query(`SELECT pg_advisory_lock($1::bigint)`, [subscriberLockKey(projection.name)]);
      const { rows } = await lock.query<{ position: string; transaction_id: string }>(
        `SELECT position, transaction_id::text FROM subscription_checkpoints WHERE name = $1`,
        [projection.name],
      );
      const upTo = rows[0] && Number(rows[0].position) > 0 ? { position: Number(rows[0].position), transactionId: rows[0].transaction_id } : null;
      await this.buildFresh([projection], scratch, upTo, () => undefined);
      const tables: Record<string, number> = {};
      let differences = 0;
      for (const table of projection.tables) {
        const cols = table.columns.join(', ');
        const where = table.compared ? `WHERE ${table.compared}` : '';
        const live = `SELECT ${cols} FROM ${table.name} ${where}`;
        const rebuilt = `SELECT ${cols} FROM ${scratch(table.name)} ${where}`;
        const diff = await lock.query<{ n: string }>(`SELECT count(*) AS n FROM ((${live} EXCEPT ALL ${rebuilt}) UNION ALL (${rebuilt} EXCEPT ALL ${live})) d`);
        tables[table.name] = Number(diff.rows[0].n);
        differences += tables[table.name];
      }
      const count = await lock.query<{ n: string }>(`SELECT count(*) AS n FROM ${scratch(projection.tables[0].name)}`);
      return { rows: Number(count.rows[0].n), differences, tables };
    } finally {
      for (const table of projection.tables) await lock.query(`DROP TABLE IF EXISTS ${scratch(table.name)}`).catch(() => undefined);
      await lock.query(`SELECT pg_advisory_unlock($1::bigint)`, [subscriberLockKey(projection.name)]).catch(() => undefined);
      lock.release();
    }
  }

  /** The last event, in commit order, below every transaction still running; null for an empty log. */
  visibleEnd(): Promise<LogPoint | null> {
    return visibleEnd(this.pool);
  }

  /**
   * Creates the projections' tables afresh under the names `t` gives and fills them from the log up to
   * `upTo`: one pass per stream type, each stream folded once per folder for all projections sharing it,
   * loaded with COPY; indexes are built after the load.
   */
  async buildFresh(
    projections: readonly StreamProjection[],
    t: TableNames,
    upTo: LogPoint | null,
    onProgress: (p: RebuildProgress) => void,
  ): Promise<{ events: number; streams: number; phases: { foldMs: number; finishMs: number; indexMs: number } }> {
    const started = Date.now();
    for (const p of projections) {
      for (const table of p.tables) await this.pool.query(`DROP TABLE IF EXISTS ${t(table.name)}`);
      for (const ddl of p.createTables(t)) await this.pool.query(ddl);
    }
    // Primary keys are built after the load like the other indexes (one sort instead of a b-tree insert per
    // row): dropped from the fresh tables now, added back under the same names before the swap.
    const keys: string[] = [];
    for (const p of projections) {
      for (const table of p.tables) {
        const { rows } = await this.pool.query<{ conname: string; def: string }>(
          `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'p'`,
          [t(table.name)],
        );
        for (const { conname, def } of rows) {
          await this.pool.query(`ALTER TABLE ${t(table.name)} DROP CONSTRAINT ${conname}`);
          keys.push(`ALTER TABLE ${t(table.name)} ADD CONSTRAINT ${conname} ${def}`);
        }
      }
    }
    const byType = new Map<string, StreamProjection[]>();
    for (const p of projections) byType.set(p.folder.streamType, [...(byType.get(p.folder.streamType) ?? []), p]);
    let events = 0;
    let streams = 0;
    if (upTo) {
      const bound = `(e.transaction_id, e.global_position) <= ('${BigInt(upTo.transactionId)}'::xid8, ${Math.trunc(upTo.position)})`;
      const { rows } = await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM events e WHERE e.stream_type = ANY($1) AND ${bound}`, [[...byType.keys()]]);
      const total = Number(rows[0].n);
      onProgress({ done: 0, total });
      for (const [streamType, ofType] of byType) {
        streams += await this.foldAll(streamType, ofType, t, bound, (n) => {
          events += n;
          onProgress({ done: events, total });
        });
      }
    }
    const folded = Date.now();
    let finished = folded;
    const finisher = await this.pool.connect();
    try {
      for (const p of projections) await p.finishLoad?.(finisher, t);
      finished = Date.now();
    } finally {
      finisher.release();
    }
    // Index builds on two connections at once (a GIN build is single-threaded), slowest first (GIN, then the
    // primary keys: the swap's catch-up upserts need them); then statistics.
    const indexes = projections.flatMap((p) => p.createIndexes(t));
    const gin = indexes.filter((ddl) => /USING gin/i.test(ddl));
    const statements = [...gin, ...keys, ...indexes.filter((ddl) => !gin.includes(ddl))];
    // VACUUM too, not only ANALYZE: it marks the freshly loaded pages all-visible, without which the
    // statistics' counts over partial indexes are not index-only (until autovacuum passes).
    statements.push(...projections.flatMap((p) => p.tables.map((table) => `VACUUM ANALYZE ${t(table.name)}`)));
    await Promise.all(
      Array.from({ length: INDEXERS }, async () => {
        const indexer = await this.pool.connect();
        try {
          // More memory than the default 64 MB: GIN and btree builds sort in memory instead of spilling.
          await indexer.query(`SET maintenance_work_mem = '256MB'`);
          for (let statement = statements.shift(); statement; statement = statements.shift()) await indexer.query(statement);
          await indexer.query(`RESET maintenance_work_mem`);
        } finally {
          indexer.release();
        }
      }),
    );
    return { events, streams, phases: { foldMs: folded - started, finishMs: finished - folded, indexMs: Date.now() - finished } };
  }

  /** One pass over a stream type in (stream, version) order, read with COPY in a read-only transaction. */
  private async foldAll(
    streamType: string,
    projections: StreamProjection[],
    t: TableNames,
    bound: string,
    progressed: (events: number) => void,
  ): Promise<number> {
    const folders = [...new Set(projections.map((p) => p.folder))];
    const states = new Map<StreamFolder<unknown>, unknown[]>(folders.map((f) => [f, []]));
    // Up to WRITERS COPYs in flight (each on its own connection) while the next rows are fetched and folded.
    const inFlight = new Set<Promise<unknown>>();
    const load = async (p: StreamProjection, batch: unknown[]) => {
      while (inFlight.size >= WRITERS) await Promise.race(inFlight);
      const done: Promise<unknown> = (async () => {
        const client = await this.pool.connect();
        try {
          await p.load(client, t, batch);
        } finally {
          client.release();
        }
      })().finally(() => inFlight.delete(done));
      done.catch(() => undefined); // surfaces where awaited
      inFlight.add(done);
    };
    const flush = async (force: boolean) => {
      for (const folder of folders) {
        const batch = states.get(folder)!;
        if (batch.length === 0 || (!force && batch.length < LOAD_STREAMS)) continue;
        states.set(folder, []);
        for (const p of projections) if (p.folder === folder) await load(p, batch);
      }
    };
    const reader: PoolClient = await this.pool.connect();
    let streams = 0;
    // A read-only transaction takes no transaction id: it holds back neither the log nor its followers.
    await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      let carry: RecordedEvent[] = [];
      const emit = (stream: RecordedEvent[]) => {
        streams += 1;
        for (const folder of folders) {
          const state = folder.fold(stream);
          if (state !== undefined) states.get(folder)!.push(state);
        }
      };
      // PostgreSQL keeps sending (into the socket's buffers) while a chunk is folded.
      await copyOutEvents(reader, `e.stream_type = ${literal(streamType)} AND ${bound}`, this.upcasters, async (events) => {
        for (const event of events) {
          if (carry.length > 0 && carry[0].streamId !== event.streamId) {
            emit(carry);
            carry = [];
          }
          carry.push(event);
        }
        await flush(false);
        progressed(events.length);
      });
      if (carry.length > 0) emit(carry);
      await flush(true);
      await Promise.all(inFlight);
      await reader.query('COMMIT');
    } catch (error) {
      await Promise.allSettled(inFlight);
      // A COPY cut short leaves the connection mid-protocol: closed, not returned to the pool.
      reader.release(error as Error);
      throw error;
    }
    reader.release();
    return streams;
  }

  /**
   * In one transaction, under the projection's lock (a running batch finishes first; runners skip it
   * meanwhile): apply the events after the snapshot, replace the live tables, move the checkpoint.
   */
  private async swap(projection: StreamProjection, fresh: TableNames, snapshot: LogPoint | null): Promise<number> {
    const tx: PoolClient = await this.pool.connect();
    try {
      await tx.query('BEGIN');
      await tx.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [subscriberLockKey(projection.name)]);
      let after: LogPoint = snapshot ?? { position: 0, transactionId: '0' };
      let applied = 0;
      for (;;) {
        const entries = await readLog(tx, after, null, 1000);
        if (entries.length === 0) break;
        await applyBatch(tx, [projection], fresh, entries, this.upcasters);
        applied += entries.length;
        after = entries[entries.length - 1];
      }
      for (const { name } of projection.tables) {
        await tx.query(`DROP TABLE ${name}`);
        await tx.query(`ALTER TABLE ${fresh(name)} RENAME TO ${name}`);
        const { rows } = await tx.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1`, [name]);
        for (const { indexname } of rows) {
          if (indexname.startsWith(fresh(name))) await tx.query(`ALTER INDEX ${indexname} RENAME TO ${name}${indexname.slice(fresh(name).length)}`);
        }
      }
      await tx.query(
        `INSERT INTO subscription_checkpoints (name, position, transaction_id, updated_at) VALUES ($1, $2, $3::xid8, now())
         ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, transaction_id = EXCLUDED.transaction_id, updated_at = now()`,
        [projection.name, after.position, after.transactionId],
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
