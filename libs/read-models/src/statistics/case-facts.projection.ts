import { CASE_STREAM_TYPE } from '@zhuqi/cases';
import { RecordedEvent } from '@zhuqi/event-store';
import { PoolClient } from 'pg';
import { copyLines, copyRows, copyText } from '../projections/copy-rows';
import { READ_MODELS } from '../projections/read-model-names';
import { Db, FoldedStream, ProjectionTable, Row, StreamFolder, StreamProjection, TableNames } from '../projections/stream-projection';
import { CaseFact, caseFacts, FACT_KINDS, FactKind } from './case-facts';

export const CASE_FACTS_PROJECTION = READ_MODELS.caseFacts;
export const CASE_FACTS_TABLE = 'read_case_facts';
/** Daily counts per kind for the whole zone and per category, department, grid and channel (Shanghai days). */
export const CASE_STATS_DAILY_TABLE = 'read_case_stats_daily';
/** The same per month (`month` = its first day): a year's summary reads twelve months, not 365 days. */
export const CASE_STATS_MONTHLY_TABLE = 'read_case_stats_monthly';
const ROLLUP_COLUMNS = ['dim', 'day', 'key', 'kind', 'n', 'n_ok'];
const MONTHLY_COLUMNS = ['dim', 'month', 'key', 'kind', 'n', 'n_ok'];

/** Daily rollup rows summed per month. */
function monthly(rows: Row[]): Row[] {
  const sums = new Map<string, Row & { n: number; n_ok: number }>();
  for (const r of rows) {
    const month = `${String(r.day).slice(0, 7)}-01`;
    const id = `${r.dim}\t${month}\t${r.key}\t${r.kind}`;
    const sum = sums.get(id);
    if (sum) {
      sum.n += r.n as number;
      sum.n_ok += r.n_ok as number;
    } else sums.set(id, { dim: r.dim, month, key: r.key, kind: r.kind, n: r.n as number, n_ok: r.n_ok as number });
  }
  return [...sums.values()].filter((r) => r.n !== 0 || r.n_ok !== 0);
}

/** A rollup table's DDL (daily or monthly). */
const rollupTable = (table: string, period: 'day' | 'month') => `CREATE TABLE ${table} (
  dim text NOT NULL,
  ${period} date NOT NULL,
  key text NOT NULL,
  kind text NOT NULL,
  n int NOT NULL,
  n_ok int NOT NULL,
  PRIMARY KEY (dim, ${period}, key, kind)
)`;

const FACT_COLUMNS = ['case_id', 'seq', 'kind', 'occurred_at', 'ok', 'case_no', 'category_code', 'department_code', 'grid_code', 'channel'] as const;

/** A case stream folded into its facts (统计口径, case-facts.ts). */
export class CaseFactsFolder implements StreamFolder<CaseFact[]> {
  readonly streamType = CASE_STREAM_TYPE;

  fold(events: readonly RecordedEvent[]): CaseFact[] {
    return caseFacts(events);
  }
}

/** Since 1992 China keeps UTC+8 all year (what `AT TIME ZONE 'Asia/Shanghai'` does); earlier days ask Intl. */
const FIXED_OFFSET_SINCE = Date.parse('1992-01-01T00:00:00Z');
const SHANGHAI_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Asia/Shanghai calendar day (YYYY-MM-DD) of an instant. */
export function shanghaiDay(ms: number): string {
  return ms >= FIXED_OFFSET_SINCE ? new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10) : SHANGHAI_DATE.format(ms);
}

const DIMS = ['total', 'category', 'department', 'grid', 'channel'] as const;
const DAY_MS = 86_400_000;
const DAY_OFFSET = 1_000_000; // keeps day numbers before 1970 positive

/** The Shanghai day number (days since 1970-01-01, offset by DAY_OFFSET) of an instant. */
function dayNumber(ms: number): number {
  return DAY_OFFSET + (ms >= FIXED_OFFSET_SINCE ? Math.floor((ms + 8 * 3_600_000) / DAY_MS) : Date.parse(shanghaiDay(ms)) / DAY_MS);
}

