import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codePointIndexer, scanText } from '../../src/detect/text-scanner.ts';
import { RecognizerRegistry } from '../../src/detect/registry.ts';
import { STRUCTURED_RECOGNIZERS } from '../../src/detect/recognizers/structured.ts';

const registry = new RecognizerRegistry(STRUCTURED_RECOGNIZERS);

test('findings of several types, in order, with code-point spans', () => {
  const text = '😀客户 身份证11010519491231002X 手机+86 138-0013-8000 邮箱 a.b@qq.com';
  const found = scanText(text, { registry });
  assert.deepEqual(
    found.map((f) => [f.type, f.text, f.start, f.end]),
    [
      ['CN_RESIDENT_ID', '11010519491231002X', 7, 25],
      ['PHONE_NUMBER', '+86 138-0013-8000', 28, 45],
      ['EMAIL_ADDRESS', 'a.b@qq.com', 49, 59],
    ],
  );
  for (const f of found) assert.equal([...text].slice(f.start, f.end).join(''), f.text);
});

test('overlaps go to the better candidate: an ID is not also a card or a phone', () => {
  // 18 digits that are both a valid ID and Luhn-valid, starting like a Mastercard.
  const found = scanText('540225197712129319', { registry });
  assert.deepEqual(
    found.map((f) => f.type),
    ['CN_RESIDENT_ID'],
  );
});

test('types and minimum score narrow the findings', () => {
  const text = '手机 13800138000 邮箱 a@b.cn';
  assert.deepEqual(
    scanText(text, { registry, types: ['EMAIL_ADDRESS'] }).map((f) => f.type),
    ['EMAIL_ADDRESS'],
  );
  assert.deepEqual(scanText('13800138000', { registry, minScore: 0.9 }), []);
  assert.equal(scanText('13800138000', { registry }).length, 1);
});

test('normalised values travel with the findings', () => {
  const [f] = scanText('电话：＋８６ １３８ ００１３ ８０００', { registry });
  assert.equal(f?.normalized, '13800138000');
});

test('code-point indexer handles surrogate pairs and restarts', () => {
  const at = codePointIndexer('a😀b😀c');
  assert.equal(at(0), 0);
  assert.equal(at(3), 2);
  assert.equal(at(6), 4);
  assert.equal(at(1), 1);
  assert.equal(codePointIndexer('abc')(2), 2);
});

/** The reference: walk unit by unit, a high surrogate (not last) and the unit after it as one. */
function walkCodePoints(text: string, target: number): number {
  let u = 0;
  let cp = 0;
  while (u < target) {
    const c = text.charCodeAt(u);
    u += c >= 0xd800 && c <= 0xdbff && u + 1 < text.length ? 2 : 1;
    cp++;
  }
  return cp;
}

test('code-point indexer agrees with a unit walk, malformed surrogates and any order included', () => {
  // Deterministic pseudo-random strings over pairs, lone and doubled surrogates, CJK and ASCII.
  const pieces = ['a', '中', '😀', '\uD800', '\uDC00', '\n', '\uDBFF\uDBFF', '👍🏽'];
  let seed = 7;
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  for (let t = 0; t < 2000; t++) {
    let text = '';
    for (let i = next(14); i > 0; i--) text += pieces[next(pieces.length)];
    const at = codePointIndexer(text);
    const targets = Array.from({ length: 8 }, () => next(text.length + 1));
    if (t % 2 === 0) targets.sort((a, b) => a - b);
    for (const x of targets) {
      assert.equal(at(x), walkCodePoints(text, x), `${JSON.stringify(text)} at ${x}`);
    }
  }
});
