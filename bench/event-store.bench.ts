/**
 * Event store append throughput vs. a raw one-row INSERT per transaction, at 1/4/16/64 writers.
 * Run: npm run bench:store  (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)
 *
 * Fairness on a small shared machine: per concurrency level the sides run in alternating rounds (raw,
 * prepared raw, store, then store, prepared raw, raw, ...), so drift in background load hits all alike.
 * Writers keep their own streams and append with correct expected versions, as command handlers do.
 * The target compares with the plain raw INSERT; the prepared one is shown for reference.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Pool } from 'pg';
import { CommitNotifier, ensureEventStoreSchema, EventContext, NewEvent, PgEventStore } from '@zhuqi/event-store';

const URL_ = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const LEVELS = (process.env.BENCH_LEVELS ?? '1,4,16,64').split(',').map(Number);
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 600);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 3); // per level: 3 sides × PAIRS × PHASE_MS ≈ 5.4 s
const MULTI_EVENTS = 5;
const MULTI_WRITERS = 16;
const EVENTS_PER_STREAM = 20; // a case rarely has more; then the writer opens a new one
const TARGET = 0.7;

const runId = `bench-${Date.now().toString(36)}-${process.pid}`;
const rawTable = `bench_raw_events_${process.pid}`;
const resultsDir = join(__dirname, 'results');

// ---------------------------------------------------------------------------------------------------------
// Realistic payloads: ~300 bytes of jsonb, mostly Chinese text, varied so compression/TOAST play no tricks.

const ENTERPRISES = [
  ['苏州工业园区星河精密制造有限公司', '91320594MA1MXXXX7Q'],
  ['昆山德润五金制品有限公司', '91320583MA20YYYY3K'],
  ['无锡新吴区华芯半导体科技有限公司', '91320214MA1NZZZZ5B'],
  ['南京江北新区蓝海生物医药有限公司', '91320191MA1WWWWW2C'],
];
const ISSUES = [
  ['用工招聘', '企业反映三季度扩产需新增操作工约120人，希望园区人社部门协助对接职业院校。'],
  ['道路交通', '厂区东侧道路施工导致货车无法进出，请求协调施工时段并设置临时便道。'],
  ['政策兑现', '企业申报的研发费用加计扣除奖励资金尚未到账，请求核实审批进度。'],
  ['水电保障', '新建车间用电负荷不足，申请增容至二千千伏安，希望供电公司尽快现场勘查。'],
];

function payload(writer: number, n: number): unknown {
  const [name, creditCode] = ENTERPRISES[(writer + n) % ENTERPRISES.length];
  const [category, summary] = ISSUES[(writer * 7 + n) % ISSUES.length];
  return {
    caseNo: `ZQ-2024-${String((writer * 100_000 + n) % 1_000_000).padStart(6, '0')}`,
    enterprise: { name, creditCode },
    category,
    summary,
    contact: { name: '王先生', phone: '138****5678' },
    priority: n % 5 === 0 ? 'urgent' : 'normal',
  };
}

const context = (): EventContext => ({ actor: 'user:li.na', correlationId: randomUUID(), causationId: null });
const occurredAt = new Date('2024-05-20T01:30:00.000Z');

// ---------------------------------------------------------------------------------------------------------
// Measurement

interface Phase {
  ops: number;
  events: number;
  seconds: number;
  latenciesMs: number[];
}

/** Runs `writers` loops of `op` for `ms`; each loop owns its writer index (and so its streams). */
async function measure(writers: number, ms: number, op: (writer: number) => Promise<number>): Promise<Phase> {
  const latenciesMs: number[] = [];
  let ops = 0;
  let events = 0;
  const start = performance.now();
  const deadline = start + ms;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const appended = await op(w); // not `events += await op()`: that reads `events` before the await
        latenciesMs.push(performance.now() - t0);
        events += appended;
        ops += 1;
      }
    }),
  );
  return { ops, events, seconds: (performance.now() - start) / 1000, latenciesMs };
}

