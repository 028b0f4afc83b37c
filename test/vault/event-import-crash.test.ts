/**
 * Crash during a bulk event import (SQLite, worker and index rebuild): a child process importing
 * a file is killed with SIGKILL inside the import's transaction — after its first batch, and
 * after its last batch, when the access indexes are dropped and not yet rebuilt. The database
 * must be exactly as before (entries, index rows, indexes), verify, pass SQLite's integrity
 * check, and import the same file afterwards. Twice: with the test's own connection open (the
 * import stays in WAL mode), and with the child alone on the file (the import writes through a
 * rollback journal, event-import-journal.ts, and the next open rolls the hot journal back).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { createLog } from '../../src/audit/log-signer.ts';
import { verifyLog } from '../../src/audit/log-verifier.ts';
import { migrateToLatest } from '../../src/store/migrator.ts';
import { openDatabase, type Database } from '../../src/store/open-database.ts';
import { importEvents, importEventsFile } from '../../src/vault/event-import.ts';

const CHILD = fileURLToPath(new URL('./fixtures/crash-event-importer.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EVENTS = 1_000;

/** Event i, one second after event i − 1 (in time order, as exports usually are). */
function ev(i: number): Record<string, unknown> {
  const t = new Date(Date.UTC(2025, 2, 2, 1) + i * 1_000).toISOString().slice(0, 19);
  return {
    ts: `${t}Z`,
    actor: `S${i % 7}`,
    action: i % 4 === 0 ? 'export' : 'view',
    customers: [`C${i}`, `C${(i * 31) % 997}`],
    purpose: 'service',
    source: 'core',
  };
}

/** Runs the child until it reports `written N` (N ≥ stopAt), then SIGKILLs it. */
function importAndKill(url: string, file: string, stopAt: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, url, file, String(stopAt)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let stderr = '';
    let written: number | undefined;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /written (\d+)\n/.exec(out);
      if (m && written === undefined) {
        written = Number(m[1]);
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL' || written === undefined) {
        reject(new Error(`child ended with ${code ?? signal}: ${out} ${stderr}`));
      } else resolve(written);
    });
  });
}

/** Everything the import writes, for comparing the database before and after. */
async function snapshot(database: Database, log: AuditLog) {
  const { db } = database;
  const info = await log.info();
  const count = async (table: string) =>
    (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!
      .n;
  const { rows: indexes } = await sql<{ name: string; sql: string }>`
    select name, sql from sqlite_master where type = 'index' and sql is not null
    order by name`.execute(db);
  return {
    size: info.size,
    root: info.rootHash.toString('hex'),
    entries: await count('audit_entries'),
    nodes: await count('audit_nodes'),
    events: await count('access_events'),
    refs: await count('access_event_refs'),
    indexes,
  };
}

test('SIGKILL inside a bulk event import leaves the database as it was', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'piguard-event-crash-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const url = `sqlite:${join(dir, 'crash.db')}`;
  const database = await openDatabase(url);
  t.after(() => database.close());
  await migrateToLatest(database.db, database.engine);
  await createLog(database.db, { origin: 'crash.test/events', masterKey: randomBytes(32) });
  const log = new AuditLog(database);
  t.after(() => log.close());
  await importEvents(database.db, log, [ev(0), ev(1)]);
  const before = await snapshot(database, log);
  assert.ok(before.indexes.some((i) => i.name === 'access_event_refs_customer'));
  const file = join(dir, 'events.jsonl');
  writeFileSync(file, Array.from({ length: EVENTS }, (_, i) => JSON.stringify(ev(i))).join('\n'));

  for (const stopAt of [1, EVENTS]) {
    const written = await importAndKill(url, file, stopAt);
    assert.ok(written >= stopAt, `killed after ${written} events`);
    assert.deepEqual(await snapshot(database, log), before, `killed after ${written} events`);
    assert.deepEqual((await verifyLog(database.db)).problems, []);
    const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(
      database.db,
    );
    assert.deepEqual(rows, [{ integrity_check: 'ok' }]);
  }
  const r = await importEventsFile(database.db, log, file, { worker: true, rebuildIndexes: true });
  assert.equal(r.events, EVENTS);
  assert.equal(r.firstIndex, before.size);
  const after = await snapshot(database, log);
  assert.equal(after.events, before.events + EVENTS);
  assert.deepEqual(after.indexes, before.indexes);
  assert.deepEqual((await verifyLog(database.db)).problems, []);
});

test('SIGKILL inside a bulk import that has the file alone (rollback journal)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'piguard-event-crash-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const dbFile = join(dir, 'crash.db');
  const url = `sqlite:${dbFile}`;
  /** Opens the database, runs `work`, closes it: the child must be alone on the file. */
  async function withDatabase<T>(work: (d: Database, log: AuditLog) => Promise<T>): Promise<T> {
    const database = await openDatabase(url);
    const log = new AuditLog(database);
    try {
      return await work(database, log);
    } finally {
      await log.close();
      await database.close();
    }
  }
  const before = await withDatabase(async (database, log) => {
    await migrateToLatest(database.db, database.engine);
    await createLog(database.db, { origin: 'crash.test/events', masterKey: randomBytes(32) });
    await importEvents(database.db, log, [ev(0), ev(1)]);
    return snapshot(database, log);
  });
  const file = join(dir, 'events.jsonl');
  writeFileSync(file, Array.from({ length: EVENTS }, (_, i) => JSON.stringify(ev(i))).join('\n'));

  for (const stopAt of [1, EVENTS]) {
    const written = await importAndKill(url, file, stopAt);
    assert.ok(existsSync(`${dbFile}-journal`), 'the killed import left a hot rollback journal');
    await withDatabase(async (database, log) => {
      assert.deepEqual(await snapshot(database, log), before, `killed after ${written} events`);
      assert.deepEqual((await verifyLog(database.db)).problems, []);
      const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(
        database.db,
      );
      assert.deepEqual(rows, [{ integrity_check: 'ok' }]);
      const { rows: mode } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(
        database.db,
      );
      assert.deepEqual(mode, [{ journal_mode: 'wal' }]);
    });
    assert.ok(!existsSync(`${dbFile}-journal`), 'the hot journal was rolled back');
  }
  await withDatabase(async (database, log) => {
    const r = await importEventsFile(database.db, log, file, {
      worker: true,
      rebuildIndexes: true,
    });
    assert.equal(r.events, EVENTS);
    assert.equal(r.firstIndex, before.size);
    const after = await snapshot(database, log);
    assert.equal(after.events, before.events + EVENTS);
    assert.deepEqual(after.indexes, before.indexes);
    assert.deepEqual((await verifyLog(database.db)).problems, []);
  });
});
