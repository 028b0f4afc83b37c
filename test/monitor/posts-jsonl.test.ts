import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/core/errors.ts';
import { parsePostsJsonl } from '../../src/cli/posts-command.ts';

test('parses posts, keeps numeric ids as strings, skips blank lines and a BOM', () => {
  assert.deepEqual(parsePostsJsonl('\uFEFF{"id":1,"text":"a"}\n\n{"id":"b","text":"c"}\r\n', 'f'), [
    { id: '1', text: 'a' },
    { id: 'b', text: 'c' },
  ]);
});

test('each malformed line is an InputError with file and line, without the text', () => {
  const cases: Array<[string, RegExp]> = [
    ['nope', /^f:1: not valid JSON$/],
    ['[1]', /^f:1: expected a JSON object/],
    ['{"text":"secret 13900139001"}', /^f:1: "id" must be a string or a number$/],
    ['{"id":"x"}', /^f:1: "text" must be a string$/],
  ];
  for (const [line, message] of cases) {
    assert.throws(
      () => parsePostsJsonl(line, 'f'),
      (err: unknown) =>
        err instanceof InputError && message.test(err.message) && err.exitCode === 2,
      line,
    );
  }
});
