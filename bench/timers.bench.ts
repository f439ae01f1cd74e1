/**
 * SLA clocks: lateness of the breach events (recorded time − due time) with N pending clocks spread over
 * 60 s, next to raw BullMQ delayed jobs with the same spread and a no-op processor, in the same run, on
 * the same private Redis; plus Redis memory per pending clock.
 * Run: npm run bench:timers   (BENCH_CLOCKS=100000, BENCH_SPREAD_S=60, BENCH_REDIS_HZ=100, BENCH_REDIS_LISTPACK=256 —
 *      Redis as docker-compose.yml sets it up —, BENCH_CONCURRENCY = the worker's SLA_CONCURRENCY default,
 *      BENCH_RAW_CONCURRENCY = the same, BENCH_BATCH / BENCH_WINDOW_MS / BENCH_IN_FLIGHT = the batcher's defaults)
 * For direction on a busy machine: BENCH_CLOCKS=30000 BENCH_SPREAD_S=20, and judge by the CPU per breach
 * (this process's user+sys and the redis-server's, during the firing only), which contention hurts less
 * than lateness.
 *
 * Isolation: its own redis-server on a free port (started and stopped by PID) and its own database
 * `bench_timers` (re-created each run) on the server of DATABASE_URL, so shared test data is untouched.
 * The SLA side goes the production way: events committed → scheduler subscriber (checkpoint) → BullMQ
 * delayed job → timer command on the CommandBus → `ResponseOverdue` appended.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger, Module } from '@nestjs/common';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import { CasePolicy, CasesModule } from '@zhuqi/cases';
import { DatabaseModule, migrate } from '@zhuqi/database';
import { EventStore, EventStoreModule } from '@zhuqi/event-store';
import { EnvConfig, PlatformModule, resetAppConfig } from '@zhuqi/platform';
import { seedReferenceData } from '../libs/reference-data/src/seed-loader';
import { freePort } from '../libs/testing/src/free-port';
import { baseDatabaseUrl, benchDatabaseUrl, percentile } from './bench-support';
import { DEFAULT_BATCHER_OPTIONS, SlaClocks } from '@zhuqi/sla-clocks';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Client, Pool } from 'pg';

const N = Number(process.env.BENCH_CLOCKS ?? 100_000);
const SPREAD_MS = Number(process.env.BENCH_SPREAD_S ?? 60) * 1000;
const HZ = Number(process.env.BENCH_REDIS_HZ ?? 100);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? new EnvConfig().SLA_CONCURRENCY);
/** Raw BullMQ's worker concurrency: the same as the SLA side's unless set (the quiet baseline of 2026-11-26 used 50). */
const RAW_CONCURRENCY = Number(process.env.BENCH_RAW_CONCURRENCY ?? CONCURRENCY);
const BATCHING = {
  maxBatch: Number(process.env.BENCH_BATCH ?? DEFAULT_BATCHER_OPTIONS.maxBatch),
  windowMs: Number(process.env.BENCH_WINDOW_MS ?? DEFAULT_BATCHER_OPTIONS.windowMs),
  maxInFlight: Number(process.env.BENCH_IN_FLIGHT ?? DEFAULT_BATCHER_OPTIONS.maxInFlight),
};
/**
 * Redis's `hash-max-listpack-value` (Redis's default 64; 256 in docker-compose.yml): above it a job hash
 * takes the larger hashtable encoding.
 */
const LISTPACK = Number(process.env.BENCH_REDIS_LISTPACK ?? 256);
const SERVER_URL = baseDatabaseUrl();
const DB_URL = benchDatabaseUrl('bench_timers');
const resultsDir = join(__dirname, 'results');

const stats = (values: number[]) => ({ count: values.length, p50: percentile(values, 50), p99: percentile(values, 99), max: percentile(values, 100) });

/** CPU seconds (user + sys) the redis-server has used so far. */
async function redisCpu(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  return Number(/used_cpu_user:([\d.]+)/.exec(info)![1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)![1]);
}