/**
 * The daily rollup counted in memory (a rebuild's, and a live batch's change): per (day, kind) a flat
 * array of [n, n_ok] per (dimension, key) pair. Small-integer map keys and array slots instead of a
 * number or string key per count: this was the rebuild's hottest loop.
 */
export class RollupCounter {
  /** Per dimension: key → pair number. */
  private readonly pairIds = DIMS.map(() => new Map<string, number>());
  private readonly pairs: Array<{ dim: number; key: string }> = [];
  /** Pairs each slot has room for (doubled, slots reallocated, when a new key comes). */
  private capacity = 128;
  /** (day * 16 + kind) → [n, n_ok] per pair. */
  private readonly counts = new Map<number, Int32Array>();

  add(f: FactRow, sign: 1 | -1 = 1): void {
    this.count(f.occurred_ms, f.kind, f.ok, f.category_code, f.department_code, f.grid_code, f.channel, sign);
  }

  addFact(f: CaseFact): void {
    this.count(f.occurredAt.getTime(), f.kind, f.ok, f.categoryCode, f.departmentCode, f.gridCode, f.channel, 1);
  }

  /** Adds rollup rows (another counter's `rows()`: a rebuild counts in several workers). */
  addRows(rows: readonly Row[]): void {
    for (const r of rows) {
      const dim = DIMS.indexOf(r.dim as (typeof DIMS)[number]);
      const at = 2 * this.pairId(dim, r.key as string);
      const slot = this.slot(DAY_OFFSET + Date.parse(`${r.day}T00:00:00Z`) / DAY_MS, FACT_KINDS.indexOf(r.kind as FactKind));
      slot[at] += r.n as number;
      slot[at + 1] += r.n_ok as number;
    }
  }

  private count(ms: number, kind: string, ok: boolean | null, category: string | null, department: string | null, grid: string, channel: string, sign: 1 | -1): void {
    // pair ids first: a new one may reallocate the slots
    const a = 2 * this.pairId(0, '');
    const b = 2 * this.pairId(1, category ?? '');
    const c = 2 * this.pairId(2, department ?? '');
    const d = 2 * this.pairId(3, grid);
    const e = 2 * this.pairId(4, channel);
    const slot = this.slot(dayNumber(ms), FACT_KINDS.indexOf(kind as FactKind));
    const okSign = ok ? sign : 0;
    slot[a] += sign;
    slot[a + 1] += okSign;
    slot[b] += sign;
    slot[b + 1] += okSign;
    slot[c] += sign;
    slot[c + 1] += okSign;
    slot[d] += sign;
    slot[d + 1] += okSign;
    slot[e] += sign;
    slot[e + 1] += okSign;
  }

  private slot(day: number, kind: number): Int32Array {
    const dayKind = day * 16 + kind;
    let slot = this.counts.get(dayKind);
    if (!slot) this.counts.set(dayKind, (slot = new Int32Array(2 * this.capacity)));
    return slot;
  }

  private pairId(dim: number, key: string): number {
    let id = this.pairIds[dim].get(key);
    if (id === undefined) {
      id = this.pairs.length;
      this.pairs.push({ dim, key });
      this.pairIds[dim].set(key, id);
      if (id >= this.capacity) {
        this.capacity *= 2;
        for (const [dayKind, slot] of this.counts) {
          const grown = new Int32Array(2 * this.capacity);
          grown.set(slot);
          this.counts.set(dayKind, grown);
        }
      }
    }
    return id;
  }

  /** The non-zero counts as rollup rows. */
  rows(): Row[] {
    const out: Row[] = [];
    for (const [dayKind, slot] of this.counts) {
      const kind = FACT_KINDS[dayKind % 16];
      const day = new Date((Math.floor(dayKind / 16) - DAY_OFFSET) * DAY_MS).toISOString().slice(0, 10);
      for (let p = 0; p < this.pairs.length; p += 1) {
        const n = slot[2 * p];
        const nOk = slot[2 * p + 1];
        if (n !== 0 || nOk !== 0) out.push({ dim: DIMS[this.pairs[p].dim], day, key: this.pairs[p].key, kind, n, n_ok: nOk });
      }
    }
    return out;
  }
}