function merge(phases: Phase[]): Phase {
  return {
    ops: phases.reduce((n, p) => n + p.ops, 0),
    events: phases.reduce((n, p) => n + p.events, 0),
    seconds: phases.reduce((n, p) => n + p.seconds, 0),
    latenciesMs: phases.flatMap((p) => p.latenciesMs),
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
}

const summary = (p: Phase) => ({
  ops: p.ops,
  events: p.events,
  seconds: +p.seconds.toFixed(3),
  eventsPerSec: Math.round(p.events / p.seconds),
  opsPerSec: Math.round(p.ops / p.seconds),
  p50Ms: +percentile(p.latenciesMs, 50).toFixed(2),
  p99Ms: +percentile(p.latenciesMs, 99).toFixed(2),
});

// ---------------------------------------------------------------------------------------------------------
// The two sides. Both write the same rows; each writer walks its own streams with correct versions.

class Writers {
  private readonly streams: { id: string; version: number; serial: number }[] = [];
  constructor(private readonly label: string) {}

  /** The writer's current stream, rotating to a new one every EVENTS_PER_STREAM events. */
  stream(w: number, events: number): { id: string; version: number; serial: number } {
    let s = this.streams[w];
    if (!s || s.version + events > EVENTS_PER_STREAM) {
      const serial = (s?.serial ?? 0) + 1;
      s = this.streams[w] = { id: `${runId}-${this.label}-w${w}-${serial}`, version: 0, serial };
    }
    return s;
  }
}

const RAW_INSERT = (table: string) => `
  INSERT INTO ${table} (stream_id, stream_type, version, type, schema_version, data, metadata, event_id, occurred_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;

/** `prepared`: as a named statement, parsed and planned once per connection (as the store's append is). */
function rawSide(pool: Pool, label: string, prepared = false) {
  const writers = new Writers(label);
  const text = RAW_INSERT(rawTable);
  const name = prepared ? `bench_raw_insert_${process.pid}` : undefined;
  return async (w: number): Promise<number> => {
    const s = writers.stream(w, 1);
    const ctx = context();
    await pool.query({ name, text, values: [
      s.id,
      'Case',
      s.version + 1,
      'CaseNoteAdded',
      1,
      JSON.stringify(payload(w, s.version)),
      JSON.stringify({ actor: ctx.actor, correlationId: ctx.correlationId, causationId: null }),
      randomUUID(),
      occurredAt.toISOString(),
    ] });
    s.version += 1;
    return 1;
  };
}

function storeSide(store: PgEventStore, label: string, perAppend = 1) {
  const writers = new Writers(label);
  return async (w: number): Promise<number> => {
    const s = writers.stream(w, perAppend);
    const events: NewEvent[] = Array.from({ length: perAppend }, (_, k) => ({
      type: 'CaseNoteAdded',
      data: payload(w, s.version + k),
      occurredAt,
    }));
    const result = await store.appendToStream(s.id, 'Case', s.version, events, context());
    s.version = result.nextVersion;
    return perAppend;
  };
}

// ---------------------------------------------------------------------------------------------------------
// Database housekeeping

async function withClient<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: URL_, application_name: 'zhuqi-bench-admin' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function setUp(): Promise<Record<string, string>> {
  await ensureEventStoreSchema(URL_);
  return withClient(async (c) => {
    // Same columns and defaults as `events`; only the bigserial primary key, no other index or trigger.
    await c.query(`
      CREATE TABLE ${rawTable} (
        global_position bigserial   PRIMARY KEY,
        transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
        stream_id       text        NOT NULL,
        stream_type     text        NOT NULL,
        version         integer     NOT NULL,
        type            text        NOT NULL,
        schema_version  smallint    NOT NULL DEFAULT 1,
        data            jsonb       NOT NULL,
        metadata        jsonb       NOT NULL,
        event_id        uuid        NOT NULL,
        occurred_at     timestamptz NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT now()
      )`);
    const { rows } = await c.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings
       WHERE name IN ('server_version', 'synchronous_commit', 'fsync', 'shared_buffers', 'max_connections', 'wal_sync_method', 'commit_delay')`,
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  });
}

async function cleanUp(): Promise<void> {
  await withClient(async (c) => {
    await c.query(`DROP TABLE IF EXISTS ${rawTable}`);
    // Only this run's streams; the prefix ends in '-' so no other run's ids can match.
    const { rowCount } = await c.query(`DELETE FROM events WHERE stream_id LIKE $1`, [`${runId}-%`]);
    console.log(`cleaned up: dropped ${rawTable}, deleted ${rowCount} bench events (${runId}-*)`);
  });
}

const xactCommits = () =>
  withClient(async (c) => Number((await c.query(`SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()`)).rows[0].xact_commit));

