import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { advancePosition, type TextPosition } from '../../../src/detect/readers/scan-unit.ts';
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

/**
 * The splitter as it was before it kept pending text as pieces: join everything pending with
 * each new piece, cut, keep the rest. The reference for the property test below.
 */
async function* joiningSplit(
  chunks: AsyncIterable<string>,
  chunkSize: number,
): AsyncGenerator<{ text: string; base: TextPosition }> {
  let parts: string[] = [];
  let pending = 0;
  let base: TextPosition = { offset: 0, line: 1, column: 1 };
  for await (const piece of chunks) {
    parts.push(piece);
    pending += piece.length;
    if (pending < chunkSize) continue;
    let text = parts.join('');
    while (text.length >= chunkSize) {
      const cut = joiningCutPoint(text, chunkSize);
      if (cut === 0) break;
      const head = text.slice(0, cut);
      yield { text: head, base };
      base = advancePosition(base, head);
      text = text.slice(cut);
    }
    parts = [text];
    pending = text.length;
  }
  const rest = parts.join('');
  if (rest.length > 0) yield { text: rest, base };
}

function joiningCutPoint(text: string, chunkSize: number): number {
  const before = text.lastIndexOf('\n', chunkSize - 1);
  if (before >= 0) return before + 1;
  const limit = chunkSize * 4;
  const after = text.indexOf('\n', chunkSize);
  if (after >= 0 && after < limit) return after + 1;
  if (after < 0 && text.length < limit) return 0;
  const space = text.lastIndexOf(' ', chunkSize);
  let cut = space > chunkSize / 2 ? space + 1 : chunkSize;
  const c = text.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return cut;
}

/** Pieces of `text` cut at the given (sorted, deduplicated) places. */
async function* piecesAt(text: string, cuts: readonly number[]): AsyncGenerator<string> {
  let from = 0;
  for (const c of cuts) {
    yield text.slice(from, c);
    from = c;
  }
  yield text.slice(from);
}

test('units are those of joining the pending text, however the stream is cut (property)', async () => {
  const char = fc.constantFrom('a', '字', ' ', '\n', '\r\n', '😀', '1');
  await fc.assert(
    fc.asyncProperty(
      fc.array(char, { maxLength: 1500 }).map((cs) => cs.join('')),
      fc.integer({ min: 1, max: 200 }),
      fc.array(fc.nat(), { maxLength: 40 }),
      async (text, chunkSize, rawCuts) => {
        const cuts = [...new Set(rawCuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const got = [];
        for await (const u of splitAtLines(piecesAt(text, cuts), chunkSize)) got.push(u);
        const want = [];
        for await (const u of joiningSplit(piecesAt(text, cuts), chunkSize)) want.push(u);
        assert.deepEqual(got, want);
        const whole = [];
        for await (const u of splitAtLines(piecesAt(text, []), chunkSize)) whole.push(u);
        assert.deepEqual(got, whole);
      },
    ),
    { numRuns: 300 },
  );
});
