/**
 * The structured recognisers find candidates by cheaper searches than one pattern over the whole
 * text (number runs of seven digits or more, plate starts from the letter after the province,
 * code points from the surrogates noted while folding). Each must find exactly what the plain
 * search finds: these property tests compare them with it on random text made of the characters
 * that matter to each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { numberRuns } from '../../src/detect/normalizers/number-runs.ts';
import { prepareText } from '../../src/detect/prepared-text.ts';
import { licensePlateRecognizer } from '../../src/detect/recognizers/license-plate.ts';
import { emailAddressRecognizer } from '../../src/detect/recognizers/email-address.ts';
import { scanText } from '../../src/detect/text-scanner.ts';

const RUNS = { numRuns: 400, seed: Number(process.env['FC_SEED'] ?? 20261129) };

/** Random text from pieces; `min` pieces at least. */
function textOf(pieces: readonly string[], min = 0, max = 60): fc.Arbitrary<string> {
  return fc
    .array(fc.constantFrom(...pieces), { minLength: min, maxLength: max })
    .map((a) => a.join(''));
}

const DIGITISH = ['0', '1', '5', '9', '13800138000', ' ', '-', '.', '\n', '\r\n', 'X', 'x', '元'];

test('number runs are the runs of five digits or more that have seven or more', () => {
  const SEP = String.raw`(?:[ \t.\-\u2010-\u2015\u00a0]|\r?\n)`;
  const five = new RegExp(
    String.raw`(?<![0-9])[0-9](?:${SEP}?[0-9]){4}[0-9]*(?:${SEP}[0-9]+)*(?:[Xx](?![0-9A-Za-z]))?`,
    'g',
  );
  fc.assert(
    fc.property(textOf(DIGITISH), (text) => {
      const expected = [...text.matchAll(five)]
        .filter((m) => m[0].replace(/[^0-9]/g, '').length >= 7)
        .map((m) => [m.index, m.index + m[0].length]);
      const actual = numberRuns(prepareText(text)).map((r) => [r.start, r.end]);
      assert.deepEqual(actual, expected);
    }),
    RUNS,
  );
});

test('licence plates are what a search of the whole text finds', () => {
  const pieces = ['京', '粤', '使', '中', 'A', 'B', 'D', 'F', 'I', 'Z', 'a', '0', '1', '5'];
  const plate = new RegExp(
    String.raw`(?:[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·•・ \-]?(?:[DF][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DF]|[A-HJ-NP-Z0-9]{4}[学警挂港澳领]|[A-HJ-NP-Z0-9]{5})|使[0-9]{6})(?![0-9A-Za-z])`,
    'g',
  );
  fc.assert(
    fc.property(textOf([...pieces, '·', '-', '学', '京A12345', '使123456']), (text) => {
      const expected = [...text.matchAll(plate)]
        .filter((m) => {
          const p = m[0].replace(/[·•・ -]/, '');
          return (
            p.startsWith('使') || [...p.slice(2, 7)].filter((c) => /[A-Z]/.test(c)).length <= 2
          );
        })
        .map((m) => [m.index, m.index + m[0].length]);
      const actual = licensePlateRecognizer
        .recognize(prepareText(text))
        .map((m) => [m.start, m.end]);
      assert.deepEqual(actual, expected);
    }),
    RUNS,
  );
});

test('code-point offsets are right whether folding noted the surrogates or not', () => {
  // Long texts with full-width forms are folded unit by unit (surrogates noted on the way);
  // short ones and texts without full-width forms are searched for them.
  const pieces = ['😀', '\uD83D', '\uDE00', 'ａ', '，', '中', ' a@b.cn ', ' ', 'x'];
  fc.assert(
    fc.property(textOf(pieces, 0, 200), fc.boolean(), (body, long) => {
      const text = long ? 'ＡＢ'.repeat(150) + body : body;
      const expected = emailAddressRecognizer
        .recognize(prepareText(text))
        .filter((m) => m.score >= 0.5)
        .map((m) => [codePoints(text, m.start), codePoints(text, m.end)]);
      const actual = scanText(text, { types: ['EMAIL_ADDRESS'] }).map((f) => [f.start, f.end]);
      assert.deepEqual(actual, expected);
    }),
    { ...RUNS, numRuns: 200 },
  );
});

/**
 * Code points before UTF-16 offset `target`, walking unit by unit: a high surrogate and the unit
 * after it are one code point once the target is past both (the contract of codePointIndexer).
 */
function codePoints(text: string, target: number): number {
  let pairs = 0;
  for (let i = 0; i < target; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < target) {
      pairs++;
      i++;
    }
  }
  return target - pairs;
}