async function openPool(size: number, name: string): Promise<Pool> {
  const pool = new Pool({ connectionString: URL_, max: size, application_name: name });
  // Connect everything up front so that connection set-up is not measured.
  const clients = await Promise.all(Array.from({ length: size }, () => pool.connect()));
  clients.forEach((c) => c.release());
  return pool;
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const dbName = new URL(URL_).pathname.slice(1);
  if (!/test|bench/.test(dbName)) {
    throw new Error(`Refusing to benchmark database "${dbName}": its name must contain "test" or "bench"`);
  }
  const settings = await setUp();
  let cleaned = false;
  const onSignal = () => {
    if (!cleaned) {
      cleaned = true;
      cleanUp().finally(() => process.exit(130));
    }
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const sample = JSON.stringify(payload(0, 0));
    console.log(
      `event-store bench: ${cpus().length} cores, PostgreSQL ${settings.server_version}, synchronous_commit=${settings.synchronous_commit}, ` +
        `payload ~${Buffer.byteLength(sample)} B, ${PAIRS} rounds per side of ${PHASE_MS} ms per level, alternating order\n`,
    );

    const pool = await openPool(Math.max(...LEVELS), 'zhuqi-bench');
    const store = new PgEventStore(pool);
    type Summary = ReturnType<typeof summary>;
    const levels: {
      writers: number;
      raw: Summary;
      rawPrepared: Summary;
      store: Summary;
      ratio: number;
      ratioToPrepared: number;
      roundRatios: number[];
    }[] = [];
    try {
      // Warm caches, JIT and the sequence on both sides.
      await measure(4, 300, rawSide(pool, 'warm-raw'));
      await measure(4, 300, storeSide(store, 'warm'));

      for (const writers of LEVELS) {
        const raw = rawSide(pool, `raw${writers}`);
        const rawPrepared = rawSide(pool, `rawp${writers}`, true);
        const ours = storeSide(store, `s${writers}`);
        // Pairs in alternating order (raw first, then store first, ...), so drift favours neither side.
        // The prepared raw insert is for reference only (the target is against the plain one).
        const rawPhases: Phase[] = [];
        const storePhases: Phase[] = [];
        const preparedPhases: Phase[] = [];
        for (let pair = 0; pair < PAIRS; pair++) {
          if (pair % 2 === 0) {
            rawPhases.push(await measure(writers, PHASE_MS, raw));
            preparedPhases.push(await measure(writers, PHASE_MS, rawPrepared));
            storePhases.push(await measure(writers, PHASE_MS, ours));
          } else {
            storePhases.push(await measure(writers, PHASE_MS, ours));
            preparedPhases.push(await measure(writers, PHASE_MS, rawPrepared));
            rawPhases.push(await measure(writers, PHASE_MS, raw));
          }
        }
        const rawSum = summary(merge(rawPhases));
        const preparedSum = summary(merge(preparedPhases));
        const storeSum = summary(merge(storePhases));
        const rate = (p: Phase) => p.events / p.seconds;
        const level = {
          writers,
          raw: rawSum,
          rawPrepared: preparedSum,
          store: storeSum,
          ratio: +(storeSum.eventsPerSec / rawSum.eventsPerSec).toFixed(3),
          ratioToPrepared: +(storeSum.eventsPerSec / preparedSum.eventsPerSec).toFixed(3),
          roundRatios: storePhases.map((p, i) => +(rate(p) / rate(rawPhases[i])).toFixed(3)),
        };
        levels.push(level);
        console.log(
          `  ${String(writers).padStart(2)} writers: raw ${rawSum.eventsPerSec} ev/s p99 ${rawSum.p99Ms} ms | ` +
            `store ${storeSum.eventsPerSec} ev/s p99 ${storeSum.p99Ms} ms | ${(level.ratio * 100).toFixed(0)}% ` +
            `(prepared raw ${preparedSum.eventsPerSec} ev/s)`,
        );
      }
    } finally {
      await pool.end();
    }

    // Multi-event appends on a pool of their own: its backends flush their statistics when they exit,
    // which makes the xact_commit delta exact (PostgreSQL otherwise flushes them up to 10 s later).
    await sleep(500);
    const probe0 = await xactCommits();
    const probeOverhead = (await xactCommits()) - probe0; // the two readers' own transactions
    const multiPool = await openPool(MULTI_WRITERS, 'zhuqi-bench-multi');
    await sleep(200);
    const before = await xactCommits();
    // As in production, the store wakes other processes' followers; those NOTIFYs are transactions too.
    const multiNotifier = new CommitNotifier(multiPool);
    const multiStore = new PgEventStore(multiPool, undefined, undefined, { notifier: multiNotifier });
    const multi = await measure(MULTI_WRITERS, 3 * PHASE_MS, storeSide(multiStore, `m${MULTI_EVENTS}`, MULTI_EVENTS));
    await multiPool.end();
    await sleep(500);
    const after = await xactCommits();
    const xactDelta = after - before - probeOverhead;
    const { distinctTransactions, storedEvents } = await withClient(async (c) => {
      const { rows } = await c.query(
        `SELECT count(DISTINCT transaction_id)::int AS tx, count(*)::int AS n FROM events WHERE stream_id LIKE $1`,
        [`${runId}-m${MULTI_EVENTS}-%`],
      );
      return { distinctTransactions: rows[0].tx as number, storedEvents: rows[0].n as number };
    });
    const multiSum = summary(multi);
    const multiResult = {
      writers: MULTI_WRITERS,
      eventsPerAppend: MULTI_EVENTS,
      ...multiSum,
      appendsPerSec: multiSum.opsPerSec,
      appends: multi.ops,
      xactCommitDelta: xactDelta,
      notifications: multiNotifier.sent,
      otherTransactionsDuringRun: xactDelta - multi.ops - multiNotifier.sent,
      storedEvents,
      distinctTransactionIds: distinctTransactions,
    };

    const targetMet = levels.every((l) => l.ratio >= TARGET);
    const env = {
      date: new Date().toISOString(),
      node: process.version,
      cores: cpus().length,
      cpu: cpus()[0]?.model,
      database: dbName,
      postgres: settings,
      phaseMs: PHASE_MS,
      pairsPerLevel: PAIRS,
      payloadBytes: Buffer.byteLength(sample),
    };
    printAndSave(env, levels, multiResult, targetMet);
  } finally {
    if (!cleaned) {
      cleaned = true;
      await cleanUp();
    }
  }
}

