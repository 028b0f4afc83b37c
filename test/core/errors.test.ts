import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, PiguardError, UsageError, exitCodeOf } from '../../src/core/errors.ts';

test('InputError names file and line, exits 2', () => {
  const e = new InputError('birth date is not a date', { file: 'c.csv', line: 12 });
  assert.equal(e.message, 'c.csv:12: birth date is not a date');
  assert.equal(exitCodeOf(e), 2);
  assert.equal(new InputError('no such file', { file: 'x' }).message, 'x: no such file');
});

test('exit codes: usage 2, other piguard errors 1 by default, foreign errors 1', () => {
  assert.equal(exitCodeOf(new UsageError('bad')), 2);
  assert.equal(exitCodeOf(new PiguardError('boom')), 1);
  assert.equal(exitCodeOf(new TypeError('x')), 1);
});
