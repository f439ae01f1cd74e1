/**
 * Read models: projection rebuild throughput next to a COPY of the same event rows (same run), p50/p99 of
 * the overdue queue and of filtered case-list pages, and projection lag while 1,000 events/s are appended.
 * Run: npm run bench:reads [-- --cases N]   (default 100000; its own database `bench_reads` on DATABASE_URL's server)
 *
 * The history is generated straight into the event store with multi-row INSERTs (thousands of events of
 * many cases per statement), shaped like real cases: intake, dispatch, 签收, some 督办 and 延期, 办结,
 * 回访 and 销号, spread over a year, with open and overdue cases left at the end.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Pool } from 'pg';
import { migrate } from '@zhuqi/database';
import { PgEventStore, UpcasterRegistry } from '@zhuqi/event-store';
import {
  CaseDetailProjection,
  CaseListQuery,
  CaseViewFolder,
  CaseListProjection,
  OverdueQueueQuery,
  ProjectionRebuilder,
  ProjectionsRunner,
  VisitsProjection,
} from '@zhuqi/read-models';
import { seedReferenceData } from '@zhuqi/reference-data';
import { DeadlinePolicy } from '@zhuqi/sla';
import { baseDatabaseUrl, benchDatabaseUrl, casesArg, percentile, round } from './bench-support';

const CASES = casesArg();
const DB = 'bench_reads';
const url = benchDatabaseUrl(DB);
const ROUNDS = 200;
const LAG_SECONDS = Number(process.env.BENCH_LAG_SECONDS ?? 10);
const LAG_RATE = 1000;

const log = (m: string) => process.stdout.write(`${m}\n`);

const TITLES = [
  ['消防通道被占用', '厂区北侧消防通道长期被相邻企业货车占用，存在安全隐患，请求协调清理'],
  ['用工招聘困难', '企业反映三季度扩产需新增操作工约120人，希望园区协助对接职业院校'],
  ['道路积水', '雨天厂区门口道路积水严重，影响货车进出，请求疏通排水管网'],
  ['研发补贴未到账', '企业申报的研发费用加计扣除奖励资金尚未到账，请求核实审批进度'],
  ['用电增容', '新建车间用电负荷不足，申请增容至二千千伏安，希望供电公司尽快现场勘查'],
  ['子女入学', '企业引进的高层次人才子女入学需协调学位，请求教育部门支持'],
  ['法律咨询', '企业与供应商发生合同纠纷，希望园区提供法律服务对接'],
  ['安全生产检查', '企业希望安监部门上门指导危化品仓库整改，确保安全生产'],
];

interface Ref {
  enterprises: { id: string; name: string; grid_code: string }[];
  categories: { code: string; default_department_code: string }[];
}

async function prepareDatabase(): Promise<void> {
  const admin = new Client({ connectionString: baseDatabaseUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  await migrate(url);
  await seedReferenceData(url);
}

/** Events of one case, from intake to where the case stands now. */
function caseEvents(i: number, ref: Ref, now: number): ReturnType<typeof tag> {
  const id = randomUUID();
  const e = ref.enterprises[i % ref.enterprises.length];
  const cat = ref.categories[(i * 7) % ref.categories.length];
  const [title, description] = TITLES[i % TITLES.length];
  const submitted = now - 365 * 86_400_000 + Math.floor((i / CASES) * 360 * 86_400_000);
  const iso = (t: number) => new Date(t).toISOString();
  const dispatched = submitted + 5 * 60_000;
  const responseDue = dispatched + 3 * 60_000;
  const resolutionDue = dispatched + 5 * 86_400_000;
  const fate = i % 100; // 0-1 submitted, 2-4 returned, 5-9 dispatched, 10-19 acknowledged, 20-29 resolved, rest closed
  const out: { type: string; data: unknown; at: number }[] = [];
  const push = (type: string, data: unknown, at: number) => out.push({ type, data, at });
  push('CaseSubmitted', {
    caseId: id, caseNo: `ZQ${new Date(submitted).getUTCFullYear()}-${String(i).padStart(7, '0')}`, enterpriseId: e.id, enterpriseName: e.name,
    gridCode: e.grid_code, title: `${title}（${i}）`, description, channel: ['online', 'hotline', 'grid_visit'][i % 3], categoryCode: null,
    urgency: i % 10 === 0 ? 'urgent' : 'normal', contactName: '王先生', contactPhone: '13800000000', submittedAt: iso(submitted),
  }, submitted);
  if (fate < 2) return tag(id, out);
  push('CaseDispatched', {
    categoryCode: cat.code, departmentCode: cat.default_department_code, assistingDepartmentCodes: [], by: 'dispatcher', binding: false, cycle: 1,
    responseLimitMinutes: 3, resolutionLimitWorkingDays: 5, responseDueAt: iso(responseDue), resolutionDueAt: iso(resolutionDue), assistDueAt: null, dispatchedAt: iso(dispatched),
  }, dispatched);
  if (fate < 5) {
    push('CaseReturned', { departmentCode: cat.default_department_code, reason: '不属于本部门职责', returnedAt: iso(dispatched + 600_000) }, dispatched + 600_000);
    return tag(id, out);
  }
  if (fate < 10) return tag(id, out);
  const ack = dispatched + (i % 13 === 0 ? 10 : 2) * 60_000;
  push('CaseAcknowledged', { departmentCode: cat.default_department_code, note: null, withinResponseLimit: ack <= responseDue, acknowledgedAt: iso(ack) }, ack);
  if (i % 9 === 0) push('SupervisionOpened', { level: 1 + (i % 3), instructions: '请加快办理', dueAt: iso(ack + 2 * 86_400_000), openedAt: iso(ack + 3_600_000) }, ack + 3_600_000);
  if (i % 11 === 0) {
    push('ExtensionRequested', { workingDays: 3, reason: '需协调多部门', requestedAt: iso(ack + 7_200_000) }, ack + 7_200_000);
    push('ExtensionApproved', { workingDays: 3, previousResolutionDueAt: iso(resolutionDue), resolutionDueAt: iso(resolutionDue + 3 * 86_400_000), approvedAt: iso(ack + 9_000_000) }, ack + 9_000_000);
  }
  if (fate < 20) return tag(id, out);
  const resolved = ack + 2 * 86_400_000;
  push('CaseResolved', { departmentCode: cat.default_department_code, resolution: '已协调解决', onTime: resolved <= resolutionDue, resolvedAt: iso(resolved) }, resolved);
  if (i % 9 === 0) push('SupervisionSignedOff', { comment: null, signedOffAt: iso(resolved + 3_600_000) }, resolved + 3_600_000);
  if (fate < 30) return tag(id, out);
  const followed = resolved + 3 * 86_400_000;
  push('FollowUpRecorded', { satisfaction: 'satisfied', solved: true, comment: '企业表示满意', recordedAt: iso(followed) }, followed);
  push('CaseClosed', { via: 'follow_up', closedAt: iso(followed + 1000) }, followed + 1000);
  return tag(id, out);
}

