import { CASE_STREAM_TYPE } from '@zhuqi/cases';
import { RecordedEvent } from '@zhuqi/event-store';
import { PoolClient } from 'pg';
import { copyRows } from '../projections/copy-rows';
import { READ_MODELS } from '../projections/read-model-names';
import { Db, FoldedStream, ProjectionTable, StreamFolder, StreamProjection, TableNames } from '../projections/stream-projection';
import { CaseFact, caseFacts } from './case-facts';

export const CASE_FACTS_PROJECTION = READ_MODELS.caseFacts;
export const CASE_FACTS_TABLE = 'read_case_facts';
/** Daily counts per kind for the whole zone and per category, department, grid and channel (Shanghai days). */
export const CASE_STATS_DAILY_TABLE = 'read_case_stats_daily';

const FACT_COLUMNS = ['case_id', 'seq', 'kind', 'occurred_at', 'ok', 'case_no', 'category_code', 'department_code', 'grid_code', 'channel'] as const;

/** The (dimension, key) pairs each fact is counted under in the daily rollup. */
const DIMENSIONS = `(VALUES ('total', ''), ('category', coalesce(f.category_code, '')), ('department', coalesce(f.department_code, '')),
  ('grid', f.grid_code), ('channel', f.channel)) AS dim(dim, key)`;

/** Adds (sign 1) or removes (sign -1) the facts in `f` to/from the daily rollup. */
const rollup = (daily: string, sign: 1 | -1) => `
  INSERT INTO ${daily} (dim, day, key, kind, n, n_ok)
  SELECT dim.dim, (f.occurred_at AT TIME ZONE 'Asia/Shanghai')::date, dim.key, f.kind, ${sign} * count(*), ${sign} * count(*) FILTER (WHERE f.ok)
  FROM f CROSS JOIN LATERAL ${DIMENSIONS}
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (dim, day, key, kind) DO UPDATE SET n = ${daily}.n + EXCLUDED.n, n_ok = ${daily}.n_ok + EXCLUDED.n_ok`;

/** A case stream folded into its facts (统计口径, case-facts.ts). */
export class CaseFactsFolder implements StreamFolder<CaseFact[]> {
  readonly streamType = CASE_STREAM_TYPE;

  fold(events: readonly RecordedEvent[]): CaseFact[] {
    return caseFacts(events);
  }
}

const factRow = (f: CaseFact) => ({
  case_id: f.caseId, seq: f.seq, kind: f.kind, occurred_at: f.occurredAt.toISOString(), ok: f.ok, case_no: f.caseNo,
  category_code: f.categoryCode, department_code: f.departmentCode, grid_code: f.gridCode, channel: f.channel,
});

/**
 * The statistics' facts (`read_case_facts`) and their daily rollup (`read_case_stats_daily`): every case a
 * batch touches is refolded into its facts, which replace its old ones; the old leave the rollup as they
 * are deleted and the new enter it as they are inserted, in the batch transaction that also moves the
 * checkpoint — a repeated batch writes the same rows, so nothing is lost or counted twice. A rebuild loads
 * the facts and computes the rollup from them in one statement.
 */
export class CaseFactsProjection implements StreamProjection<CaseFact[]> {
  readonly name = CASE_FACTS_PROJECTION;
  readonly folder = new CaseFactsFolder();
  readonly tables: ProjectionTable[] = [
    { name: CASE_FACTS_TABLE, columns: FACT_COLUMNS },
    // A day's count that went back to 0 keeps its row live; a rebuild has none: only non-zero counts compare.
    { name: CASE_STATS_DAILY_TABLE, columns: ['dim', 'day', 'key', 'kind', 'n', 'n_ok'], compared: 'n <> 0 OR n_ok <> 0' },
  ];

  createTables(t: TableNames): string[] {
    return [
      // A year of summary reads a few thousand rollup rows instead of every fact (p99 < 50 ms at 1M cases).
      `CREATE TABLE ${t(CASE_STATS_DAILY_TABLE)} (
         dim text NOT NULL,
         day date NOT NULL,
         key text NOT NULL,
         kind text NOT NULL,
         n int NOT NULL,
         n_ok int NOT NULL,
         PRIMARY KEY (dim, day, key, kind)
       )`,
      `CREATE TABLE ${t(CASE_FACTS_TABLE)} (
         case_id uuid NOT NULL,
         seq int NOT NULL,
         kind text NOT NULL,
         occurred_at timestamptz NOT NULL,
         ok boolean,
         case_no text NOT NULL,
         category_code text,
         department_code text,
         grid_code text NOT NULL,
         channel text NOT NULL,
         PRIMARY KEY (case_id, seq, kind)
       )`,
    ];
  }

  createIndexes(t: TableNames): string[] {
    const table = t(CASE_FACTS_TABLE);
    // Drill-downs are "this kind in this period": an index-only range scan per kind.
    return [`CREATE INDEX ${table}_kind_time ON ${table} (kind, occurred_at) INCLUDE (ok, category_code, department_code, grid_code, channel)`];
  }

  async apply(db: Db, t: TableNames, streams: readonly FoldedStream<CaseFact[]>[]): Promise<void> {
    if (streams.length === 0) return;
    const facts = t(CASE_FACTS_TABLE);
    const daily = t(CASE_STATS_DAILY_TABLE);
    await db.query(`WITH f AS (DELETE FROM ${facts} WHERE case_id = ANY($1::uuid[]) RETURNING *) ${rollup(daily, -1)}`, [streams.map((s) => s.streamId)]);
    const rows = streams.flatMap((s) => (s.state ?? []).map(factRow));
    if (rows.length === 0) return;
    await db.query(
      `WITH f AS (
         INSERT INTO ${facts} (${FACT_COLUMNS.join(', ')})
         SELECT ${FACT_COLUMNS.join(', ')} FROM json_populate_recordset(NULL::${facts}, $1::json)
         RETURNING *
       ) ${rollup(daily, 1)}`,
      [JSON.stringify(rows)],
    );
  }

  async load(db: PoolClient, t: TableNames, states: readonly CaseFact[][]): Promise<void> {
    await copyRows(db, t(CASE_FACTS_TABLE), FACT_COLUMNS, states.flatMap((facts) => facts.map(factRow)));
  }

  async finishLoad(db: Db, t: TableNames): Promise<void> {
    await db.query(
      `WITH f AS (SELECT * FROM ${t(CASE_FACTS_TABLE)}) ${rollup(t(CASE_STATS_DAILY_TABLE), 1)}`,
    );
  }
}
