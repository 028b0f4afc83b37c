import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanText } from '../../../src/detect/text-scanner.ts';
import { RecognizerRegistry } from '../../../src/detect/registry.ts';
import {
  cnResidentIdRecognizer,
  isPlausibleLegacyResidentId,
  residentIdLevel,
} from '../../../src/detect/recognizers/cn-resident-id.ts';
import { iso7064Mod112CheckChar } from '../../../src/detect/validators/iso7064-mod11-2.ts';

const registry = new RecognizerRegistry([cnResidentIdRecognizer]);
const found = (text: string) => scanText(text, { registry }).map((f) => f.text);
const id = (body: string) => body + iso7064Mod112CheckChar(body)!;

const ID1 = id('11010519491231002'); // 11010519491231002X
const ID2 = id('44030519900307123');
const ID3 = id('51010720011231004');

test('positives: the exact value is found, in any writing', () => {
  const cases: [string, string][] = [
    [`身份证号：${ID1}`, ID1],
    [`身份证号：${ID1.toLowerCase()}。`, ID1.toLowerCase()],
    [`${ID2}`, ID2],
    [`张三,${ID2},13800138000`, ID2],
    [`身份證號碼 ${ID3}`, ID3],
    [`ID: ${ID3} (verified)`, ID3],
    ['证件号 1101 0519 4912 3100 2X', '1101 0519 4912 3100 2X'],
    ['证件号 110105 19491231 002X', '110105 19491231 002X'],
    ['证件号 110105-19491231-002X', '110105-19491231-002X'],
    ['证件号：１１０１０５１９４９１２３１００２Ｘ', '１１０１０５１９４９１２３１００２Ｘ'],
    [`😀${ID2}😀`, ID2],
    [`【${ID2}】`, ID2],
    [`身份证\n110105\n19491231\n002X`, '110105\n19491231\n002X'],
  ];
  for (const [text, value] of cases) assert.deepEqual(found(text), [value], text);
});

test('spans are code points of the original text', () => {
  const [f] = scanText(`😀😀身份证${ID2}`, { registry });
  assert.equal(f?.start, 5);
  assert.equal(f?.end, 23);
  assert.equal(f?.normalized, ID2);
  assert.equal(scanText(ID1.toLowerCase(), { registry })[0]?.normalized, ID1);
});

test('scores: context raises, division code and line breaks matter', () => {
  const score = (t: string) => scanText(t, { registry, minScore: 0 })[0]?.score;
  assert.ok(score(`身份证 ${ID2}`)! >= 0.95);
  assert.ok(score(ID2)! >= 0.75 && score(ID2)! <= 0.9);
  assert.ok(score(`身份证\n110105\n19491231\n002X`)! < score(`身份证 ${ID1}`)!);
});

test('negatives: wrong check, date, province, or not standing alone', () => {
  const bad = [
    ID1.slice(0, 17) + '1', // wrong check character
    id('11010519491331002'), // month 13
    id('11010519490230002'), // 30 February
    id('11010518991231002'), // born 1899
    id('11010530001231002'), // born in the future
    id('99010519491231002'), // no province 99
    `订单号${ID2}`, // labelled as an order number
    `${ID2}8`, // inside a longer run of digits
    `9${ID2}`,
    `SN${ID2}`, // glued to a code
    `¥${ID2}`,
    '12345678901234567X',
  ];
  for (const text of bad) assert.deepEqual(found(text), [], text);
});

test('any single-digit change to a valid ID is rejected', () => {
  for (const valid of [ID1, ID2, ID3]) {
    for (let i = 0; i < 17; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === valid[i]) continue;
        const changed = valid.slice(0, i) + d + valid.slice(i + 1);
        assert.equal(residentIdLevel(changed), 0, changed.slice(0, 3) + '…');
        assert.deepEqual(found(`身份证 ${changed}`), []);
      }
    }
  }
});

test('legacy 15-digit numbers only with context', () => {
  assert.ok(isPlausibleLegacyResidentId('110105491231002'));
  assert.deepEqual(found('身份证 110105491231002'), ['110105491231002']);
  assert.deepEqual(found('110105491231002'), []);
  assert.deepEqual(found('身份证 110105491331002'), []);
});

test("a table header's amount column does not make the ID column's numbers serials", () => {
  const table = `姓名\u3000身份证号\u3000类别\u3000报销金额\n张三\u3000${ID2}\u3000住院\u30001234.56元`;
  assert.deepEqual(found(table), [ID2]);
  assert.ok(scanText(table, { registry })[0]!.score >= 0.8);
  // A negative label right before the number, or alone on the line above it, still counts.
  assert.ok((scanText(`报销金额 ${ID2}`, { registry, minScore: 0 })[0]?.score ?? 0) < 0.5);
  assert.ok((scanText(`订单号\n${ID2}`, { registry, minScore: 0 })[0]?.score ?? 0) < 0.5);
});

test('the identity number inside a national student number (G + ID)', () => {
  assert.deepEqual(found(`学籍号：G${ID2}`), [ID2]);
  assert.deepEqual(found(`全国学籍号 g${ID3}`), [ID3]);
  // Other letters, or a longer code, still glue the digits to a code.
  assert.deepEqual(found(`批次 AG${ID2}`), []);
  assert.deepEqual(found(`编码 X${ID2}`), []);
});
