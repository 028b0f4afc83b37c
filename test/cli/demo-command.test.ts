import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from '../helpers/run-cli.ts';

interface DemoState {
  insider: string;
  caseId: string | null;
  traceId: string | null;
  login: string;
  password: string;
}

test('demo builds a finished demo organisation, then reuses it', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'piguard-demo-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const args = ['demo', '--dir', dir, '--no-serve', '--customers', '2000', '--staff', '80'];
  const first = runCli([...args, '--months', '4']);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /simulating an insurer/);

  const state = JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8')) as DemoState;
  const truth = JSON.parse(readFileSync(join(dir, 'org', 'truth.json'), 'utf8')) as {
    scenarios: { kind: string; actor?: string }[];
  };
  const insider = truth.scenarios.find((s) => s.kind === 'slow_exfiltration')?.actor;
  assert.equal(state.insider, insider);
  assert.ok(state.caseId, 'a case was opened');
  assert.ok(state.traceId, 'the trace was stored');
  assert.ok(state.password.length >= 12);

  const db = new Database(join(dir, 'piguard.db'), { readonly: true });
  try {
    const alerts = db.prepare('select count(*) as n from alerts where actor = ?').get(insider) as {
      n: number;
    };
    assert.ok(alerts.n > 0, 'watch alerted on the insider');
    // the stored trace of the insider's leaked list names the insider beyond chance
    const trace = db.prepare('select result from traces where trace_id = ?').get(state.traceId) as {
      result: string;
    };
    const suspects = (
      JSON.parse(trace.result) as {
        suspects: { actor: string; false_accusation_probability: number }[];
      }
    ).suspects;
    const named = suspects.find((s) => s.actor === insider);
    assert.ok(named && named.false_accusation_probability <= 1e-6, JSON.stringify(suspects[0]));
    const items = db.prepare('select count(*) as n from case_items').get() as { n: number };
    assert.ok(items.n >= 2, 'the case holds the trace and the alerts');
    const login = db
      .prepare('select rights from principals where principal_id = ?')
      .get(state.login) as { rights: string } | undefined;
    assert.ok(login && JSON.parse(login.rights).includes('investigate'));
  } finally {
    db.close();
  }

  // a second run finds demo.json and does not simulate again
  const second = runCli([...args, '--months', '4']);
  assert.equal(second.status, 0, second.stderr);
  assert.doesNotMatch(second.stdout, /simulating/);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8')), state);
});
