#!/usr/bin/env node
'use strict';
/**
 * `npm start`: runs the whole product on one machine.
 *   1. builds (tsc, incremental; skip with --no-build)
 *   2. without DATABASE_URL, starts an embedded PostgreSQL (data in .data/postgres, port EMBEDDED_PG_PORT, default 54330)
 *   3. checks Redis at REDIS_URL (one hint line when it does not answer; everything still starts)
 *   4. applies migrations, then seeds the demo reference data into an empty database (DEMO_SEED=false skips)
 *   5. runs the API and the worker, their output prefixed [api] / [worker]
 * Ctrl+C / SIGTERM stops the API and the worker, then the database. If either dies, the other is stopped
 * and this exits non-zero.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const readline = require('node:readline');

const root = path.resolve(__dirname, '..');
const tty = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const paint = (code, text) => (tty ? `\x1b[${code}m${text}\x1b[0m` : text);
const TAGS = { start: '1;36', postgres: '34', migrate: '35', api: '32', worker: '33' };
const tag = (name) => paint(TAGS[name] ?? '0', `[${name}]`);
const say = (message) => process.stdout.write(`${tag('start')} ${message}\n`);

class Fatal extends Error {}

const children = new Map(); // name -> ChildProcess (api, worker)
let database; // the embedded PostgreSQL helper process, when started
let shuttingDown = false;

function prefixed(stream, name, out) {
  readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => out.write(`${tag(name)} ${line}\n`));
}

function redactUrl(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

function build() {
  if (process.argv.includes('--no-build')) return;
  say('building (incremental tsc)…');
  const npm = process.env.npm_execpath;
  const [command, args] = npm && npm.endsWith('.js') ? [process.execPath, [npm]] : ['npm', []];
  const result = spawnSync(command, [...args, 'run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Fatal('the build failed (compiler errors above)');
}

function requireBuilt() {
  for (const file of ['dist/apps/api/src/main.js', 'dist/apps/worker/src/main.js', 'dist/libs/database/src/embedded-postgres.js']) {
    if (!fs.existsSync(path.join(root, file))) throw new Fatal(`${file} is missing: run \`npm run build\` (or npm start without --no-build)`);
  }
}

/** Starts scripts/embedded-postgres.js in its own process group (Ctrl+C must not reach the database first). */
function startEmbeddedPostgres(env) {
  const fresh = !fs.existsSync(path.join(root, '.data/postgres/PG_VERSION'));
  say(`starting the embedded PostgreSQL${fresh ? ' (first run: initialising .data/postgres)' : ''}…`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'embedded-postgres.js')], {
      cwd: root,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    database = child;
    prefixed(child.stdout, 'postgres', process.stdout);
    prefixed(child.stderr, 'postgres', process.stderr);
    let settled = false;
    child.on('message', (message) => {
      if (message.type === 'ready') {
        settled = true;
        resolve(message);
      } else if (message.type === 'failed') {
        settled = true;
        const log = (message.log ?? []).map((line) => `\n    ${line}`).join('');
        reject(new Fatal(`the embedded PostgreSQL did not start: ${message.message}${log}`));
      }
    });
    child.on('exit', (code, signal) => {
      database = undefined;
      if (!settled) {
        settled = true;
        reject(new Fatal(`the embedded PostgreSQL helper exited during start-up (${signal ?? `code ${code}`})`));
      } else if (!shuttingDown) {
        say('the embedded PostgreSQL stopped unexpectedly');
        void shutdown(1);
      }
    });
  });
}

async function stopEmbeddedPostgres() {
  const child = database;
  if (!child) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  if (child.connected) child.send({ type: 'stop' });
  else child.kill('SIGTERM');
  const timer = setTimeout(() => {
    say('the embedded PostgreSQL is slow to stop; killing it');
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, 30_000);
  await exited;
  clearTimeout(timer);
  say('embedded PostgreSQL stopped');
}

/** PING with a short timeout and no retries; prints one hint line when Redis does not answer. */
async function checkRedis(url) {
  const { Redis } = require('ioredis');
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1_500,
    commandTimeout: 1_500,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  let ok = false;
  try {
    await redis.connect();
    ok = (await redis.ping()) === 'PONG';
  } catch {
    ok = false;
  } finally {
    redis.disconnect();
  }
  if (ok) {
    say(`Redis answers at ${redactUrl(url)}`);
  } else {
    const { redisHint } = require(path.join(root, 'dist/libs/redis/src/redis-connection.js'));
    process.stdout.write(`${tag('start')} ${paint('1;33', redisHint(url))}\n`);
  }
}

function runToCompletion(name, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.set(name, child);
    prefixed(child.stdout, name, process.stdout);
    prefixed(child.stderr, name, process.stderr);
    child.on('exit', (code, signal) => {
      children.delete(name);
      if (code === 0) resolve();
      else reject(new Fatal(`${name} failed (${signal ?? `code ${code}`})`));
    });
  });
}

