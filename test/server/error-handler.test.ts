import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AccessDeniedError,
  ConflictError,
  InputError,
  NotFoundError,
  PiguardError,
  UsageError,
} from '../../src/core/errors.ts';
import { errorResponse, scrubValues } from '../../src/server/error-handler.ts';
import {
  CsrfError,
  TooManyRequestsError,
  UnauthenticatedError,
} from '../../src/server/http-errors.ts';

test('errors map to status codes in one place', () => {
  const cases: Array<[unknown, number, string?]> = [
    [new InputError('bad row', { file: 'body', line: 3 }), 400],
    [new UsageError('--x: bad'), 400],
    [new UnauthenticatedError(), 401],
    [new AccessDeniedError('out of scope', 'out-of-scope'), 403, 'out-of-scope'],
    [new CsrfError(), 403, 'csrf'],
    [new NotFoundError('no customer C9'), 404],
    [new ConflictError('already decided'), 409],
    [new TooManyRequestsError('slow down', 10), 429],
    [Object.assign(new Error('Rate limit exceeded'), { statusCode: 429 }), 429],
    [Object.assign(new Error('Unexpected token 1 in "13812345678"'), { statusCode: 400 }), 400],
    [Object.assign(new Error('too big'), { statusCode: 413 }), 413],
    [new PiguardError('audit log corrupted'), 500],
    [new Error('duplicate key value (phone)=(13812345678)'), 500],
    ['a string', 500],
  ];
  for (const [err, status, reason] of cases) {
    const body = errorResponse(err);
    assert.equal(body.statusCode, status, String(err));
    if (reason) assert.equal(body.reason, reason);
    assert.doesNotMatch(body.message, /13812345678/);
  }
  assert.equal(errorResponse(new Error('x')).message, 'internal error');
  assert.equal(
    errorResponse(new InputError('bad', { file: 'body', line: 3 })).message,
    'body:3: bad',
  );
});

test('schema errors name the path and rule, not the value', () => {
  const err = Object.assign(new Error('body/phone must match pattern'), {
    statusCode: 400,
    validation: [{ instancePath: '/phone', message: 'must match pattern "^\\d+$"' }],
    validationContext: 'body',
  });
  assert.deepEqual(errorResponse(err), {
    statusCode: 400,
    error: 'Bad Request',
    message: 'body/phone must match pattern "^\\d+$"',
  });
});

test('scrubValues removes quoted text, long digit runs and CJK text from logged errors', () => {
  assert.equal(
    scrubValues(
      'invalid input syntax for type date: "1990-13-45" near 13812345678 张伟 in table customers',
    ),
    'invalid input syntax for type date: "…" near … … in table customers',
  );
  assert.equal(scrubValues(undefined), undefined);
});