function tag(id: string, events: { type: string; data: unknown; at: number }[]): { type: string; data: unknown; at: number; streamId: string; version: number }[] {
  return events.map((e, k) => ({ ...e, streamId: id, version: k + 1 }));
}

async function generate(pool: Pool, ref: Ref): Promise<number> {
  const now = Date.now();
  const CHUNK = 1000; // cases per statement: their events interleave in the log as real ones do
  const metadata = JSON.stringify({ actor: 'bench', correlationId: 'bench', causationId: null });
  let events = 0;
  const insert = async (from: number) => {
    const rows = [];
    for (let i = from; i < Math.min(CASES, from + CHUNK); i += 1) rows.push(...caseEvents(i, ref, now));
    rows.sort((a, b) => a.at - b.at || a.version - b.version);
    await pool.query(
      `INSERT INTO events (stream_id, stream_type, version, type, data, metadata, event_id, occurred_at)
       SELECT s, 'case', v, t, d, $6::jsonb, gen_random_uuid(), o FROM unnest($1::text[], $2::int[], $3::text[], $4::jsonb[], $5::timestamptz[]) AS x(s, v, t, d, o)`,
      [rows.map((r) => r.streamId), rows.map((r) => r.version), rows.map((r) => r.type), rows.map((r) => JSON.stringify(r.data)), rows.map((r) => new Date(r.at).toISOString()), metadata],
    );
    events += rows.length;
  };
  const starts = Array.from({ length: Math.ceil(CASES / CHUNK) }, (_, k) => k * CHUNK);
  const workers = Array.from({ length: 4 }, async () => {
    for (let s = starts.shift(); s !== undefined; s = starts.shift()) await insert(s);
  });
  await Promise.all(workers);
  return events;
}