function printAndSave(env: Record<string, unknown>, levels: any[], multi: any, targetMet: boolean): void {
  const header =
    '| writers | raw INSERT ev/s | raw p99 ms | event store ev/s | store p99 ms | store / raw | per round | prepared raw INSERT ev/s (ref.) | store / prepared |';
  const rows = levels.map(
    (l) =>
      `| ${l.writers} | ${l.raw.eventsPerSec} | ${l.raw.p99Ms} | ${l.store.eventsPerSec} | ${l.store.p99Ms} | ${(l.ratio * 100).toFixed(0)}% | ${l.roundRatios
        .map((r: number) => `${(r * 100).toFixed(0)}%`)
        .join(', ')} | ${l.rawPrepared.eventsPerSec} | ${(l.ratioToPrepared * 100).toFixed(0)}% |`,
  );
  const multiLines = [
    '| writers | events/append | appends/s | events/s | p50 ms | p99 ms | appends | NOTIFYs | xact_commit Δ | distinct xids | stored events |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    `| ${multi.writers} | ${multi.eventsPerAppend} | ${multi.appendsPerSec} | ${multi.eventsPerSec} | ${multi.p50Ms} | ${multi.p99Ms} | ${multi.appends} | ${multi.notifications} | ${multi.xactCommitDelta} | ${multi.distinctTransactionIds} | ${multi.storedEvents} |`,
  ];
  const verdict = `target (store >= ${TARGET * 100}% of raw at every level): ${targetMet ? 'met' : 'NOT met'}`;
  const oneTx =
    multi.distinctTransactionIds === multi.appends && multi.storedEvents === multi.appends * multi.eventsPerAppend
      ? `one transaction per append: yes (${multi.appends} appends, ${multi.distinctTransactionIds} transaction ids; ` +
        `xact_commit Δ ${multi.xactCommitDelta} = ${multi.appends} appends + ${multi.notifications} coalesced NOTIFYs` +
        (multi.otherTransactionsDuringRun === 0 ? ', exact)' : ` + ${multi.otherTransactionsDuringRun} from other sessions)`)
      : 'one transaction per append: NO';
  const table = [header, '|---|---|---|---|---|---|---|---|---|', ...rows].join('\n');

  console.log(`\n${table}\n\n${verdict}\n\nmulti-event appends:\n${multiLines.join('\n')}\n${oneTx}\n`);

  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'event-store.json'), JSON.stringify({ env, levels, multi, target: TARGET, targetMet }, null, 2) + '\n');
  appendFileSync(
    join(resultsDir, 'event-store.md'),
    `\n## ${env.date} — ${env.cores} cores, PostgreSQL ${(env.postgres as Record<string, string>).server_version}, ${env.phaseMs} ms rounds\n\n` +
      `${table}\n\n${verdict}\n\nMulti-event appends:\n\n${multiLines.join('\n')}\n\n${oneTx}\n`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
