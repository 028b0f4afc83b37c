#!/usr/bin/env node
// Builds the dashboard (web/ → web/dist) when web/dist is missing or stale, and only then.
// "Stale" is decided by content, not mtimes: a SHA-256 over every source file of the web app
// (web/index.html, web/vite.config.ts, web/src/**, web/public/**) is stored in
// web/dist/.source-hash after a build, so a fresh clone, a `git checkout` or an edit all rebuild,
// and nothing else does.
//
// Several processes may call this at once (test files run in parallel, `npm start` while tests
// run): a lock file serialises builds, and a waiter re-checks the hash once the lock is gone.
//
// Usage: node scripts/ensure-web-build.js [--force]      (npm start runs it first: prestart)
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WEB = join(ROOT, 'web');
const DIST = join(WEB, 'dist');
const STAMP = join(DIST, '.source-hash');
const LOCK = join(WEB, '.build-lock');
/** A lock older than this is left over from a killed build. */
const STALE_LOCK_MS = 2 * 60_000;

function walk(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/**
 * Hash of the web app's sources.
 *
 * @example
 * sourceHash() // 'e3b0c442…'
 */
export function sourceHash() {
  const files = [
    join(WEB, 'index.html'),
    join(WEB, 'vite.config.ts'),
    ...walk(join(WEB, 'src'), []),
    ...walk(join(WEB, 'public'), []),
  ];
  const h = createHash('sha256');
  for (const f of files) {
    h.update(relative(WEB, f).replaceAll('\\', '/'));
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex');
}

function upToDate(hash) {
  return (
    existsSync(join(DIST, 'index.html')) &&
    existsSync(STAMP) &&
    readFileSync(STAMP, 'utf8').trim() === hash
  );
}

function tryLock() {
  try {
    closeSync(openSync(LOCK, 'wx'));
    return true;
  } catch {
    try {
      if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { force: true });
    } catch {
      // Removed meanwhile: try again next round.
    }
    return false;
  }
}

/**
 * Builds web/dist unless it already matches the sources. Returns whether it built.
 *
 * @example
 * await ensureWebBuild(); // false when web/dist is current
 */
export async function ensureWebBuild({ force = false, quiet = false } = {}) {
  for (;;) {
    const hash = sourceHash();
    if (!force && upToDate(hash)) return false;
    if (!tryLock()) {
      await sleep(250);
      continue;
    }
    try {
      if (!force && upToDate(sourceHash())) return false;
      const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
      const r = spawnSync(
        process.execPath,
        [
          vite,
          'build',
          '--config',
          join(WEB, 'vite.config.ts'),
          '--logLevel',
          quiet ? 'error' : 'info',
        ],
        { cwd: ROOT, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' },
      );
      if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status ?? r.signal})`);
      writeFileSync(STAMP, `${hash}\n`);
      return true;
    } finally {
      rmSync(LOCK, { force: true });
    }
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = await ensureWebBuild({ force: process.argv.includes('--force') });
  if (!built) console.error('web/dist is up to date');
}
