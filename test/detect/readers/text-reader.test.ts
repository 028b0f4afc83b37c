import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTextUnits, splitAtLines } from '../../../src/detect/readers/text-reader.ts';
import { collect, scanAll, textPieces } from './helpers.ts';
import { assertPlaced } from './placement.ts';

const TEXT = Array.from({ length: 40 }, (_, i) =>
  i % 3 === 0 ? `第${i}行 😀 手机 1380013${String(8000 + i)}` : `第${i}行 没有号码`,
).join('\n');

test('units end at line breaks and start where the previous one ended', async () => {
  const pieces = [];
  for await (const p of splitAtLines(textPieces(TEXT, 5), 64)) pieces.push(p);
  assert.ok(pieces.length > 5);
  assert.equal(pieces.map((p) => p.text).join(''), TEXT);
  for (const p of pieces.slice(0, -1)) assert.ok(p.text.endsWith('\n'));
  for (const p of pieces) assert.equal(p.base.column, 1);
});

test('findings are the same whatever the unit size, and placed in the file', async () => {
  const small = scanAll(await collect(readTextUnits('a.txt', textPieces(TEXT, 5), 50)));
  const whole = scanAll(await collect(readTextUnits('a.txt', textPieces(TEXT, 5000), 1 << 20)));
  assert.equal(small.length, 14);
  assert.deepEqual(small, whole);
  for (const f of small) assertPlaced(TEXT, f);
});

test('a line longer than the unit size is still cut, at a space', async () => {
  const line = `${'字 '.repeat(500)}13800138000`;
  const units = await collect(readTextUnits('a.txt', textPieces(line, 100), 100));
  assert.ok(units.length > 1);
  assert.equal(units.map((u) => u.text).join(''), line);
  assert.equal(scanAll(units).length, 1);
});
