import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readJsonLinesUnits, readJsonUnits } from '../../../src/detect/readers/json-reader.ts';
import { collect, scanAll, textPieces } from './helpers.ts';
import { assertPlaced } from './placement.ts';

test('string and number values are scanned with their key as context', async () => {
  const json = '{"客户":{"mobile":"13800138000","tags":["vip", 13900139000]},"n":1}';
  const units = await collect(readJsonUnits('a.json', textPieces(json)));
  assert.equal(units[0]!.text, 'mobile：13800138000\ntags：vip\ntags：13900139000\nn：1\n');
  const found = scanAll(units);
  assert.equal(found.length, 2);
  for (const f of found) assertPlaced(json, f);
});

test('escaped strings map back to their raw span', async () => {
  const json =
    '{"note":"\\"联系\\"\\n\\u624b\\u673a 13800138000 \\u0031\\u0033\\u0039\\u0030\\u0030139000"}';
  const found = scanAll(await collect(readJsonUnits('a.json', textPieces(json))));
  assert.equal(found.length, 2);
  assert.equal(found[0]!.text, '13800138000');
  assert.equal(found[1]!.text, '\\u0031\\u0033\\u0039\\u0030\\u0030139000');
  for (const f of found) assertPlaced(json, f);
});

test('JSON lines: one object per line; a broken line does not derail the next', async () => {
  const jsonl = [
    '{"phone":"13800138000","email":"a@example.com"}',
    '{"broken": "13900139000", {{',
    '{"phone": "13700137000"}',
  ].join('\n');
  const units = await collect(readJsonLinesUnits('a.jsonl', textPieces(jsonl)));
  assert.match(units.map((u) => u.text).join(''), /\nphone：13700137000\n$/);
  const found = scanAll(units);
  assert.deepEqual(
    found.map((f) => [f.line, f.type]),
    [
      [1, 'PHONE_NUMBER'],
      [1, 'EMAIL_ADDRESS'],
      [2, 'PHONE_NUMBER'],
      [3, 'PHONE_NUMBER'],
    ],
  );
  for (const f of found) assertPlaced(jsonl, f);
});

test('large JSON documents are cut into several units between values', async () => {
  const json = JSON.stringify(
    Array.from({ length: 200 }, (_, i) => ({ id: i, phone: `1380013${String(8000 + i)}` })),
  );
  const units = await collect(readJsonUnits('a.json', textPieces(json, 1000), 500));
  assert.ok(units.length > 5);
  const found = scanAll(units);
  assert.equal(found.length, 200);
  for (const f of found) assertPlaced(json, f);
});
