/**
 * The `init` and `audit` commands through the real bin (a child process per call), on both
 * engines. Calls are few because each one starts a fresh Node process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describeEachEngine } from '../helpers/databases.ts';
import { runCli } from '../helpers/run-cli.ts';
import { event } from './fixtures/audit-log-fixture.ts';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { canonicalJson } from '../../src/audit/canonical-json.ts';
import { parseCheckpoint } from '../../src/audit/checkpoint.ts';
import { consistencyProof } from '../../src/audit/merkle-proofs.ts';
import { verifyConsistency } from '../../src/audit/proof-verification.ts';
import { openNote, verifierFromKey } from '../../src/audit/signed-note.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { rootAt } from '../../src/audit/merkle-proofs.ts';

/** Environment for child processes: no inherited key or database settings. */
const cleanEnv = {
  PIGUARD_MASTER_KEY: '',
  PIGUARD_DB: '',
  PIGUARD_KEY_FILE: '',
  PIGUARD_CHECKPOINTS_FILE: '',
  PIGUARD_WITNESS_URL: '',
};

async function appendEvents(url: string, events: unknown[]): Promise<void> {
  const database = await openDatabase(url);
  const log = new AuditLog(database);
  await log.append(events);
  await log.close();
  await database.close();
}

describeEachEngine('piguard init / audit CLI', (engine) => {
  test('init is idempotent and writes a 0600 key file; checkpoint, prove, verify-proof, verify', async (t) => {
    const { url, tempDir: cwd } = await engine.open(t, { migrate: false });
    const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      runCli(['--db', url, ...args], { cwd, env: { ...cleanEnv, ...env } });

    const init = cli(['init', '--origin', 'example.test/audit']);
    assert.equal(init.status, 0, init.stderr);
    assert.match(init.stdout, /created schema/);
    assert.match(init.stdout, /created master key file \.\/piguard\.key \(mode 0600\)/);
    assert.match(init.stdout, /created audit log example\.test\/audit/);
    const vkey = /verifier key: (\S+)/.exec(init.stdout)?.[1] ?? '';
    assert.ok(vkey.startsWith('example.test/audit+'));
    assert.equal(statSync(join(cwd, 'piguard.key')).mode & 0o777, 0o600);
    const keyBefore = readFileSync(join(cwd, 'piguard.key'));

    const again = cli(['init']);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(
      again.stdout,
      'already initialised: nothing changed (audit log example.test/audit)\n',
    );
    assert.deepEqual(readFileSync(join(cwd, 'piguard.key')), keyBefore);

    const events = Array.from({ length: 6 }, (_, i) => event(i));
    await appendEvents(url, events);

    const cp = cli(['audit', 'checkpoint']);
    assert.equal(cp.status, 0, cp.stderr);
    const checkpoint = parseCheckpoint(openNote(cp.stdout, [verifierFromKey(vkey)]).text);
    assert.equal(checkpoint.size, 6);
    assert.ok(readFileSync(join(cwd, 'piguard.checkpoints'), 'utf8').includes(cp.stdout));

    const prove = cli(['audit', 'prove', '4', '--out', 'e4.tlog-proof']);
    assert.equal(prove.status, 0, prove.stderr);
    assert.match(
      readFileSync(join(cwd, 'e4.tlog-proof'), 'utf8'),
      /^c2sp\.org\/tlog-proof@v1\nextra /,
    );

    const verify = cli(['audit', 'verify']);
    assert.equal(verify.status, 0, verify.stderr);
    assert.match(verify.stdout, /^OK: 6 entries, 2 checkpoints verified/);

    // Offline: only the proof file and the verifier key; no database reachable.
    writeFileSync(join(cwd, 'log.vkey'), `${vkey}\n`);
    const offline = runCli(
      [
        '--db',
        'sqlite:/nonexistent/dir/x.db',
        'audit',
        'verify-proof',
        'e4.tlog-proof',
        '--key',
        'log.vkey',
      ],
      { cwd, env: cleanEnv },
    );
    assert.equal(offline.status, 0, offline.stderr);
    assert.match(offline.stdout, /^OK: entry 4 is included in example\.test\/audit at size 6/);
  });

  test('usage errors exit 2 with one line', async (t) => {
    const { url, tempDir: cwd } = await engine.open(t, { migrate: false });
    const key = randomBytes(32).toString('hex');
    const cli = (args: string[]) =>
      runCli(['--db', url, ...args], { cwd, env: { ...cleanEnv, PIGUARD_MASTER_KEY: key } });
    assert.equal(cli(['init']).status, 0);
    assert.equal(
      existsSync(join(cwd, 'piguard.key')),
      false,
      'no key file when PIGUARD_MASTER_KEY is set',
    );
    for (const args of [
      ['audit', 'entry', '0'],
      ['audit', 'prove', 'x1'],
      ['init', '--origin', 'other.test/x'],
    ]) {
      const r = cli(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
  });
});

test('sqlite: entry bytes, consistency proof, tamper → verify exit 1, forged proof → exit 1', async (t) => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const cwd = mkdtempSync(join(tmpdir(), 'piguard-cli-'));
  t.after(() => rmSync(cwd, { recursive: true, force: true }));
  const url = `sqlite:${join(cwd, 'p.db')}`;
  const cli = (args: string[]) => runCli(['--db', url, ...args], { cwd, env: cleanEnv });
  const init = cli(['init']);
  assert.equal(init.status, 0);
  const vkey = /verifier key: (\S+)/.exec(init.stdout)?.[1] ?? '';
  await appendEvents(url, [event(0), event(1), event(2), event(3), event(4)]);
  const cp = cli(['audit', 'checkpoint']);
  assert.equal(cp.status, 0);

  assert.equal(cli(['audit', 'key']).stdout, `${vkey}\n`);
  const entry = cli(['audit', 'entry', '2']);
  assert.equal(entry.stdout, canonicalJson(event(2)).toString('utf8'));

  const cons = cli(['audit', 'consistency', '--from', '3']);
  assert.equal(cons.status, 0, cons.stderr);
  const [head, rest] = [
    cons.stdout.slice(0, cons.stdout.indexOf('\n\n')),
    cons.stdout.slice(cons.stdout.indexOf('\n\n') + 2),
  ];
  const [old, ...hashes] = head.split('\n');
  assert.equal(old, 'old 3');
  assert.equal(rest, cp.stdout);
  const database = await openDatabase(url);
  const source = new AuditLog(database).nodeSource();
  const root3 = await rootAt(3, source);
  const root5 = parseCheckpoint(rest.slice(0, rest.indexOf('\n\n') + 1)).rootHash;
  verifyConsistency(
    3,
    5,
    hashes.map((h) => Buffer.from(h, 'base64')),
    root3,
    root5,
  );
  assert.deepEqual(
    hashes.map((h) => Buffer.from(h, 'base64')),
    await consistencyProof(3, 5, source),
  );

  // Prove, then alter the entry carried in the proof: the offline check fails with exit 1.
  assert.equal(cli(['audit', 'prove', '1', '--out', 'p.tlog-proof']).status, 0);
  writeFileSync(join(cwd, 'other-entry.json'), canonicalJson(event(9)));
  const forged = cli([
    'audit',
    'verify-proof',
    'p.tlog-proof',
    '--key',
    vkey,
    '--entry',
    'other-entry.json',
  ]);
  assert.equal(forged.status, 1);
  assert.match(forged.stderr, /proof does not verify: inclusion proof/);

  // Tamper with entry 1 in the database: verify names it, exits 1, prints no contents.
  await database.db
    .updateTable('audit_entries')
    .set({ entry: Buffer.from('{"customers":["C-SECRET"]}') })
    .where('idx', '=', 1)
    .execute();
  await database.close();
  const verify = cli(['audit', 'verify']);
  assert.equal(verify.status, 1);
  assert.match(verify.stdout, /^entry 1: contents do not match/m);
  assert.match(verify.stdout, /FAILED: \d+ problem/);
  assert.ok(!verify.stdout.includes('C-SECRET'));
});