function runService(name, main, env) {
  const child = spawn(process.execPath, ['--enable-source-maps', '-r', './scripts/register-dist-paths.js', main], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set(name, child);
  prefixed(child.stdout, name, process.stdout);
  prefixed(child.stderr, name, process.stderr);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!shuttingDown) {
      say(`${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping the rest`);
      void shutdown(1);
    }
  });
}

/** Resolves true once GET url answers 200, false after timeoutMs or when shutting down. */
async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !shuttingDown) {
    const status = await new Promise((resolve) => {
      const request = http.get(url, { timeout: 2_000 }, (response) => {
        response.resume();
        resolve(response.statusCode);
      });
      request.on('timeout', () => request.destroy());
      request.on('error', () => resolve(0));
    });
    if (status === 200) return true;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
}

async function stopChildren(signal) {
  const running = [...children.values()];
  await Promise.all(
    running.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill(signal);
        }),
    ),
  );
}

async function shutdown(code, signal = 'SIGTERM') {
  if (shuttingDown) return;
  shuttingDown = true;
  if (children.size > 0) say(`stopping ${[...children.keys()].join(' and ')}…`);
  await stopChildren(signal);
  await stopEmbeddedPostgres();
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (shuttingDown) say('still shutting down…');
    else void shutdown(0, signal === 'SIGHUP' ? 'SIGTERM' : signal);
  });
}

// A closed pipe on our output (e.g. `npm start | head`) must not crash the supervisor.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

// When whatever launched us goes away without signalling us (npm's `sh -c` dies on SIGTERM), stop too:
// nothing would be left to stop the API, the worker and the database otherwise.
const launcher = process.ppid;
setInterval(() => {
  if (process.ppid !== launcher && !shuttingDown) {
    say('the launching process went away; stopping');
    void shutdown(0);
  }
}, 1_000).unref();

async function main() {
  build();
  requireBuilt();
  const env = { ...process.env };
  env.PORT ||= '3000';
  env.REDIS_URL ||= 'redis://127.0.0.1:6379';
  if (tty && !env.FORCE_COLOR) env.FORCE_COLOR = '1';

  if (env.DATABASE_URL) {
    say(`using DATABASE_URL ${redactUrl(env.DATABASE_URL)}`);
  } else {
    const ready = await startEmbeddedPostgres(env);
    env.DATABASE_URL = ready.url;
    say(`embedded PostgreSQL on 127.0.0.1:${ready.port} (data in ${ready.dataDir})`);
  }
  if (shuttingDown) return;

  await checkRedis(env.REDIS_URL);
  await runToCompletion('migrate', [path.join(__dirname, 'migrate.js'), '--seed'], env);
  if (shuttingDown) return;

  runService('api', 'dist/apps/api/src/main.js', env);
  runService('worker', 'dist/apps/worker/src/main.js', env);

  const base = `http://localhost:${env.PORT}`;
  if (await waitForHttp(`http://127.0.0.1:${env.PORT}/api/health`, 90_000)) {
    say(paint('1;32', `Zhuqi is running: ${base}/api/health, API docs ${base}/api/docs`) + '   (Ctrl+C stops it)');
  } else if (!shuttingDown) {
    say(`the API did not answer ${base}/api/health within 90 s; it keeps trying (see [api] lines)`);
  }
}

main().catch((error) => {
  if (shuttingDown) return;
  process.stderr.write(`${tag('start')} ${error instanceof Fatal ? error.message : error && error.stack ? error.stack : error}\n`);
  void shutdown(1);
});
