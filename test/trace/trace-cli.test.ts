/**
 * The trace CLIs in a child process, on both engines: `trace` prints §5.5 JSON and a table
 * without personal data; `canary pool add`, `canary hit`, `complaints import` and
 * `complaints trace`; bad input exits 2 with one line naming file and line.
 */
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CanaryDecorator } from '../../src/trace/canary-decorator.ts';
import { MarkDecorator } from '../../src/trace/export-marks.ts';
import { seededRandomInt } from '../../src/trace/synthetic-identity.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { runCli } from '../helpers/run-cli.ts';
import { dayTs, loadOrg, makeExport, toCsv } from './support/db-org.ts';
import { sample } from './support/leak-maker.ts';
import { buildSyntheticOrg } from './support/synthetic-org.ts';

const SEED = Number(process.env['TRACE_SEED'] ?? randomInt(2 ** 31));
const org = buildSyntheticOrg({
  seed: SEED,
  customers: 1500,
  branches: 3,
  agentsPerBranch: 4,
  claimsPerBranch: 1,
  qa: 2,
  callCentre: 6,
  managersPerBranch: 1,
  bigExport: 0,
});
const SEEN_AT = dayTs(200);

describeEachEngine('trace CLI', (engine) => {
  test(`trace, canary and complaints commands (seed ${SEED})`, async (t) => {
    const d = await engine.open(t);
    const loaded = await loadOrg(d, org);
    const env = { PIGUARD_MASTER_KEY: loaded.masterKeyHex };
    const pool = runCli(
      ['--db', d.url, 'canary', 'pool', 'add', '17000000001', '+86 170 0000 0002'],
      { env },
    );
    assert.equal(pool.status, 0, pool.stderr);
    assert.match(pool.stdout, /added 2 of 2/);
    const rnd = seededRandomInt(SEED);
    const decorators = [
      new CanaryDecorator({ blindIndexFor: () => Promise.resolve(loaded.vault.blindIndex), rnd }),
      new MarkDecorator(),
    ];
    const x = org.staff
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => s.role === 'agent')
      .sort((a, b) => org.accessed[b.i]!.size - org.accessed[a.i]!.size)[0]!;
    const e1 = await makeExport(
      d.db,
      loaded.log,
      org,
      decorators,
      x.s.id,
      [...org.accessed[x.i]!].slice(0, 300),
      170,
    );
    await loaded.close();
    const canaryRows = e1.rows.filter((r) => r.customerId === null);
    const realRows = e1.rows.filter((r) => r.customerId !== null);
    const rows = [canaryRows[0]!, ...sample(realRows, 20, rnd)].map((r) => r.cells);
    const file = join(d.tempDir, 'leak-cli.csv');
    writeFileSync(file, toCsv(['name', 'phone'], rows));

    const json = runCli(['--db', d.url, 'trace', file, '--seen-at', SEEN_AT, '--format', 'json'], {
      env,
    });
    assert.equal(json.status, 0, json.stderr);
    const report = JSON.parse(json.stdout) as Record<string, unknown> & {
      suspects: Record<string, unknown>[];
      canaries: Record<string, unknown>[];
    };
    for (const k of ['rows', 'matched', 'canaries', 'suspects']) assert.ok(k in report, k);
    assert.deepEqual(Object.keys(report.canaries[0]!).slice(0, 3), [
      'identity',
      'export_id',
      'actor',
    ]);
    const s = report.suspects[0]!;
    for (const k of [
      'actor',
      'matched_in_access',
      'expected_by_chance',
      'false_accusation_probability',
      'signals',
    ]) {
      assert.ok(k in s, k);
    }
    assert.equal(s['actor'], x.s.id);
    assert.equal(s['export_id'], e1.exportId);

    // Output format and input errors do not depend on the engine: checked once, on SQLite.
    if (engine.name === 'sqlite') {
      const table = runCli(['--db', d.url, 'trace', file, '--seen-at', SEEN_AT], { env });
      assert.equal(table.status, 0, table.stderr);
      assert.match(table.stdout, /ACTOR/);
      // No personal data in the table: the leak's names and phones never appear.
      for (const r of rows.slice(1)) {
        assert.ok(!table.stdout.includes(r['phone']!) && !table.stdout.includes(r['name']!));
      }

      // --strata branch: the conservative null is stated in the report; a bad value is a usage
      // error (exit 2, one line).
      const branch = runCli(
        [
          '--db',
          d.url,
          'trace',
          file,
          '--seen-at',
          SEEN_AT,
          '--format',
          'json',
          '--strata',
          'branch',
        ],
        { env },
      );
      assert.equal(branch.status, 0, branch.stderr);
      const branchReport = JSON.parse(branch.stdout) as { null_model: string };
      assert.notEqual(branchReport.null_model, (report as { null_model?: string }).null_model);
      const badStrata = runCli(['--db', d.url, 'trace', file, '--strata', 'region'], { env });
      assert.equal(badStrata.status, 2);
      assert.match(
        badStrata.stderr.trim(),
        /^[^\n]*--strata must be organisation or branch[^\n]*$/,
      );

      const missing = runCli(['--db', d.url, 'trace', join(d.tempDir, 'nope.csv')], { env });
      assert.equal(missing.status, 2);
      assert.equal(missing.stderr.trim().split('\n').length, 1);

      const hit = runCli(['--db', d.url, 'canary', 'hit', '--identity', '13912345678'], { env });
      assert.equal(hit.status, 2);
      assert.match(hit.stderr, /not a trap identity/);

      const bad = join(d.tempDir, 'bad.jsonl');
      writeFileSync(bad, `${JSON.stringify({ ts: 'yesterday', customer: 'C1', kind: 'sms' })}\n`);
      const imp = runCli(['--db', d.url, 'complaints', 'import', bad], { env });
      assert.equal(imp.status, 2);
      assert.match(imp.stderr, /bad\.jsonl:1: "ts" must be an ISO-8601 time/);
    }

    const good = join(d.tempDir, 'complaints.jsonl');
    const book = sample([...org.accessed[x.i]!], 12, rnd);
    writeFileSync(
      good,
      book
        .map((c) =>
          JSON.stringify({
            ts: dayTs(201),
            phone: org.customers[c]!.phone,
            kind: 'unsolicited_call',
          }),
        )
        .join('\n'),
    );
    const ok = runCli(['--db', d.url, 'complaints', 'import', good], { env });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /imported 12 complaints \(12 tied to customers/);
    const ct = runCli(
      ['--db', d.url, 'complaints', 'trace', '--since', dayTs(201), '--format', 'json'],
      { env },
    );
    assert.equal(ct.status, 0, ct.stderr);
    const traced = JSON.parse(ct.stdout) as { kind: string; suspects: { actor: string }[] };
    assert.equal(traced.kind, 'complaints');
    assert.equal(traced.suspects[0]!.actor, x.s.id);
  });
});
