import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Migrator, sql } from 'kysely';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { createLog } from '../../src/audit/log-signer.ts';
import { verifyLog } from '../../src/audit/log-verifier.ts';
import { InputError } from '../../src/core/errors.ts';
import { allMigrations, migrateToLatest } from '../../src/store/migrator.ts';
import { importEvents, importEventsFile } from '../../src/vault/event-import.ts';
import { isIsoWithOffset, validateEvent } from '../../src/vault/event-validation.ts';
import { describeEachEngine, type TestDatabase, type TestEngine } from '../helpers/databases.ts';
import { runCli } from '../helpers/run-cli.ts';

const PHONE = '13912345678';

function ev(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ts: `2025-03-0${1 + (i % 5)}T09:${String(i % 60).padStart(2, '0')}:00+08:00`,
    actor: `S${i % 3}`,
    action: i % 4 === 0 ? 'export' : 'view',
    customers: [`C${i}`, `C${i + 1}`, `C${i}`],
    purpose: 'service',
    source: 'core',
    ...extra,
  };
}

async function fixture(engine: TestEngine, t: Parameters<TestEngine['open']>[0]) {
  const d = await engine.open(t);
  const masterKey = randomBytes(32);
  await createLog(d.db, { origin: 'piguard.test/events', masterKey });
  const log = new AuditLog(d);
  t.after(() => log.close());
  return { d, log, masterKey };
}

test('isIsoWithOffset accepts offsets and Z, rejects local times and impossible dates', () => {
  assert.equal(isIsoWithOffset('2025-03-01T09:15:00+08:00'), true);
  assert.equal(isIsoWithOffset('2025-03-01T09:15:00.123Z'), true);
  assert.equal(isIsoWithOffset('2025-03-01T09:15+08:00'), true);
  assert.equal(isIsoWithOffset('2025-03-01T09:15:00'), false);
  assert.equal(isIsoWithOffset('2025-03-01 09:15:00+08:00'), false);
  assert.equal(isIsoWithOffset('2025-02-30T09:15:00+08:00'), false);
  assert.equal(isIsoWithOffset('2025-13-01T09:15:00Z'), false);
  assert.equal(isIsoWithOffset('2025-03-01T09:15:60Z'), false);
  assert.equal(isIsoWithOffset('2025-03-01T09:15:59Z'), true);
  // The one-date cache never lets an invalid time through after a valid one of the same day.
  assert.equal(isIsoWithOffset('2025-03-01T24:00:00Z'), false);
  assert.equal(isIsoWithOffset('2025-02-29T09:15:00Z'), false);
  assert.equal(isIsoWithOffset('2024-02-29T09:15:00Z'), true);
});

test('validateEvent keeps the §5.3 fields, drops unknown ones, and never echoes values', () => {
  const e = validateEvent({ ...ev(1), role: 'agent', outcome: 'call', note: PHONE });
  assert.deepEqual(Object.keys(e).sort(), [
    'action',
    'actor',
    'customers',
    'outcome',
    'purpose',
    'role',
    'source',
    'ts',
  ]);
  const bad: Array<[Record<string, unknown>, RegExp]> = [
    [{ ...ev(1), ts: PHONE }, /"ts"/],
    [{ ...ev(1), action: 'delete' }, /"action" must be one of/],
    [{ ...ev(1), customers: PHONE }, /"customers" must be an array/],
    [{ ...ev(1), customers: ['C1', 5] }, /"customers"\[1\]/],
    [{ ...ev(1), actor: '' }, /"actor" is empty/],
    [{ ...ev(1), source: undefined }, /"source" is missing/],
    [{ ...ev(1), purpose: 7 }, /"purpose" must be a string/],
  ];
  for (const [value, re] of bad) {
    assert.throws(
      () => validateEvent(value),
      (err: Error) => re.test(err.message) && !err.message.includes(PHONE),
    );
  }
  assert.equal(validateEvent({ ...ev(1), source: undefined }, 'crm').source, 'crm');
});

