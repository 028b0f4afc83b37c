// The folds of whole scan units (foldWidth, foldTraditional) take a typed-array path on long
// text; these tests hold that path to a character-by-character reference, including characters
// to convert only far into the text, at its very end, and lone surrogates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldTraditional, simplifiedCode } from '../../src/detect/lexicon/traditional-chars.ts';
import { foldWidth } from '../../src/detect/prepared-text.ts';

/** Folds one UTF-16 unit at a time, as the documented contracts say. */
function referenceFold(s: string, unit: (c: number) => number): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += String.fromCharCode(unit(s.charCodeAt(i)));
  return out;
}

const widthUnit = (c: number): number =>
  c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : c === 0x3000 ? 0x20 : c;

/** Long text: plain simplified prose with `insert` placed at the given offsets. */
function longText(length: number, inserts: [number, string][]): string {
  const filler = '本季度公司整体运营平稳 abc 123\n';
  let s = filler.repeat(Math.ceil(length / filler.length)).slice(0, length);
  for (const [at, insert] of inserts) s = s.slice(0, at) + insert + s.slice(at + insert.length);
  return s;
}

test('foldTraditional on long text matches the per-character table, wherever conversions are', () => {
  const cases = [
    longText(200_000, [[150_000, '臺北市大安區']]),
    longText(200_000, [[199_999, '區']]),
    longText(200_000, [
      [0, '廣'],
      [100_001, '\uD800'],
      [100_010, '聯繫人'],
    ]),
    longText(70_000, [
      [3, '😀'],
      [69_990, '劉德華'],
    ]),
  ];
  for (const s of cases) {
    const folded = foldTraditional(s);
    assert.equal(folded.length, s.length);
    assert.equal(folded, referenceFold(s, simplifiedCode));
  }
  const plain = longText(200_000, []);
  assert.equal(foldTraditional(plain), plain);
});

test('foldWidth on long text matches the per-character fold, lone surrogates kept', () => {
  const cases = [
    longText(200_000, [
      [10, '，'],
      [150_000, '１３８　００１３ ８０００'],
      [199_999, '！'],
    ]),
    longText(1_000, [
      [500, '\uDC00ＡＢＣ'],
      [999, '\u3000'],
    ]),
  ];
  for (const s of cases) {
    const folded = foldWidth(s);
    assert.equal(folded.length, s.length);
    assert.equal(folded, referenceFold(s, widthUnit));
  }
  // Many calls in a row (one per scan unit) give the same answers as the first.
  const s = cases[0]!;
  const first = foldWidth(s);
  for (let i = 0; i < 30; i++) assert.equal(foldWidth(s), first);
});
