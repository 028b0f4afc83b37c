/**
 * `piguard case …` and `piguard evidence …` through the real bin (a child process per call).
 * Calls are few because each starts a fresh Node process: the database-backed commands run on
 * both engines; verify (which needs no database) and the bundle-based reports run once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSignerKey } from '../../src/audit/signed-note.ts';
import { exportEvidence } from '../../src/cases/evidence-export.ts';
import { DEFAULT_LEGAL_CONFIG } from '../../src/cases/legal-categories.ts';
import { describeEachEngine, type TestEngine } from '../helpers/databases.ts';
import { runCli } from '../helpers/run-cli.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { migrateToLatest } from '../../src/store/migrator.ts';
import { access, caseFixtureOn, openCaseFixture, recordAccesses } from './fixtures/case-fixture.ts';

const cleanEnv = {
  PIGUARD_DB: '',
  PIGUARD_KEY_FILE: '',
  PIGUARD_CHECKPOINTS_FILE: '',
  PIGUARD_WITNESS_URL: '',
  PIGUARD_ACTOR: 'inv1',
};

const alerts = [
  { actor: 'S0042', day: '2026-03-02', score: 6.1, kind: 'cusum', reasons: ['r1'], customers: 110 },
  { actor: 'S0042', day: '2026-03-03', score: 7.2, kind: 'cusum', reasons: ['r2'], customers: 120 },
];

describeEachEngine('piguard case / evidence CLI', (engine: TestEngine) => {
  test('open, add (all or nothing), note, status, show, export, verify', async (t) => {
    const f = await openCaseFixture(engine, t);
    const cwd = f.database.tempDir;
    await recordAccesses(f, [
      access('S0042', ['C1', 'C2'], { fields: ['name', 'phone'] }, 1),
      access('S0042', ['C3'], { action: 'export', fields: ['name', 'premium'] }, 2),
      access('S0001', ['C1'], {}, 3),
    ]);
    const env = { ...cleanEnv, PIGUARD_MASTER_KEY: f.masterKey.toString('hex') };
    const cli = (args: string[], input?: string) =>
      runCli(['--db', f.database.url, ...args], { cwd, env, ...(input ? { input } : {}) });

    const open = cli(['case', 'open', '--suspect', 'S0042', '--title', 'QA clerk drip']);
    assert.equal(open.stdout, 'CASE-1\n', open.stderr);

    writeFileSync(join(cwd, 'alerts.jsonl'), alerts.map((a) => JSON.stringify(a)).join('\n'));
    const add = cli(['case', 'add', 'CASE-1', '--alert', 'alerts.jsonl']);
    assert.equal(add.status, 0, add.stderr);
    assert.equal(
      add.stdout,
      'CASE-1 item 1: alert S0042/2026-03-02/cusum\nCASE-1 item 2: alert S0042/2026-03-03/cusum\n',
    );
    const trace = {
      rows: 10,
      matched: 9,
      canaries: [],
      suspects: [
        {
          actor: 'S0042',
          matched_in_access: 8,
          expected_by_chance: 0.4,
          false_accusation_probability: 1e-6,
          signals: ['access-set'],
        },
      ],
    };
    const addTrace = cli(
      ['case', 'add', 'CASE-1', '--trace', '-', '--ref', 'T-1'],
      JSON.stringify(trace),
    );
    assert.equal(addTrace.stdout, 'CASE-1 item 3: trace T-1\n', addTrace.stderr);

    // A bad second line: one line naming file and line, exit 2, the good first line not attached.
    writeFileSync(
      join(cwd, 'bad.jsonl'),
      `${JSON.stringify({ ...alerts[0], day: '2026-03-09' })}\n{"actor":"S0042","kind":"x","reasons":[]}`,
    );
    const bad = cli(['case', 'add', 'CASE-1', '--alert', 'bad.jsonl']);
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr, 'piguard: bad.jsonl:2: alert: "day" must be a non-empty string\n');
    // By id from the watch module's alerts table (probed at run time).
    await f.database.db
      .insertInto('alerts')
      .values({
        alert_id: 'A1',
        actor: 'S0042',
        day: '2026-03-04',
        kind: 'cusum',
        score: 8,
        customers: 130,
        reasons: JSON.stringify(['r3']),
        kinds: JSON.stringify(['cusum']),
        since_day: '2026-02-20',
        final: 1,
        status: 'open',
        created_at: '2026-03-05T00:00:00Z',
        updated_at: '2026-03-05T00:00:00Z',
      })
      .execute();
    const byId = cli(['case', 'add', 'CASE-1', '--alert-id', 'A1']);
    assert.equal(byId.stdout, 'CASE-1 item 4: alert A1\n', byId.stderr);
    const noAlert = cli(['case', 'add', 'CASE-1', '--alert-id', 'A9']);
    assert.equal(noAlert.status, 1);
    assert.equal(noAlert.stderr, 'piguard: alert A9 does not exist in alerts\n');

    assert.equal(cli(['case', 'note', 'CASE-1', 'Team lead interviewed.']).status, 0);
    const st = cli(['case', 'status', 'CASE-1', 'investigating']);
    assert.equal(st.stdout, 'CASE-1 investigating\n', st.stderr);
    const show = cli(['case', 'show', 'CASE-1', '--format', 'json']);
    assert.equal(show.status, 0, show.stderr);
    const detail = JSON.parse(show.stdout) as {
      items: Array<{ snapshot: { reasons?: unknown } }>;
      history: unknown[];
    };
    assert.equal(detail.items.length, 4);
    assert.deepEqual(detail.items[3]!.snapshot.reasons, ['r3']);
    assert.equal(detail.history.length, 7);

    const exp = cli(['evidence', 'export', 'CASE-1', '--out', 'case1.evidence.json']);
    assert.equal(exp.status, 0, exp.stderr);
    assert.match(
      exp.stdout,
      /^case1\.evidence\.json: 9 entries, 4 items, 1 published checkpoints; key SHA256:/,
    );
    assert.ok(readFileSync(join(cwd, 'piguard.checkpoints'), 'utf8').length > 0);
    const ok = cli(['evidence', 'verify', 'case1.evidence.json', '--key', f.verifierKey]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^key fingerprint: SHA256:\S+ \(test\.example\/cases-[0-9a-f]+\)\n/);
    assert.match(ok.stdout, /OK: the bundle verifies\n$/);
  });
});

test('evidence verify exit codes, and reports from a bundle (no database)', async (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'piguard-cli-'));
  const database = await openDatabase(`sqlite:${join(cwd, 'test.db')}`);
  await migrateToLatest(database.db, database.engine);
  t.after(async () => {
    await database.close();
    rmSync(cwd, { recursive: true, force: true });
  });
  const f = await caseFixtureOn({
    ...database,
    url: `sqlite:${join(cwd, 'test.db')}`,
    tempDir: cwd,
  });
  await recordAccesses(f, [access('S0042', ['C1', 'C2', 'C3'], { fields: ['name', 'premium'] })]);
  const c = await f.store.openCase({ suspect: 'S0042', title: '<b>drip</b>', actor: 'inv1' });
  const { bundle } = await exportEvidence(f.store, c.caseId, {
    actor: 'inv1',
    legalConfig: DEFAULT_LEGAL_CONFIG,
    signer: f.signer,
  });
  writeFileSync(join(cwd, 'b.json'), JSON.stringify(bundle));
  const cli = (args: string[]) => runCli(args, { cwd, env: cleanEnv });

  const other = generateSignerKey(f.origin).verifierKey;
  writeFileSync(join(cwd, 'other.vkey'), `${other}\n`);
  const wrongKey = cli(['evidence', 'verify', 'b.json', '--key', 'other.vkey']);
  assert.equal(wrongKey.status, 1);
  assert.match(wrongKey.stdout, /FAILED key: the bundle names another verifier key/);
  assert.match(wrongKey.stdout, /FAILED checkpoint: signature/);

  const copy = structuredClone(bundle);
  copy.legal.customers = 3000;
  writeFileSync(join(cwd, 'tampered.json'), JSON.stringify(copy));
  const tampered = cli(['evidence', 'verify', 'tampered.json', '--format', 'json']);
  assert.equal(tampered.status, 1);
  const report = JSON.parse(tampered.stdout) as {
    ok: boolean;
    checks: Array<{ part: string; ok: boolean; message: string }>;
  };
  assert.equal(report.ok, false);
  assert.ok(
    report.checks.some(
      (x) =>
        x.part === 'legal' &&
        !x.ok &&
        /customers: bundle says 3000, entries give 3/.test(x.message),
    ),
  );

  writeFileSync(join(cwd, 'junk.json'), 'hello');
  const junk = cli(['evidence', 'verify', 'junk.json']);
  assert.equal(junk.status, 2);
  assert.equal(junk.stderr, 'piguard: junk.json: not an evidence bundle: not valid JSON\n');

  const html = cli([
    '--lang',
    'zh-CN',
    'case',
    'report',
    '-',
    '--bundle',
    'b.json',
    '--out',
    'r.html',
  ]);
  assert.equal(html.status, 0, html.stderr);
  const doc = readFileSync(join(cwd, 'r.html'), 'utf8');
  assert.match(doc, /案件报告 — CASE-1/);
  assert.ok(doc.includes('&lt;b&gt;drip&lt;/b&gt;'));
  const pdf = cli([
    'case',
    'notify',
    '-',
    '--bundle',
    'b.json',
    '--out',
    'n.pdf',
    '--contact',
    'dpo@example.test',
  ]);
  assert.equal(pdf.status, 0, pdf.stderr);
  assert.equal(readFileSync(join(cwd, 'n.pdf')).subarray(0, 5).toString('latin1'), '%PDF-');
});
