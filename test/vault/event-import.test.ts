import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { createLog } from '../../src/audit/log-signer.ts';
import { verifyLog } from '../../src/audit/log-verifier.ts';
import { InputError } from '../../src/core/errors.ts';
import { importEvents, importEventsFile } from '../../src/vault/event-import.ts';
import { isIsoWithOffset, validateEvent } from '../../src/vault/event-validation.ts';
import { describeEachEngine, type TestEngine } from '../helpers/databases.ts';
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
