import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/run-cli.ts';

test('--help exits 0 and lists the global options', () => {
  const r = runCli(['--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /--db <url>/);
  assert.match(r.stdout, /--lang <lang>/);
});

test('an unknown option is a usage error: exit 2 and one line on stderr', () => {
  const r = runCli(['--no-such-option']);
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /^piguard: unknown option/);
});

test('an unknown command is a usage error', () => {
  const r = runCli(['no-such-command']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^piguard: /);
});
