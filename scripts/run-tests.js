#!/usr/bin/env node
// Runs every test file under test/ with node's test runner through tsx.
// Node 20's --test does not expand globs, so the files are listed here.
// Usage: node scripts/run-tests.js [substring-filter ...]  (PIGUARD_TEST_BUILD=0: skip the build)
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const POSTGRES_TEST_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

// Each run names its schemas `t_<run>_<8 hex>`, where <run> is the run's start time in seconds
// (8 hex digits, passed to the test processes as PIGUARD_TEST_RUN). A run drops only its own
// schemas at the end, so several runs can share one PostgreSQL; at the start it drops leftovers
// of interrupted runs older than STALE_SECONDS (and the older `t_` + 12 hex naming).
const RUN_ID = Math.floor(Date.now() / 1000)
  .toString(16)
  .padStart(8, '0');
const STALE_SECONDS = 6 * 3600;

/**
 * Drops test schemas chosen by `pick(name)`. Done here, between runs, because dropping one while
 * another test process introspects the catalog makes that process's query fail. An unreachable
 * PostgreSQL is not this function's concern: the harness reports it (and fails under CI=true).
 */
async function dropTestSchemas(pick) {
  const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
  try {
    await client.connect();
    const { rows } = await client.query(
      "select nspname from pg_namespace where nspname ~ '^t_([0-9a-f]{12}|[0-9a-f]{8}_[0-9a-f]{8})$'",
    );
    for (const { nspname } of rows) {
      if (pick(nspname)) await client.query(`drop schema if exists ${nspname} cascade`);
    }
  } catch {
    // PostgreSQL down or unreachable: nothing to clean.
  } finally {
    await client.end().catch(() => undefined);
  }
}

function isStale(name) {
  const m = /^t_([0-9a-f]{8})_/.exec(name);
  if (!m) return true; // the older naming carried no time: only interrupted runs left those
  return Date.now() / 1000 - parseInt(m[1], 16) > STALE_SECONDS;
}

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = walk('test', [])
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(2);
}
const args = [
  '--import',
  'tsx',
  '--test',
  '--test-concurrency=2',
  '--test-reporter=spec',
  ...files,
];
await dropTestSchemas(isStale); // leftovers of interrupted runs
// Compile src/ to dist/ first: the tests start the `piguard` bin hundreds of times, and the bin
// runs a current dist/ (bin/dist-status.js) at about half the start-up cost of the sources
// through tsx. test/cli/bin-entry.test.ts keeps the sources path covered. A failed build only
// means the sources are used (type errors are `npm run lint`/`typecheck`'s business).
if (process.env.PIGUARD_TEST_BUILD !== '0') {
  const build = spawnSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
    { stdio: 'inherit' },
  );
  if (build.status !== 0) console.error('run-tests: build failed; the CLI runs from the sources');
}
const r = spawnSync(process.execPath, args, {
  stdio: 'inherit',
  env: { ...process.env, PIGUARD_TEST_RUN: RUN_ID },
});
await dropTestSchemas((name) => name.startsWith(`t_${RUN_ID}_`));
process.exit(r.status ?? 1);
