/**
 * The `piguard` bin has two entries (bin/piguard.js): the compiled dist/ when it is current, and
 * the TypeScript sources through tsx otherwise — a fresh clone has no dist/, and `npm test`
 * builds one first (scripts/run-tests.js), so without this test the sources path would go
 * untested. Both must give the same answer to the same command.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli.ts';

const SAMPLE = '客户张伟，手机 138 0013 8000，邮箱 zhang.wei@example.com。\n';

test('the sources path and the default path scan alike', () => {
  const fromSource = runCli(['scan', '--format', 'jsonl', '-'], {
    input: SAMPLE,
    env: { PIGUARD_FROM_SOURCE: '1' },
  });
  const byDefault = runCli(['scan', '--format', 'jsonl', '-'], { input: SAMPLE });
  assert.equal(fromSource.status, 0, fromSource.stderr);
  assert.equal(byDefault.status, 0, byDefault.stderr);
  assert.ok(fromSource.stdout.includes('"PHONE_NUMBER"'), fromSource.stdout);
  assert.equal(fromSource.stdout, byDefault.stdout);
});

test('the sources path reports a bad path as one line, exit 2', () => {
  const r = runCli(['scan', '/nonexistent/piguard-bin-entry'], {
    env: { PIGUARD_FROM_SOURCE: '1' },
  });
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
});
