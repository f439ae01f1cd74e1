import { RecordedEvent } from '@zhuqi/event-store';

/** A row of a read-model table, by column name (values as PostgreSQL takes them from JSON). */
export type Row = Record<string, unknown>;

/**
 * Folds one stream's events (all of them, oldest first) into a state; shared by the projections of a
 * stream type, so that a rebuild folds each stream once for all of them. Events come without metadata
 * (see EVENT_COLUMNS).
 */
export interface StreamFolder<State> {
  readonly streamType: string;
  fold(events: readonly RecordedEvent[]): State | undefined;
}

/**
 * A read model whose rows each depend on one stream only (a case, a visit). Live, it refolds each stream
 * a batch touches up to the batch's last version of it; a rebuild folds every stream once. Both paths
 * write through `upsert`, so a rebuilt table can be compared with the live one row for row.
 */
export interface StreamProjection<State = unknown> {
  /** Checkpoint name and CLI name (`npm run projections:rebuild -- case-list`). */
  readonly name: string;
  readonly table: string;
  readonly folder: StreamFolder<State>;
  /** Column names; the first is the primary key. */
  readonly columns: readonly string[];
  /** `CREATE TABLE` for `table` (the live name in the migration, a fresh one in a rebuild). */
  createTable(table: string): string;
  /** Secondary indexes for `table`; named after it, so a fresh table's indexes do not collide. */
  createIndexes(table: string): string[];
  toRow(state: State): Row;
}

/**
 * Writes `rows` into `table` in one statement: insert or replace by primary key, or plain inserts
 * (`fresh`: a table being rebuilt, where each key comes once).
 */
export async function upsertRows(
  db: { query(text: string, values?: unknown[]): Promise<unknown> },
  projection: StreamProjection,
  table: string,
  rows: Row[],
  fresh = false,
): Promise<void> {
  if (rows.length === 0) return;
  const [key, ...rest] = projection.columns;
  const columns = projection.columns.join(', ');
  const update = rest.map((c) => `${c} = EXCLUDED.${c}`).join(', ');
  await db.query(
    `INSERT INTO ${table} (${columns})
     SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $1::json)
     ${fresh ? '' : `ON CONFLICT (${key}) DO UPDATE SET ${update}`}`,
    [JSON.stringify(rows)],
  );
}
