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