/** A fact as a row of read_case_facts (its time in epoch ms). */
interface FactRow {
  case_id: string;
  seq: number;
  kind: string;
  occurred_ms: number;
  ok: boolean | null;
  case_no: string;
  category_code: string | null;
  department_code: string | null;
  grid_code: string;
  channel: string;
}

const factRow = (f: CaseFact): FactRow => ({
  case_id: f.caseId, seq: f.seq, kind: f.kind, occurred_ms: f.occurredAt.getTime(), ok: f.ok, case_no: f.caseNo,
  category_code: f.categoryCode, department_code: f.departmentCode, grid_code: f.gridCode, channel: f.channel,
});

const factKey = (r: FactRow) => `${r.case_id}/${r.seq}/${r.kind}`;
const sameFact = (a: FactRow, b: FactRow) =>
  a.occurred_ms === b.occurred_ms && a.ok === b.ok && a.case_no === b.case_no && a.category_code === b.category_code &&
  a.department_code === b.department_code && a.grid_code === b.grid_code && a.channel === b.channel;

/**
 * The statistics' facts (`read_case_facts`) and their daily rollup (`read_case_stats_daily`): every case a
 * batch touches is refolded into its facts, which replace its old ones; what left leaves the rollup and
 * what came enters it, in the batch transaction that also moves the checkpoint — a repeated batch finds
 * nothing to change, so nothing is lost or counted twice. A rebuild loads the facts with COPY and the
 * rollup it counted meanwhile.
 */
export class CaseFactsProjection implements StreamProjection<CaseFact[]> {
  readonly name = CASE_FACTS_PROJECTION;
  readonly folder = new CaseFactsFolder();
  readonly tables: ProjectionTable[] = [
    { name: CASE_FACTS_TABLE, columns: FACT_COLUMNS },
    // A day's count that went back to 0 keeps its row live; a rebuild has none: only non-zero counts compare.
    { name: CASE_STATS_DAILY_TABLE, columns: ROLLUP_COLUMNS, compared: 'n <> 0 OR n_ok <> 0' },
    { name: CASE_STATS_MONTHLY_TABLE, columns: MONTHLY_COLUMNS, compared: 'n <> 0 OR n_ok <> 0' },
  ];

