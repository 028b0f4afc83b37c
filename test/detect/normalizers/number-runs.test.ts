import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareText } from '../../../src/detect/prepared-text.ts';
import {
  gluedToCode,
  isChunked,
  isDottedQuad,
  letterWordBefore,
  looksLikeAmount,
  numberRuns,
  numberWindows,
} from '../../../src/detect/normalizers/number-runs.ts';

const windows = (text: string, min: number, max: number) => {
  const p = prepareText(text);
  return numberRuns(p).flatMap((r) => numberWindows(p, r, min, max).map((w) => w.digits));
};

test('runs join digit groups by single separators and need five digits', () => {
  const p = prepareText('电话 138 0013 8000，编号 12 34，卡 6222-0212\n3456 7890 128X');
  const runs = numberRuns(p).map((r) => p.original.slice(r.start, r.end));
  assert.deepEqual(runs, ['138 0013 8000', '6222-0212\n3456 7890 128X']);
  assert.equal(numberRuns(p), numberRuns(p), 'computed once per text');
  assert.deepEqual(numberRuns(prepareText('1234 和 12')), []);
});

test('windows: the whole run, or parts set off by white space', () => {
  assert.deepEqual(windows('13800138000 13900139000', 11, 11), ['13800138000', '13900139000']);
  assert.deepEqual(windows('138-0013-8000 139-0013-9000', 11, 11), ['13800138000', '13900139000']);
  assert.deepEqual(windows('+86 138 0013 8000', 11, 13), ['8613800138000']);
  assert.deepEqual(windows('2023-13800138000', 11, 11), []);
  assert.deepEqual(windows('13800138000.00', 11, 11), []);
  assert.deepEqual(windows('138 0013 8000 139 0013 9000', 11, 11), []);
  assert.deepEqual(windows('13800138000 1101 0519 4912 3100 2X', 18, 18), ['11010519491231002X']);
});

test('window details: groups, separators, line breaks', () => {
  const p = prepareText('138\r\n0013\n8000');
  const [w] = numberWindows(p, numberRuns(p)[0]!, 11, 11);
  assert.deepEqual(w?.groupLengths, [3, 4, 4]);
  assert.deepEqual(w?.separators, ['\n', '\n']);
  assert.equal(w?.multiline, true);
  assert.equal(w?.grouped, true);
});

test('shapes: dotted quads and chunked numbers', () => {
  assert.ok(isDottedQuad({ groupLengths: [3, 2, 3, 3], separators: ['.', '.', '.'] }));
  assert.equal(isDottedQuad({ groupLengths: [3, 4, 4], separators: ['.', '.'] }), false);
  assert.ok(isChunked([3, 4, 4], [' ', ' '], 3));
  assert.ok(isChunked([3, 4, 4], ['\n', ' '], 3));
  assert.ok(isChunked([4, 4, 4, 4, 2], [' ', ' ', ' ', ' '], 3, 1));
  assert.equal(isChunked([5, 2, 4], ['.', '\t'], 3), false);
  assert.equal(isChunked([3, 4, 4], ['-', ' '], 3), false);
});

test('labels, codes and amounts around a number', () => {
  assert.equal(letterWordBefore('Tel13800138000', 3), 'tel');
  assert.equal(gluedToCode('SF13800138000', 2), true);
  assert.equal(gluedToCode('Tel13800138000', 3), false);
  assert.equal(gluedToCode('电话13800138000', 2), false);
  assert.ok(looksLikeAmount('¥13800138000', 1, 12));
  assert.ok(looksLikeAmount('￥ 13800138000', 2, 13));
  assert.ok(looksLikeAmount('13800138000元', 0, 11));
  assert.equal(looksLikeAmount('手机13800138000。', 2, 13), false);
});
