import { RecordedEvent } from '@zhuqi/event-store';
import { PoolClient } from 'pg';
import { copyRows } from './copy-rows';

/** A row of a read-model table, by column name (values as PostgreSQL takes them from JSON). */
export type Row = Record<string, unknown>;

/** Something that runs SQL: a pooled client inside a transaction, or the pool itself. */
export type Db = Pick<PoolClient, 'query'>;

/**
 * Maps a projection's live table name to the one written now: itself when following the log, a fresh
 * `<table>__rebuild` while rebuilding, a scratch table in the truth check.
 */
export type TableNames = (live: string) => string;
export const LIVE_TABLES: TableNames = (live) => live;

/**
 * Folds one stream's events (all of them, oldest first) into a state; shared by the projections of a
 * stream type that read the same state, so that each stream is folded once for all of them (live and in
 * a rebuild). Events come without metadata (see EVENT_COLUMNS).
 */
export interface StreamFolder<State> {
  readonly streamType: string;
  fold(events: readonly RecordedEvent[]): State | undefined;
}

/** One stream a batch touched, folded up to the batch's last version of it (`undefined`: nothing to show). */
export interface FoldedStream<State> {
  streamId: string;
  state: State | undefined;
}

/** A table a projection owns, and which of its rows the truth check compares (all by default). */
export interface ProjectionTable {
  name: string;
  columns: readonly string[];
  /** SQL condition on the rows that count (e.g. a rollup's non-zero counts); default all rows. */
  compared?: string;
}

/**
 * A read model whose rows depend on one stream each (a case's list row, its detail, its facts; a visit).
 * Live, each stream a batch touches is refolded up to the batch's last version of it and its rows replaced
 * (`apply`); a rebuild folds every stream once into fresh tables (`load`, then `finishLoad`, then the
 * indexes) and swaps them in. The truth check compares a rebuilt copy with the live tables row for row.
 */
export interface StreamProjection<State = unknown> {
  /** Checkpoint name; without its `read-models.` prefix, the CLI name (`npm run projections:rebuild -- case-list`). */
  readonly name: string;
  readonly folder: StreamFolder<State>;
  /**
   * The event types that can change its rows, when only a few can (the search text is set at intake):
   * live, a stream is applied only when one of these happened to it in the batch. Default: any.
   */
  readonly changedBy?: ReadonlySet<string>;
  /** The tables it owns (the first is its main table); a rebuild creates all afresh and swaps them together. */
  readonly tables: readonly ProjectionTable[];
  /** `CREATE TABLE`s (the migration with the live names, a rebuild with fresh ones). */
  createTables(t: TableNames): string[];
  /** Secondary indexes, named after their table so that a fresh table's do not collide. */
  createIndexes(t: TableNames): string[];
  /** Live: replaces what these streams showed by their refolded states (in the batch's transaction). */
  apply(db: Db, t: TableNames, streams: readonly FoldedStream<State>[]): Promise<void>;
  /** Rebuild: adds the states of streams seen for the first time to fresh tables (no conflicts possible). */
  load(db: PoolClient, t: TableNames, states: readonly State[]): Promise<void>;
  /** Rebuild: after every stream was loaded, before the indexes (e.g. a rollup computed from the rows). */
  finishLoad?(db: PoolClient, t: TableNames): Promise<void>;
}

/**
 * The common case: one row per stream in one table with the stream's id as primary key (the first
 * column). Live it upserts (and leaves a row untouched when nothing in it changed, so an unchanged row
 * costs no new row version and no index entries); a rebuild loads with COPY.
 */
export abstract class RowPerStreamProjection<State> implements StreamProjection<State> {
  abstract readonly name: string;
  abstract readonly table: string;
  abstract readonly folder: StreamFolder<State>;
  /** Column names; the first is the primary key. */
  abstract readonly columns: readonly string[];
  /** `CREATE TABLE` for `table` (the live name in the migration, a fresh one in a rebuild). */
  abstract createTable(table: string): string;
  /** Secondary indexes, named after their table (`t(this.table)`). */
  abstract createIndexes(t: TableNames): string[];
  abstract toRow(state: State): Row;

  get tables(): ProjectionTable[] {
    return [{ name: this.table, columns: this.columns }];
  }

  createTables(t: TableNames): string[] {
    return [this.createTable(t(this.table))];
  }

  async apply(db: Db, t: TableNames, streams: readonly FoldedStream<State>[]): Promise<void> {
    const rows = streams.flatMap((s) => (s.state === undefined ? [] : [this.toRow(s.state)]));
    await upsertRows(db, t(this.table), this.columns, rows);
  }

  async load(db: PoolClient, t: TableNames, states: readonly State[]): Promise<void> {
    await copyRows(db, t(this.table), this.columns, states.map((s) => this.toRow(s)));
  }
}

/**
 * Writes `rows` into `table` in one statement: insert, or replace by primary key (the first column) when
 * a column differs. JSON in, so any number of rows is one parameter.
 */
export async function upsertRows(db: Db, table: string, columns: readonly string[], rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const [key, ...rest] = columns;
  const list = columns.join(', ');
  // The comparison is an OR of the columns' comparisons, left to right: a row's version (changed by every
  // event) first spares comparing the rest, e.g. a case's whole detail view as jsonb (read back from TOAST).
  const compared = [...rest.filter((c) => c === 'version'), ...rest.filter((c) => c !== 'version')];
  await db.query(
    `INSERT INTO ${table} AS t (${list})
     SELECT ${list} FROM json_populate_recordset(NULL::${table}, $1::json)
     ON CONFLICT (${key}) DO UPDATE SET ${rest.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
     WHERE (${compared.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${compared.map((c) => `EXCLUDED.${c}`).join(', ')})`,
    [JSON.stringify(rows)],
  );
}