/** COPY of the same event rows into a plain table (psql \copy: client to server, like the rebuild's reads). */
function copyBaseline(events: number): { seconds: number; rowsPerSecond: number } {
  const file = join(tmpdir(), `bench-reads-${process.pid}.copy`);
  const psql = (command: string) => {
    const r = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', command], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  psql(`\\copy (SELECT stream_id, stream_type, version, type, schema_version, data, metadata, event_id, occurred_at, recorded_at FROM events) TO '${file}'`);
  psql(`CREATE TABLE bench_copy (stream_id text, stream_type text, version int, type text, schema_version smallint, data jsonb, metadata jsonb, event_id uuid, occurred_at timestamptz, recorded_at timestamptz)`);
  const t0 = performance.now();
  psql(`\\copy bench_copy FROM '${file}'`);
  const seconds = (performance.now() - t0) / 1000;
  rmSync(file, { force: true });
  psql(`DROP TABLE bench_copy`);
  return { seconds: round(seconds), rowsPerSecond: Math.round(events / seconds) };
}

async function latencies(label: string, fn: () => Promise<unknown>): Promise<{ label: string; p50: number; p99: number }> {
  for (let i = 0; i < 10; i += 1) await fn();
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return { label, p50: round(percentile(times, 50)), p99: round(percentile(times, 99)) };
}

/** Appends LAG_RATE events/s through the event store and measures when the case projections have them. */
async function lag(pool: Pool, ref: Ref): Promise<{ p50: number; p99: number; max: number; appended: number; rate: number }> {
  const store = new PgEventStore(pool);
  const pending = new Map<number, number>();
  const lags: number[] = [];
  let appended = 0;
  let running = true;
  const names = ['read-models.case-list', 'read-models.case-detail'];
  const watcher = (async () => {
    while (running || pending.size > 0) {
      if (pending.size > 0) {
        const { rows } = await pool.query<{ pos: string; reached: boolean }>(
          `SELECT p.pos, bool_and((c.transaction_id, c.position) >= (e.transaction_id, e.global_position)) AS reached
           FROM unnest($1::bigint[]) p(pos) JOIN events e ON e.global_position = p.pos
           CROSS JOIN subscription_checkpoints c WHERE c.name = ANY($2) GROUP BY p.pos`,
          [[...pending.keys()], names],
        );
        const now = performance.now();
        for (const r of rows) {
          if (!r.reached) continue;
          lags.push(now - pending.get(Number(r.pos))!);
          pending.delete(Number(r.pos));
        }
      }
      await sleep(2);
    }
  })();
  const started = performance.now();
  const open: { id: string; version: number }[] = [];
  const tickMs = 20;
  const perTick = (LAG_RATE * tickMs) / 1000;
  let k = 0;
  const nextIndex = () => CASES + 100 * k++ + 50; // a case that gets dispatched
  while (performance.now() - started < LAG_SECONDS * 1000) {
    const tickStart = performance.now();
    await Promise.all(
      Array.from({ length: perTick }, async () => {
        // Half new cases (intake), half dispatches of those taken in before.
        const next = open.shift();
        const [event] = caseEvents(nextIndex(), ref, Date.now()).slice(next ? 1 : 0);
        const id = next ? next.id : randomUUID();
        if (!next) (event.data as { caseId: string }).caseId = id;
        const result = await store.appendToStream(id, 'case', next ? 1 : 0, [{ type: event.type, data: event.data, occurredAt: new Date() }], { actor: 'bench', correlationId: 'lag' });
        pending.set(result.lastPosition, performance.now());
        appended += 1;
        if (!next) open.push({ id, version: 1 });
      }),
    );
    const spare = tickMs - (performance.now() - tickStart);
    if (spare > 0) await sleep(spare);
  }
  const seconds = (performance.now() - started) / 1000;
  running = false;
  await watcher;
  return { p50: round(percentile(lags, 50)), p99: round(percentile(lags, 99)), max: round(Math.max(...lags)), appended, rate: Math.round(appended / seconds) };
}

async function main(): Promise<void> {
  log(`bench:reads — ${CASES} cases into database ${DB}`);
  await prepareDatabase();
  const pool = new Pool({ connectionString: url, max: 16 });
  const ref: Ref = {
    enterprises: (await pool.query(`SELECT id, name, grid_code FROM enterprises ORDER BY id`)).rows,
    categories: (await pool.query(`SELECT code, default_department_code FROM categories ORDER BY code`)).rows,
  };
  let t0 = performance.now();
  const events = await generate(pool, ref);
  const generateSeconds = (performance.now() - t0) / 1000;
  log(`generated ${events} events in ${round(generateSeconds, 1)} s (${Math.round(events / generateSeconds)} events/s, batched multi-row INSERT)`);
  await pool.query(`VACUUM ANALYZE events`);

  const copy = copyBaseline(events);
  log(`COPY baseline: ${events} event rows in ${copy.seconds} s = ${copy.rowsPerSecond} rows/s`);

  const upcasters = new UpcasterRegistry();
  const store = new PgEventStore(pool, upcasters, undefined, { notifier: null });
  const cases = new CaseViewFolder(new DeadlinePolicy()); // one fold per case stream for both case projections
  const projections = [new CaseListProjection(cases), new CaseDetailProjection(cases), new VisitsProjection()];
  const rebuilder = new ProjectionRebuilder(pool, store, upcasters);
  t0 = performance.now();
  const report = await rebuilder.rebuild(projections);
  const rebuildSeconds = (performance.now() - t0) / 1000;
  const rebuildRate = Math.round(report.events / rebuildSeconds);
  log(`rebuild (case-list + case-detail + visits, one pass): ${report.events} events, ${report.streams} streams in ${round(rebuildSeconds)} s = ${rebuildRate} events/s (${round(rebuildRate / copy.rowsPerSecond)}× COPY)`);

  const list = new CaseListQuery(pool);
  const overdue = new OverdueQueueQuery(pool);
  const dept = ref.categories[0].default_department_code;
  const queries = [
    await latencies('overdue queue, first page (20, with total)', () => overdue.list({}, 1, 20)),
    await latencies('overdue queue, one department, page 3', () => overdue.list({ departmentCode: dept }, 3, 20)),
    await latencies(`case list: status dispatched+acknowledged, department ${dept}, page 2 (20, with total)`, () => list.search({ status: ['dispatched', 'acknowledged'], departmentCode: dept }, 2, 20)),
    await latencies('case list: grid g01 + year range, sorted -submittedAt, page 1', () => list.search({ gridCode: 'g01', from: new Date(Date.now() - 180 * 86_400_000), to: new Date() }, 1, 20)),
    await latencies('case list: q=消防 (2 chars: scan), page 1', () => list.search({ q: '消防' }, 1, 20)),
    await latencies('case list: q=消防通道 (4 chars: trigram index), page 1', () => list.search({ q: '消防通道' }, 1, 20)),
    await latencies('case list: q=消防 + department (2 chars, narrowed by filter)', () => list.search({ q: '消防', departmentCode: dept }, 1, 20)),
  ];
  for (const q of queries) log(`  ${q.label}: p50 ${q.p50} ms, p99 ${q.p99} ms`);

  const runner = new ProjectionsRunner(pool, new PgEventStore(pool, upcasters), upcasters, projections, { connectionString: url });
  await runner.start();
  const lagResult = await lag(pool, ref);
  await runner.stop();
  log(`lag while appending ${lagResult.rate} events/s for ${LAG_SECONDS} s: p50 ${lagResult.p50} ms, p99 ${lagResult.p99} ms, max ${lagResult.max} ms`);

  const result = {
    cases: CASES,
    events,
    generate: { seconds: round(generateSeconds), eventsPerSecond: Math.round(events / generateSeconds) },
    copyBaseline: copy,
    rebuild: { seconds: round(rebuildSeconds), eventsPerSecond: rebuildRate, ratioToCopy: round(rebuildRate / copy.rowsPerSecond), target: 30_000 },
    queries,
    lag: { ...lagResult, target: { p99: 250 } },
    at: new Date().toISOString(),
  };
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'reads.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(
    join(dir, 'reads.md'),
    [
      `# bench:reads — ${CASES} cases, ${events} events`,
      '',
      `| measure | value |`,
      `|---|---|`,
      `| COPY baseline (same event rows, plain table, psql \\copy) | ${copy.rowsPerSecond} rows/s |`,
      `| projection rebuild (case-list + case-detail + visits, one pass, swap) | ${rebuildRate} events/s (${result.rebuild.ratioToCopy}× COPY; target ≥ 30,000) |`,
      ...queries.map((q) => `| ${q.label} | p50 ${q.p50} ms, p99 ${q.p99} ms |`),
      `| projection lag at ${lagResult.rate} events/s appended | p50 ${lagResult.p50} ms, p99 ${lagResult.p99} ms, max ${lagResult.max} ms (target p99 < 250) |`,
      '',
      `Generated with batched multi-row INSERTs at ${result.generate.eventsPerSecond} events/s. Query latencies are the query services on a pool (no HTTP), ${ROUNDS} runs each after 10 warm-ups.`,
      '',
    ].join('\n'),
  );
  await pool.end();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