/** Measures this process's and Redis's CPU from `start()` to `stop()`, per unit of work (µs). */
function cpuMeter(redis: Redis) {
  let node = process.cpuUsage();
  let r = 0;
  return {
    async start() {
      node = process.cpuUsage();
      r = await redisCpu(redis);
    },
    async stop(units: number) {
      const used = process.cpuUsage(node);
      const redisUs = ((await redisCpu(redis)) - r) * 1e6;
      return { nodeCpuUsPerUnit: (used.user + used.system) / units, redisCpuUsPerUnit: redisUs / units };
    },
  };
}

/**
 * What else this process's event loop did while the timers fired: its delay (how late a 1 ms timer ran)
 * and the garbage collector's pauses. A breach can be no earlier than the loop lets its job in.
 */
function loopMeter() {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const pauses: number[] = [];
  const gc = new PerformanceObserver((list) => list.getEntries().forEach((e) => pauses.push(e.duration)));
  return {
    start() {
      delay.enable();
      gc.observe({ entryTypes: ['gc'] });
    },
    stop() {
      delay.disable();
      gc.disconnect();
      const ms = (ns: number) => Math.round(ns / 1e5) / 10;
      const g = stats(pauses);
      return {
        loopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
        gcPauses: { count: g.count, totalMs: Math.round(pauses.reduce((a, b) => a + b, 0)), p99Ms: Math.round(g.p99 * 10) / 10, maxMs: Math.round(g.max * 10) / 10 },
      };
    },
  };
}

/** BENCH_CPU_PROFILE=<file>: a V8 CPU profile of this process while the SLA timers fire (open it in Chrome's DevTools). */
async function cpuProfiler() {
  const file = process.env.BENCH_CPU_PROFILE;
  if (!file) return { start: async () => undefined, stop: async () => undefined };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  return {
    start: () => session.post('Profiler.start'),
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/**
 * CPU ticks (user + sys, 1/100 s) of this database's PostgreSQL backends, by pid, read from /proc: the
 * server must run on this machine (NaN otherwise). Shared background processes (WAL writer) are not in it.
 */
async function pgTicks(pool: Pool): Promise<Map<number, number>> {
  const { rows } = await pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
  const ticks = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      ticks.set(pid, NaN);
    }
  }
  return ticks;
}

function pgCpuUs(before: Map<number, number>, after: Map<number, number>): number {
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
  return ticks * 10_000;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(200);
  }
  return check();
}