  createTables(t: TableNames): string[] {
    return [
      // A year of summary reads a few thousand rollup rows instead of every fact (p99 < 50 ms at 1M cases).
      rollupTable(t(CASE_STATS_DAILY_TABLE), 'day'),
      rollupTable(t(CASE_STATS_MONTHLY_TABLE), 'month'),
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

  /**
   * Replaces the touched cases' facts by their refolded ones, writing only the difference: usually an event
   * adds one fact, so one row goes in and five rollup counts move (re-adding every fact of the case moved
   * forty). The rollup change is the sum of the removed facts (negative) and the added ones.
   */
  async apply(db: Db, t: TableNames, streams: readonly FoldedStream<CaseFact[]>[]): Promise<void> {
    if (streams.length === 0) return;
    const facts = t(CASE_FACTS_TABLE);
    const { rows: old } = await db.query<FactRow>(
      `SELECT case_id, seq, kind, (extract(epoch FROM occurred_at) * 1000)::float8 AS occurred_ms, ok, case_no, category_code, department_code, grid_code, channel
       FROM ${facts} WHERE case_id = ANY($1::uuid[])`,
      [streams.map((s) => s.streamId)],
    );
    const before = new Map(old.map((r) => [factKey(r), r]));
    const added: FactRow[] = [];
    const removed: FactRow[] = [];
    const gone: FactRow[] = [];
    const kept = new Set<string>();
    for (const stream of streams) {
      for (const fact of stream.state ?? []) {
        const row = factRow(fact);
        const key = factKey(row);
        kept.add(key);
        const was = before.get(key);
        if (was && sameFact(was, row)) continue;
        added.push(row);
        if (was) removed.push(was);
      }
    }
    for (const [key, was] of before) {
      if (kept.has(key)) continue;
      removed.push(was);
      gone.push(was);
    }
    if (added.length === 0 && removed.length === 0) return;
    const change = new RollupCounter();
    for (const r of removed) change.add(r, -1);
    for (const r of added) change.add(r, 1);
    const rollup = change.rows();
    // One statement (one round trip) for the four writes. They touch disjoint rows — facts that left by key,
    // facts that came or changed (upserted by key), and two rollup tables — so their order within the
    // statement does not matter.
    const daily = t(CASE_STATS_DAILY_TABLE);
    const monthlyTable = t(CASE_STATS_MONTHLY_TABLE);
    const rollupUpsert = (table: string, period: 'day' | 'month', param: string) =>
      `INSERT INTO ${table} AS d (dim, ${period}, key, kind, n, n_ok)
       SELECT dim, ${period}, key, kind, n, n_ok FROM json_populate_recordset(NULL::${table}, ${param}::json)
       ON CONFLICT (dim, ${period}, key, kind) DO UPDATE SET n = d.n + EXCLUDED.n, n_ok = d.n_ok + EXCLUDED.n_ok`;
    await db.query(
      `WITH gone AS (
         DELETE FROM ${facts} WHERE (case_id, seq, kind) IN (SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[]))
       ), came AS (
         INSERT INTO ${facts} AS f (${FACT_COLUMNS.join(', ')})
         SELECT ${FACT_COLUMNS.join(', ')} FROM json_populate_recordset(NULL::${facts}, $4::json)
         ON CONFLICT (case_id, seq, kind) DO UPDATE SET ${FACT_COLUMNS.slice(3).map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
       ), daily AS (
         ${rollupUpsert(daily, 'day', '$5')}
       ), monthly AS (
         ${rollupUpsert(monthlyTable, 'month', '$6')}
       ) SELECT 1`,
      [
        gone.map((r) => r.case_id),
        gone.map((r) => r.seq),
        gone.map((r) => r.kind),
        JSON.stringify(added.map(({ occurred_ms, ...row }) => ({ ...row, occurred_at: new Date(occurred_ms).toISOString() }))),
        JSON.stringify(rollup),
        JSON.stringify(monthly(rollup)),
      ],
    );
  }

  /** A rebuild's rollup, counted here as the facts are loaded (per fresh daily table). */
  private readonly loading = new Map<string, RollupCounter>();

  async load(db: PoolClient, t: TableNames, states: readonly CaseFact[][]): Promise<void> {
    const daily = t(CASE_STATS_DAILY_TABLE);
    let counter = this.loading.get(daily);
    if (!counter) this.loading.set(daily, (counter = new RollupCounter()));
    // COPY lines written straight from the facts (~7 per case: the most rows of a rebuild), no row objects
    let text = '';
    for (const facts of states) {
      for (const f of facts) {
        counter.addFact(f);
        text +=
          `${copyText(f.caseId)}\t${f.seq}\t${f.kind}\t${f.occurredAt.toISOString()}\t${copyText(f.ok)}\t${copyText(f.caseNo)}\t` +
          `${copyText(f.categoryCode)}\t${copyText(f.departmentCode)}\t${copyText(f.gridCode)}\t${copyText(f.channel)}\n`;
      }
    }
    await copyLines(db, t(CASE_FACTS_TABLE), FACT_COLUMNS, text);
  }

  /** The rollup counted while loading, in one COPY (the same rows the live path's SQL keeps). */
  async finishLoad(db: PoolClient, t: TableNames): Promise<void> {
    const daily = t(CASE_STATS_DAILY_TABLE);
    const counter = this.loading.get(daily) ?? new RollupCounter();
    this.loading.delete(daily);
    const rows = counter.rows();
    await copyRows(db, daily, ROLLUP_COLUMNS, rows);
    await copyRows(db, t(CASE_STATS_MONTHLY_TABLE), MONTHLY_COLUMNS, monthly(rows));
  }
}
