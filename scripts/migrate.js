#!/usr/bin/env node
'use strict';
/**
 * Applies every pending migration to DATABASE_URL (safe to run from several processes: advisory lock).
 *   node scripts/migrate.js          (npm run migrate)
 *   node scripts/migrate.js --seed   also loads the demo reference data into an empty database, unless DEMO_SEED=false,
 *                                    gives the demo accounts their password (DEMO_PASSWORD, default zhuqi-demo),
 *                                    then the demo history (a year of cases) into a database without cases, unless DEMO_HISTORY=false
 * Runs the compiled code in dist/ (npm run build).
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function log(message) {
  process.stdout.write(`${message}\n`);
}

/** Loads the demo reference data (seeds/reference) into an empty database; a no-op once seeded. */
async function seedIfEmpty(url) {
  const { seedReferenceData } = require('@zhuqi/reference-data');
  if (typeof seedReferenceData !== 'function') {
    log('reference data: @zhuqi/reference-data exports no seedReferenceData; nothing seeded');
    return;
  }
  // Takes a Pool, a DataSource or a URL; seeds in one transaction under an advisory lock.
  const result = await seedReferenceData(url);
  if (result && result.seeded === false) {
    log('reference data: already present; nothing seeded');
  } else {
    const counts = result && result.counts ? Object.entries(result.counts).map(([k, n]) => `${n} ${k}`).join(', ') : '';
    log(`reference data: demo data loaded${counts ? ` (${counts})` : ''}; DEMO_SEED=false skips this`);
  }
}

/** The demo logins (admin, dispatcher, supervisor, manager, grid01, grid02, handler-<department>). */
async function seedDemoAccounts(url) {
  if (process.env.NODE_ENV === 'production' && !process.env.DEMO_PASSWORD) {
    log('demo accounts: NODE_ENV=production without DEMO_PASSWORD; none created (npm run accounts:create-admin makes the first admin)');
    return;
  }
  const { seedDemoAccounts: seed } = require('@zhuqi/accounts');
  const { created } = await seed(url, process.env.DEMO_PASSWORD || 'zhuqi-demo');
  log(
    created.length
      ? `demo accounts: ${created.length} logins with password ${process.env.DEMO_PASSWORD ? 'DEMO_PASSWORD' : '"zhuqi-demo"'} (${created.join(', ')})`
      : 'demo accounts: already present',
  );
}

async function main(argv) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error('DATABASE_URL is not set (npm start sets it to the embedded PostgreSQL)');
  }
  if (!fs.existsSync(path.join(root, 'dist/libs/database/src/index.js'))) {
    throw new Error('dist/ is missing or incomplete: run `npm run build` first');
  }
  require('./register-dist-paths');
  const { migrate } = require('@zhuqi/database');
  await migrate(url);
  log('migrations: database schema is up to date');
  if (argv.includes('--seed')) {
    if (process.env.DEMO_SEED === 'false') log('reference data: DEMO_SEED=false; nothing seeded');
    else {
      await seedIfEmpty(url);
      await seedDemoAccounts(url);
    }
    if (process.env.DEMO_SEED === 'false') log('demo history: DEMO_SEED=false; nothing loaded');
    else if (process.env.DEMO_HISTORY === 'false') log('demo history: DEMO_HISTORY=false; nothing loaded');
    else await require(path.join(root, 'dist/seeds/demo-history/seed-demo-history.js')).seedDemoHistory({ log });
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`migrate failed: ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);
