/**
 * Invariant 2 (DESIGN §3): after `import customers`, plaintext PI is nowhere in the database —
 * neither in the SQLite file (and its WAL) nor in a `pg_dump` of the PostgreSQL schema. Checked
 * twice: `piguard scan` over a text rendering of the bytes finds none of the fixtures' phones,
 * ID numbers or names, and no fixture value occurs byte for byte. A control database holding the
 * same values in the clear shows that scan does find them there, so the test can fail.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { POSTGRES_TEST_URL, describeEachEngine, type TestDatabase } from '../helpers/databases.ts';
import { initInProcess } from '../helpers/init-in-process.ts';
import { runCli } from '../helpers/run-cli.ts';
import {
  CHINESE_HEADERS,
  fixtureCustomers,
  table,
  VAULT_ENV,
  writeCustomersFile,
  type FixtureCustomer,
} from './customer-fixtures.ts';

const CUSTOMERS = fixtureCustomers(20);
const ORDER: (keyof FixtureCustomer)[] = [
  'customer_id',
  'name',
  'birth_date',
  'phone',
  'id_number',
  'address',
  'agent',
];

/** The database's bytes: the SQLite file and its WAL, or a plain-text pg_dump of the schema. */
function databaseBytes(d: TestDatabase): Buffer {
  if (d.engine === 'sqlite') {
    const path = d.url.slice('sqlite:'.length);
    const parts = [readFileSync(path)];
    if (existsSync(`${path}-wal`)) parts.push(readFileSync(`${path}-wal`));
    return Buffer.concat(parts);
  }
  const schema = /search_path%3D(t_[0-9a-f_]+)/.exec(d.url)?.[1];
  assert.ok(schema);
  return execFileSync('/usr/bin/pg_dump', ['-d', POSTGRES_TEST_URL, '-n', schema], {
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** Text a scanner can read: control bytes become line breaks, invalid UTF-8 becomes U+FFFD. */
function asText(bytes: Buffer): string {
  const copy = Buffer.from(bytes);
  for (let i = 0; i < copy.length; i++) {
    const b = copy[i]!;
    if ((b < 0x20 && b !== 0x09) || b === 0x7f) copy[i] = 0x0a;
  }
  return new TextDecoder('utf-8').decode(copy).replace(/\n{2,}/g, '\n');
}

/** Texts of `piguard scan` findings over `text`, by type. */
function scanTexts(text: string): Map<string, Set<string>> {
  const r = runCli(['scan', '--types', 'PHONE_NUMBER,CN_RESIDENT_ID,PERSON_NAME', '-'], {
    input: text,
  });
  assert.equal(r.status, 0, r.stderr);
  const out = new Map<string, Set<string>>();
  for (const line of r.stdout.split('\n')) {
    if (!line) continue;
    const f = JSON.parse(line) as { type: string; text: string };
    const texts = out.get(f.type) ?? new Set<string>();
    texts.add(f.text.replace(/[\s-]/g, ''));
    out.set(f.type, texts);
  }
  return out;
}

describeEachEngine('invariant 2: no plaintext PI at rest after import', (engine) => {
  test('scan of the database finds none of the imported values; a plaintext control is found', async (t) => {
    // Control: the same values stored in the clear, one per row, in a database of the same engine.
    // (The empty second column puts a control byte — its SQLite serial type — before each value.)
    const control = await engine.open(t, { migrate: false });
    await sql`create table plain (v text, pad text)`.execute(control.db);
    for (const c of CUSTOMERS) {
      for (const v of [c.name, c.phone, c.id_number]) {
        await sql`insert into plain (v, pad) values (${v}, '')`.execute(control.db);
      }
    }
    if (control.engine === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(control.db);
    const found = scanTexts(asText(databaseBytes(control)));
    for (const c of CUSTOMERS) {
      assert.ok(
        found.get('PHONE_NUMBER')?.has(c.phone),
        `control: phone of ${c.customer_id} found`,
      );
      assert.ok(
        found.get('CN_RESIDENT_ID')?.has(c.id_number),
        `control: ID of ${c.customer_id} found`,
      );
    }
    const detectableNames = CUSTOMERS.map((c) => c.name).filter((n) =>
      found.get('PERSON_NAME')?.has(n),
    );
    assert.ok(detectableNames.length > 0, 'control: some fixture names are detectable');

    // The vault: import through the CLI, then look at every byte of the database.
    const d = await engine.open(t);
    await initInProcess(d.url, VAULT_ENV); // init's own CLI tests are elsewhere
    const file = join(d.tempDir, 'customers.csv');
    await writeCustomersFile(file, 'csv', table(CUSTOMERS, ORDER, CHINESE_HEADERS));
    const r = runCli(['--db', d.url, 'import', 'customers', file], { env: VAULT_ENV });
    assert.equal(r.status, 0, r.stderr);
    const bytes = databaseBytes(d);
    assert.ok(bytes.includes(Buffer.from('C000001')), 'the rendering holds the clear columns');
    const seen = scanTexts(asText(bytes));
    for (const c of CUSTOMERS) {
      assert.ok(!seen.get('PHONE_NUMBER')?.has(c.phone), `phone of ${c.customer_id} at rest`);
      assert.ok(!seen.get('CN_RESIDENT_ID')?.has(c.id_number), `ID of ${c.customer_id} at rest`);
      for (const value of [c.phone, c.id_number, c.name, c.address, c.birth_date]) {
        assert.ok(
          !bytes.includes(Buffer.from(value, 'utf8')),
          `a value of ${c.customer_id} at rest`,
        );
      }
    }
    for (const name of detectableNames)
      assert.ok(!seen.get('PERSON_NAME')?.has(name), 'name at rest');
  });
});