async function recreateDatabase(): Promise<void> {
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS bench_timers WITH (FORCE)`);
  await admin.query(`CREATE DATABASE bench_timers`);
  await admin.end();
  await migrate(DB_URL);
  await seedReferenceData(DB_URL);
}

/** Raw BullMQ: N delayed jobs with the same spread, a no-op processor recording its lateness. */
async function rawBullmq(url: string, redis: Redis) {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const name = `bench-raw-${randomUUID()}`;
  const queue = new Queue(name, { connection });
  const before = await usedMemory(redis);
  const base = Date.now() + 20_000 + N / 10; // time to add them all first
  const added0 = Date.now();
  for (let i = 0; i < N; i += 1000) {
    const now = Date.now();
    await queue.addBulk(
      Array.from({ length: Math.min(1000, N - i) }, (_, k) => {
        const due = base + Math.floor(((i + k) * SPREAD_MS) / N);
        return { name: 'raw', data: { due }, opts: { jobId: `raw-${i + k}`, delay: due - now, removeOnComplete: true } };
      }),
    );
  }
  const addSeconds = (Date.now() - added0) / 1000;
  const memoryPerJob = (await usedMemory(redis) - before) / N;
  const lateness: number[] = [];
  const workerConnection = new Redis(url, { maxRetriesPerRequest: null });
  const worker = new Worker(name, async (job) => void lateness.push(Date.now() - job.data.due), { connection: workerConnection, concurrency: RAW_CONCURRENCY });
  const cpu = cpuMeter(redis);
  const loop = loopMeter();
  await sleep(Math.max(0, base - Date.now()));
  await cpu.start();
  loop.start();
  await waitFor(async () => lateness.length >= N, base - Date.now() + SPREAD_MS + 60_000);
  const cpuPerJob = await cpu.stop(lateness.length);
  const loopStats = loop.stop();
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  workerConnection.disconnect();
  return { ...stats(lateness), memoryPerJob, ...cpuPerJob, ...loopStats, addSeconds, late: addSeconds * 1000 > base - added0 };
}

@Module({ imports: [CqrsModule.forRoot(), PlatformModule, DatabaseModule, EventStoreModule, CasesModule] })
class BenchModule {}

/** The SLA clocks: N dispatched cases whose response limits lapse over the spread. */
async function slaClocks(url: string, redis: Redis) {
  // The worker's own settings (pool size included): SLA_CLOCKS off only because the clocks are built below.
  Object.assign(process.env, { DATABASE_URL: DB_URL, REDIS_URL: url, SLA_CLOCKS: 'off' });
  resetAppConfig();
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error', 'warn'] });
  const pool = new Pool({ connectionString: DB_URL, max: 10 });
  const queueName = `bench-sla-${randomUUID()}`;
  const clocks = new SlaClocks(pool, app.get(EventStore), app.get(CommandBus), app.get(CasePolicy), {
    redisUrl: url,
    queueName,
    subscriberName: 'sla-clocks',
    concurrency: CONCURRENCY,
    batching: BATCHING,
    reconcileEveryMs: 3_600_000,
  });
  const before = await usedMemory(redis);
  await clocks.start();

  // Events as the product writes them (CaseSubmitted + CaseDispatched per case), inserted in bulk.
  const enterprise = (await pool.query(`SELECT id, name, grid_code FROM enterprises LIMIT 1`)).rows[0];
  const ids = Array.from({ length: N }, () => randomUUID());
  const base = Date.now() + 60_000 + N * 0.6; // time to write and schedule them all first
  const write0 = Date.now();
  for (let i = 0; i < N; i += 1000) {
    const values: unknown[] = [];
    const rows: string[] = [];
    const at = new Date().toISOString();
    for (let k = i; k < Math.min(N, i + 1000); k += 1) {
      const due = new Date(base + Math.floor((k * SPREAD_MS) / N)).toISOString();
      const submitted = {
        caseId: ids[k], caseNo: `ZQB-${k}`, enterpriseId: enterprise.id, enterpriseName: enterprise.name, gridCode: enterprise.grid_code,
        title: '厂区道路积水', description: '雨天厂区门口道路积水严重', channel: 'online', categoryCode: 'infrastructure', urgency: 'normal',
        contactName: null, contactPhone: null, submittedAt: at,
      };
      const dispatched = {
        categoryCode: 'infrastructure', departmentCode: 'three_services', assistingDepartmentCodes: [], by: 'rule', binding: false, cycle: 1,
        responseLimitMinutes: 3, resolutionLimitWorkingDays: 5, responseDueAt: due,
        resolutionDueAt: new Date(base + 86_400_000 * 7).toISOString(), assistDueAt: null, dispatchedAt: at,
      };
      for (const [version, type, data] of [[1, 'CaseSubmitted', submitted], [2, 'CaseDispatched', dispatched]] as const) {
        const p = values.length;
        rows.push(`($${p + 1}, 'case', ${version}, '${type}', $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5})`);
        values.push(ids[k], data, { actor: 'bench', correlationId: ids[k], recordedAt: at }, randomUUID(), at);
      }
    }
    await pool.query(`INSERT INTO events (stream_id, stream_type, version, type, data, metadata, event_id, occurred_at) VALUES ${rows.join(',')}`, values);
  }
  // Planner statistics as a production table has them (autovacuum may be off on a development server:
  // without them the batch's `stream_id = ANY(…)` read was planned as a bitmap scan of the whole table).
  await pool.query(`ANALYZE events`);
  const writeSeconds = (Date.now() - write0) / 1000;
  const scheduled = await waitFor(async () => (await redis.zcard(`bull:${queueName}:delayed`)) >= N, base - Date.now());
  const scheduleSeconds = (Date.now() - write0) / 1000 - writeSeconds;
  const memoryPerClock = (await usedMemory(redis) - before) / N;
  const count = async () => Number((await pool.query(`SELECT count(*) FROM events WHERE type = 'ResponseOverdue'`)).rows[0].count);
  // How late each timer reached the batcher (its job in the processor) and how late its batch settled it:
  // what BullMQ and this process's loop added, apart from the batch's own work.
  const arrived: number[] = [];
  const settled: number[] = [];
  const fire = clocks.batcher.fire.bind(clocks.batcher);
  clocks.batcher.fire = (caseId, command, meta) => {
    const due = Date.parse(command.dueAt);
    arrived.push(Date.now() - due);
    return fire(caseId, command, meta).finally(() => void settled.push(Date.now() - due));
  };
  const cpu = cpuMeter(redis);
  const loop = loopMeter();
  const profiler = await cpuProfiler();
  await sleep(Math.max(0, base - Date.now()));
  await cpu.start();
  loop.start();
  await profiler.start();
  const pgBefore = await pgTicks(pool);
  // Counting scans the table: not while the timers fire, where it would compete with them (and be
  // counted in PostgreSQL's CPU per breach)
  // while they fire; the batcher's own tally says when to start counting.
  await waitFor(async () => clocks.batcher.stats.timers >= N, base - Date.now() + SPREAD_MS + 120_000);
  await profiler.stop();
  const loopStats = loop.stop();
  await waitFor(async () => (await count()) >= N, 30_000);
  const fired = Math.max(1, await count());
  const pgCpuUsPerUnit = pgCpuUs(pgBefore, await pgTicks(pool)) / fired;
  const cpuPerBreach = { ...(await cpu.stop(fired)), pgCpuUsPerUnit };
  const batches = { ...clocks.batcher.stats };
  const { rows } = await pool.query<{ late: number }>(
    `SELECT extract(epoch FROM recorded_at - (data->>'responseDueAt')::timestamptz) * 1000 AS late FROM events WHERE type = 'ResponseOverdue'`,
  );
  const duplicates = Number(
    (await pool.query(`SELECT count(*) FROM (SELECT stream_id FROM events WHERE type = 'ResponseOverdue' GROUP BY stream_id HAVING count(*) > 1) d`)).rows[0].count,
  );
  await clocks.stop();
  await new Queue(queueName, { connection: new Redis(url, { maxRetriesPerRequest: null }) }).obliterate({ force: true });
  await pool.end();
  await app.close();
  return { ...stats(rows.map((r) => Number(r.late))), arrivedLate: stats(arrived), settledLate: stats(settled), ...loopStats, memoryPerClock, ...cpuPerBreach, batches, writeSeconds, scheduleSeconds, scheduledInTime: scheduled, duplicates };
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  await recreateDatabase();
  const port = await freePort();
  const dir = `/tmp/zhuqi-bench-redis-${port}`;
  mkdirSync(dir, { recursive: true });
  execFileSync('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--hz', String(HZ), '--hash-max-listpack-value', String(LISTPACK), '--daemonize', 'yes', '--dir', dir, '--pidfile', `${dir}/redis.pid`]);
  await sleep(300);
  const url = `redis://127.0.0.1:${port}`;
  const redis = new Redis(url);
  try {
    const batching = `batch ≤ ${BATCHING.maxBatch}, window ${BATCHING.windowMs} ms, ${BATCHING.maxInFlight} in flight`;
    const load = loadavg().map((l) => l.toFixed(2)).join(' ');
    console.log(`timers bench: ${N} clocks over ${SPREAD_MS / 1000}s, redis hz ${HZ}, hash-max-listpack-value ${LISTPACK}, concurrency ${CONCURRENCY} (raw ${RAW_CONCURRENCY}), ${batching}, ${cpus().length} cores, load ${load}`);
    const raw = await rawBullmq(url, redis);
    console.log('raw BullMQ', raw);
    const sla = await slaClocks(url, redis);
    console.log('SLA clocks', sla);
    const ratio = sla.p99 / raw.p99;
    const met = sla.p99 < 250 && ratio <= 2 && sla.memoryPerClock <= 1024 && sla.count === N && sla.duplicates === 0;
    const loadAfter = loadavg().map((l) => l.toFixed(2)).join(' ');
    const result = { at: new Date().toISOString(), cores: cpus().length, loadBefore: load, loadAfter, clocks: N, spreadSeconds: SPREAD_MS / 1000, redisHz: HZ, hashMaxListpackValue: LISTPACK, concurrency: CONCURRENCY, rawConcurrency: RAW_CONCURRENCY, batching: BATCHING, raw, sla, p99Ratio: ratio, targetsMet: met };
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'timers.json'), JSON.stringify(result, null, 2));
    const f = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');
    appendFileSync(
      join(resultsDir, 'timers.md'),
      `\n## ${result.at} — ${result.cores} cores (load ${load} before, ${loadAfter} after), ${N} clocks over ${result.spreadSeconds} s, Redis hz ${HZ}, hash-max-listpack-value ${LISTPACK}, concurrency ${CONCURRENCY} (raw ${RAW_CONCURRENCY}), ${batching}\n\n` +
        `| side | fired | lateness p50 ms | p99 ms | max ms | Redis bytes per pending clock | CPU µs per breach: Node | Redis | PostgreSQL backends |\n|---|---|---|---|---|---|---|---|---|\n` +
        `| raw BullMQ (no-op) | ${raw.count} | ${f(raw.p50)} | ${f(raw.p99)} | ${f(raw.max)} | ${f(raw.memoryPerJob)} | ${f(raw.nodeCpuUsPerUnit)} | ${f(raw.redisCpuUsPerUnit)} | – |\n` +
        `| SLA clocks (ResponseOverdue recorded) | ${sla.count} | ${f(sla.p50)} | ${f(sla.p99)} | ${f(sla.max)} | ${f(sla.memoryPerClock)} | ${f(sla.nodeCpuUsPerUnit)} | ${f(sla.redisCpuUsPerUnit)} | ${f(sla.pgCpuUsPerUnit)} |\n\n` +
        `Where the SLA side's lateness arose: the job reached the batcher p50 ${f(sla.arrivedLate.p50)} / p99 ${f(sla.arrivedLate.p99)} / max ${f(sla.arrivedLate.max)} ms after its due time, its batch settled it p50 ${f(sla.settledLate.p50)} / p99 ${f(sla.settledLate.p99)} ms after. ` +
        `Event loop delay p99 / max: raw ${raw.loopDelayMs.p99} / ${raw.loopDelayMs.max} ms, SLA ${sla.loopDelayMs.p99} / ${sla.loopDelayMs.max} ms; GC pauses: raw ${raw.gcPauses.count} (${raw.gcPauses.totalMs} ms, max ${raw.gcPauses.maxMs}), SLA ${sla.gcPauses.count} (${sla.gcPauses.totalMs} ms, max ${sla.gcPauses.maxMs}).\n` +
        `SLA batches: ${sla.batches.batches} for ${sla.batches.timers} timers (${(sla.batches.timers / Math.max(1, sla.batches.batches)).toFixed(1)} per batch), ${sla.batches.conflicts} conflicts retried one by one; ` +
        `per batch the read took ${(sla.batches.readMs / Math.max(1, sla.batches.batches)).toFixed(1)} ms, the wait for its timers' due time ${(sla.batches.waitMs / Math.max(1, sla.batches.batches)).toFixed(1)} ms and the append ${(sla.batches.appendMs / Math.max(1, sla.batches.batches)).toFixed(1)} ms on average (wall clock).\n` +
        `p99 ratio SLA / raw: ${ratio.toFixed(2)}; duplicates: ${sla.duplicates}; events written in ${sla.writeSeconds.toFixed(1)} s, ` +
        `scheduled from the log in ${sla.scheduleSeconds.toFixed(1)} s (before the first due time: ${sla.scheduledInTime ? 'yes' : 'NO'}).\n` +
        `targets (p99 < 250 ms, ≤ 2× raw p99, ≤ 1 KB per clock, each breach once): ${met ? 'met' : 'NOT met'}\n`,
    );
    console.log(readFileSync(join(resultsDir, 'timers.md'), 'utf8').split('\n## ').pop());
  } finally {
    redis.disconnect();
    process.kill(Number(readFileSync(`${dir}/redis.pid`, 'utf8')), 'SIGTERM');
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