describeEachEngine('event import', (engine) => {
  test('imports events as audited access entries and indexes them', async (t) => {
    const { d, log, masterKey } = await fixture(engine, t);
    const r = await importEvents(d.db, log, [ev(1), ev(2), ev(3)], { batchSize: 2 });
    assert.equal(r.events, 3);
    assert.equal(r.customers, 6);
    assert.equal(r.firstIndex, 0);
    assert.equal(r.lastIndex, 2);
    assert.equal(await log.size(), 3);
    const entry = JSON.parse((await log.entry(1)).toString('utf8')) as Record<string, unknown>;
    assert.equal(entry['type'], 'access');
    assert.equal(entry['decision'], 'allow');
    assert.equal(entry['actor'], 'S2');
    const rows = await d.db
      .selectFrom('access_event_customers')
      .select(['audit_idx', 'customer_id'])
      .orderBy('audit_idx')
      .orderBy('customer_id')
      .execute();
    assert.deepEqual(
      rows.map((x) => `${Number(x.audit_idx)}:${x.customer_id}`),
      ['0:C1', '0:C2', '1:C2', '1:C3', '2:C3', '2:C4'],
    );
    const events = await d.db
      .selectFrom('access_events')
      .selectAll()
      .orderBy('audit_idx')
      .execute();
    assert.equal(events.length, 3);
    assert.equal(events[0]!.customers, 2);
    assert.equal(events[0]!.source, 'core');
    const report = await verifyLog(d.db);
    assert.deepEqual(report.problems, []);
    void masterKey;
  });

  test('a bad line anywhere keeps nothing and names FILE:LINE', async (t) => {
    const { d, log } = await fixture(engine, t);
    await importEvents(d.db, log, [ev(1)]);
    const file = join(d.tempDir, 'events.jsonl');
    const lines = [ev(2), ev(3), ev(4)].map((e) => JSON.stringify(e));
    lines.push('');
    lines.push(JSON.stringify({ ...ev(5), ts: '2025-03-01 10:00' }));
    writeFileSync(file, lines.join('\n') + '\n');
    await assert.rejects(
      importEventsFile(d.db, log, file, { batchSize: 2 }),
      (err: Error) =>
        err instanceof InputError && err.message.startsWith(`${file}:5: "ts" is not an ISO-8601`),
    );
    assert.equal(await log.size(), 1);
    const n = await d.db
      .selectFrom('access_event_customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 2);
    // The log still appends after the rollback (its cached border was discarded).
    const r = await importEvents(d.db, log, [ev(6)]);
    assert.equal(r.firstIndex, 1);
  });

  test('CLI: import events FILE and -, exit 2 on a bad line', async (t) => {
    const d = await engine.open(t);
    const env = { PIGUARD_MASTER_KEY: randomBytes(32).toString('base64') };
    assert.equal(runCli(['--db', d.url, 'init'], { env }).status, 0);
    const file = join(d.tempDir, 'events.jsonl');
    writeFileSync(file, [ev(1), ev(2)].map((e) => JSON.stringify(e)).join('\n'));
    let r = runCli(['--db', d.url, 'import', 'events', file], { env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /imported 2 events, 4 customer references/);
    r = runCli(['--db', d.url, 'import', 'events', '-', '--source', 'crm'], {
      env,
      input: JSON.stringify({ ...ev(3), source: undefined }) + '\n',
    });
    assert.equal(r.status, 0, r.stderr);
    r = runCli(['--db', d.url, 'import', 'events', '-'], {
      env,
      input: JSON.stringify(ev(4)) + '\n{"ts": oops\n',
    });
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'piguard: <stdin>:2: not valid JSON\n');
    const n = await d.db
      .selectFrom('access_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 3);
    const last = await d.db
      .selectFrom('access_events')
      .select('source')
      .orderBy('audit_idx', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(last.source, 'crm');
  });
});

describeEachEngine('event import of a bulk export', (engine) => {
  test('an event naming 12,000 customers is split into audit entries that fit', async (t) => {
    const { d, log } = await fixture(engine, t);
    const customers = Array.from({ length: 12_000 }, (_, i) => `C${String(i).padStart(7, '0')}`);
    const r = await importEvents(d.db, log, [ev(1), { ...ev(2), action: 'export', customers }]);
    assert.equal(r.events, 2);
    assert.equal(r.customers, 2 + 12_000);
    const size = await log.size();
    assert.ok(size > 2, `split into ${size - 1} entries`);
    const n = await d.db
      .selectFrom('access_event_customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'export')
      .executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 12_000);
    for (let i = 1; i < size; i++) assert.ok((await log.entry(i)).length < 65_535);
  });
});

describeEachEngine('access index migration 0007', (engine) => {
  test('upgrades an existing index: rows copied, view and its insert trigger, new writes', async (t) => {
    const d = await engine.open(t, { migrate: false });
    // The schema as it was before 0007, with rows in the old layout.
    const before = Object.fromEntries(
      Object.entries(allMigrations(d.engine)).filter(([name]) => name < '0007'),
    );
    // As migrateToLatest does: on PostgreSQL the migration tables live in the test's schema.
    const migrationTableSchema =
      d.engine === 'postgres'
        ? (await sql<{ s: string }>`select current_schema() as s`.execute(d.db)).rows[0]?.s
        : undefined;
    const migrator = new Migrator({
      db: d.db,
      provider: { getMigrations: () => Promise.resolve(before) },
      ...(migrationTableSchema ? { migrationTableSchema } : {}),
    });
    const { error } = await migrator.migrateToLatest();
    assert.equal(error, undefined);
    const old = [
      { idx: 100, ts: '2025-03-01T01:00:00.000Z', actor: 'S1', ids: ['C1', 'C2'] },
      { idx: 101, ts: '2025-03-02T01:00:00.000Z', actor: 'S2', ids: ['C2'] },
      { idx: 105, ts: '2025-03-03T01:00:00.000Z', actor: 'S1', ids: ['C3', 'C1'] },
    ];
    for (const e of old) {
      await d.db
        .insertInto('access_events')
        .values({
          audit_idx: e.idx,
          ts: e.ts,
          actor: e.actor,
          action: 'view',
          purpose: 'claims',
          source: 'gateway',
          role: null,
          branch: null,
          outcome: null,
          decision: 'allow',
          customers: e.ids.length,
          export_id: null,
        })
        .execute();
      await d.db
        .insertInto('access_event_customers')
        .values(
          e.ids.map((c) => ({
            audit_idx: e.idx,
            customer_id: c,
            actor: e.actor,
            ts: e.ts,
            action: 'view',
          })),
        )
        .execute();
    }
    assert.ok((await migrateToLatest(d.db, d.engine)).includes('0007-access-index'));

    const view = async () =>
      (
        await d.db
          .selectFrom('access_event_customers')
          .select(['audit_idx', 'customer_id', 'actor', 'ts', 'action'])
          .orderBy('audit_idx')
          .orderBy('customer_id')
          .execute()
      ).map((r) => `${Number(r.audit_idx)} ${r.customer_id} ${r.actor} ${r.ts} ${r.action}`);
    assert.deepEqual(await view(), [
      '100 C1 S1 2025-03-01T01:00:00.000Z view',
      '100 C2 S1 2025-03-01T01:00:00.000Z view',
      '101 C2 S2 2025-03-02T01:00:00.000Z view',
      '105 C1 S1 2025-03-03T01:00:00.000Z view',
      '105 C3 S1 2025-03-03T01:00:00.000Z view',
    ]);
    const events = await d.db
      .selectFrom('access_events')
      .select(['audit_idx', 'actor'])
      .orderBy('audit_idx')
      .execute();
    assert.deepEqual(
      events.map((e) => `${Number(e.audit_idx)} ${e.actor}`),
      ['100 S1', '101 S2', '105 S1'],
    );
    if (d.engine === 'sqlite') {
      // audit_idx is the rowid now (no separate key index).
      const { rows } = await sql<{ pk: number; type: string }>`
        select pk, type from pragma_table_info('access_events') where name = 'audit_idx'`.execute(
        d.db,
      );
      assert.deepEqual(
        rows.map((r) => `${r.pk} ${r.type.toLowerCase()}`),
        ['1 integer'],
      );
    }
    // The old readers' access paths still work: by customer, by actor and time, by audit range.
    const byCustomer = await d.db
      .selectFrom('access_event_customers as c')
      .innerJoin('access_events as e', 'e.audit_idx', 'c.audit_idx')
      .select(['e.actor'])
      .where('c.customer_id', '=', 'C2')
      .orderBy('e.ts', 'desc')
      .execute();
    assert.deepEqual(
      byCustomer.map((r) => r.actor),
      ['S2', 'S1'],
    );
    const byActor = await d.db
      .selectFrom('access_event_customers')
      .select('customer_id')
      .where('actor', 'in', ['S1'])
      .where('ts', '>=', '2025-03-02T00:00:00.000Z')
      .orderBy('customer_id')
      .execute();
    assert.deepEqual(
      byActor.map((r) => r.customer_id),
      ['C1', 'C3'],
    );

    // Direct inserts into the view land in the refs table; duplicates are still refused.
    await d.db
      .insertInto('access_event_customers')
      .values({
        audit_idx: 101,
        customer_id: 'C9',
        actor: 'ignored',
        ts: 'ignored',
        action: 'ignored',
      })
      .execute();
    const refs = await d.db
      .selectFrom('access_event_refs')
      .select(['audit_idx', 'customer_id'])
      .where('customer_id', '=', 'C9')
      .execute();
    assert.deepEqual(
      refs.map((r) => Number(r.audit_idx)),
      [101],
    );
    await assert.rejects(
      d.db
        .insertInto('access_event_customers')
        .values({ audit_idx: 101, customer_id: 'C9', actor: 'S2', ts: '', action: 'view' })
        .execute(),
    );

    // And the import path writes on top of the upgraded index.
    await createLog(d.db, { origin: 'piguard.test/upgrade', masterKey: randomBytes(32) });
    const log = new AuditLog(d);
    t.after(() => log.close());
    const r = await importEvents(d.db, log, [ev(7)]);
    const mine = await d.db
      .selectFrom('access_event_customers')
      .select('customer_id')
      .where('audit_idx', '=', r.firstIndex!)
      .orderBy('customer_id')
      .execute();
    assert.deepEqual(
      mine.map((x) => x.customer_id),
      ['C7', 'C8'],
    );
  });
});

describeEachEngine('event import with the worker thread', (engine) => {
  /** Everything an import leaves behind, for comparing two databases. */
  async function snapshot(d: TestDatabase, log: AuditLog) {
    const size = await log.size();
    const entries: string[] = [];
    for (let i = 0; i < size; i++) entries.push((await log.entry(i)).toString('hex'));
    const events = await d.db
      .selectFrom('access_events')
      .selectAll()
      .orderBy('audit_idx')
      .execute();
    const refs = await d.db
      .selectFrom('access_event_refs')
      .selectAll()
      .orderBy('audit_idx')
      .orderBy('customer_id')
      .execute();
    const { rows: indexes } = await sql<{ name: string; sql: string }>`
      select name, sql from sqlite_master where type = 'index' and sql is not null
      order by name`.execute(d.db);
    return { root: (await log.info()).rootHash.toString('hex'), entries, events, refs, indexes };
  }

  function writeEvents(file: string, bad?: { line: number; text: string }): number {
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify(ev(i, { role: 'agent' })));
    lines[5] = ''; // blank lines are skipped
    lines[17] = JSON.stringify({
      ...ev(17),
      action: 'export',
      customers: Array.from({ length: 12_000 }, (_, i) => `C${String(i).padStart(7, '0')}`),
    });
    lines[0] = '\ufeff' + lines[0];
    if (bad) lines[bad.line - 1] = bad.text;
    writeFileSync(file, lines.join('\r\n') + '\r\n');
    return lines.length - 1;
  }

  // The worker path is SQLite only (PostgreSQL keeps the one-thread path): declared, not skipped,
  // so that CI=true runs show no skipped tests.
  if (engine.name === 'sqlite') {
    test('same entries, tree and index rows as in one thread; indexes rebuilt', async (t) => {
      const a = await fixture(engine, t);
      const b = await fixture(engine, t);
      await importEvents(a.d.db, a.log, [ev(1000)]);
      await importEvents(b.d.db, b.log, [ev(1000)]);
      const before = await snapshot(a.d, a.log);
      const file = join(a.d.tempDir, 'events.jsonl');
      const n = writeEvents(file);
      const ra = await importEventsFile(a.d.db, a.log, file, {
        worker: true,
        rebuildIndexes: true,
        batchSize: 64,
      });
      const rb = await importEventsFile(b.d.db, b.log, file, { worker: false, batchSize: 64 });
      assert.deepEqual(ra, rb);
      assert.equal(ra.events, n);
      assert.equal(ra.firstIndex, 1);
      const sa = await snapshot(a.d, a.log);
      assert.deepEqual(sa, await snapshot(b.d, b.log));
      assert.ok(sa.entries.length > n + 1, 'the bulk event was split');
      assert.deepEqual(sa.indexes, before.indexes);
      assert.ok(sa.indexes.some((i) => i.name === 'access_event_refs_customer'));
      assert.deepEqual((await verifyLog(a.d.db)).problems, []);
    });

    test('events in time order keep the time index; a batch back in time drops it', async (t) => {
      // Ordered: the time index is kept and written row by row; then the same file with its
      // second half moved back a day, so that the index is dropped after some batches went in.
      for (const backAt of [undefined, 150]) {
        const a = await fixture(engine, t);
        const b = await fixture(engine, t);
        await importEvents(a.d.db, a.log, [ev(1000)]);
        await importEvents(b.d.db, b.log, [ev(1000)]);
        const before = await snapshot(a.d, a.log);
        const file = join(a.d.tempDir, 'events.jsonl');
        const lines = Array.from({ length: 300 }, (_, i) => {
          const day = backAt !== undefined && i >= backAt ? 1 : 2;
          const ts = `2025-03-0${day}T09:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}+08:00`;
          return JSON.stringify(ev(i, { ts }));
        });
        writeFileSync(file, lines.join('\n') + '\n');
        const ra = await importEventsFile(a.d.db, a.log, file, {
          worker: true,
          rebuildIndexes: true,
          batchSize: 64,
        });
        const rb = await importEventsFile(b.d.db, b.log, file, { worker: false, batchSize: 64 });
        assert.deepEqual(ra, rb);
        const sa = await snapshot(a.d, a.log);
        assert.deepEqual(sa, await snapshot(b.d, b.log));
        assert.deepEqual(sa.indexes, before.indexes);
        // Every index holds exactly its table's rows, and a range read through the time index
        // finds the same events in both databases.
        const { rows: check } = await sql<{ integrity_check: string }>`
          pragma integrity_check`.execute(a.d.db);
        assert.deepEqual(check, [{ integrity_check: 'ok' }]);
        const range = (db: typeof a.d.db) =>
          sql<{ audit_idx: number }>`
            select audit_idx from access_events indexed by access_events_ts
            where ts >= '2025-03-01T01:02:00.000Z' order by ts, audit_idx`.execute(db);
        const ranged = await range(a.d.db);
        assert.ok(ranged.rows.length > 100);
        assert.deepEqual(ranged.rows, (await range(b.d.db)).rows);
      }
    });

    test('a bulk import writes through a rollback journal only when it has the file alone', async (t) => {
      // Alone: the journal file appears during the import (rollback journal), WAL mode is back
      // after it. With a second connection open (a server, a reader), the import stays in WAL.
      const journalMode = async (db: TestDatabase['db']) =>
        (await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db)).rows[0]!
          .journal_mode;
      for (const shared of [false, true]) {
        const a = await fixture(engine, t);
        const b = await fixture(engine, t);
        await importEvents(a.d.db, a.log, [ev(1000)]);
        await importEvents(b.d.db, b.log, [ev(1000)]);
        const dbFile = a.d.url.slice('sqlite:'.length);
        const other = shared ? new BetterSqlite3(dbFile, { readonly: true }) : undefined;
        t.after(() => other?.close());
        const seen = other?.prepare('select count(*) as n from access_events').get();
        const file = join(a.d.tempDir, 'events.jsonl');
        const n = writeEvents(file);
        let journalSeen = false;
        const ra = await importEventsFile(a.d.db, a.log, file, {
          worker: true,
          rebuildIndexes: true,
          batchSize: 64,
          onProgress: () => (journalSeen ||= existsSync(`${dbFile}-journal`)),
        });
        assert.equal(journalSeen, !shared, shared ? 'WAL next to a reader' : 'rollback journal');
        assert.equal(await journalMode(a.d.db), 'wal');
        if (other) {
          assert.deepEqual(seen, { n: 1 });
          // The reader sees the committed import.
          const { rows } = await sql<{ n: number }>`
            select count(*) as n from access_events`.execute(a.d.db);
          assert.ok(rows[0]!.n > n);
          assert.deepEqual(other.prepare('select count(*) as n from access_events').get(), rows[0]);
        }
        const rb = await importEventsFile(b.d.db, b.log, file, { worker: false, batchSize: 64 });
        assert.deepEqual(ra, rb);
        assert.equal(ra.events, n);
        assert.deepEqual(await snapshot(a.d, a.log), await snapshot(b.d, b.log));
        const { rows: check } = await sql<{ integrity_check: string }>`
          pragma integrity_check`.execute(a.d.db);
        assert.deepEqual(check, [{ integrity_check: 'ok' }]);
      }
    });

    test('a bad line: FILE:LINE, nothing kept, indexes intact, the log appends after', async (t) => {
      const { d, log } = await fixture(engine, t);
      await importEvents(d.db, log, [ev(1000)]);
      const before = await snapshot(d, log);
      const file = join(d.tempDir, 'events.jsonl');
      writeEvents(file, { line: 250, text: JSON.stringify({ ...ev(1), customers: [PHONE, 7] }) });
      await assert.rejects(
        importEventsFile(d.db, log, file, { worker: true, rebuildIndexes: true, batchSize: 64 }),
        (err: Error) =>
          err instanceof InputError &&
          err.message === `${file}:250: "customers"[1] must be a non-empty string id`,
      );
      assert.deepEqual(await snapshot(d, log), before);
      const { rows: mode } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(d.db);
      assert.deepEqual(mode, [{ journal_mode: 'wal' }], 'WAL mode is back after the rollback');
      writeEvents(file, { line: 3, text: '{"ts": oops' });
      await assert.rejects(
        importEventsFile(d.db, log, file, { worker: true }),
        (err: Error) => err instanceof InputError && err.message === `${file}:3: not valid JSON`,
      );
      assert.deepEqual(await snapshot(d, log), before);
      const r = await importEvents(d.db, log, [ev(6)]);
      assert.equal(r.firstIndex, 1);
      assert.deepEqual((await verifyLog(d.db)).problems, []);
    });
  }
});
