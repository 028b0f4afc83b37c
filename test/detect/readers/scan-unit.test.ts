import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  advancePosition,
  locateFindings,
  UnitTextBuilder,
} from '../../../src/detect/readers/scan-unit.ts';
import { scanText } from '../../../src/detect/text-scanner.ts';
import { fixtureRegistry } from './fixture-registry.ts';
import { assertPlaced } from './placement.ts';

test('advancePosition counts code points and lines', () => {
  assert.deepEqual(advancePosition({ offset: 0, line: 1, column: 1 }, 'ab\ncd'), {
    offset: 5,
    line: 2,
    column: 3,
  });
  assert.deepEqual(advancePosition({ offset: 10, line: 3, column: 4 }, '😀x'), {
    offset: 12,
    line: 3,
    column: 6,
  });
});

test('identity units: offsets in code points, also after astral characters', () => {
  const text = '😀😀 第一行\n手机 13800138000 和 😀 13900139000\n';
  const unit = { path: 'a.txt', text, base: { offset: 0, line: 1, column: 1 } };
  const found = locateFindings(unit, scanText(text, { registry: fixtureRegistry() }));
  assert.equal(found.length, 2);
  for (const f of found) assertPlaced(text, f);
  assert.deepEqual([found[0]!.line, found[0]!.column, found[1]!.column], [2, 4, 20]);
});

test('built units map values back; matches reaching into the context prefix are dropped', () => {
  const raw = 'x,13800138000,"a""b 13900139000"\n';
  const b = new UnitTextBuilder();
  b.addValue('手机', '13800138000', 2);
  // The value of a quoted field with a doubled quote: map each value character to raw.
  const value = 'a"b 13900139000';
  const map = [0, 1, 3, ...Array.from({ length: 12 }, (_, i) => 4 + i), 16];
  b.addValue('备注', value, 15, map);
  // A context word that itself looks like a value must not produce a finding.
  b.addValue('13700137000', 'x', 0);
  const unit = b.build('a.csv', raw, { offset: 100, line: 7, column: 1 });
  assert.equal(unit.text, '手机：13800138000\n备注：a"b 13900139000\n13700137000：x\n');
  const found = locateFindings(unit, scanText(unit.text, { registry: fixtureRegistry() }));
  assert.deepEqual(
    found.map((f) => [f.text, f.start, f.line, f.column]),
    [
      ['13800138000', 102, 7, 3],
      ['13900139000', 120, 7, 21],
    ],
  );
});

test('line breaks inside a value become spaces in the scan text, not in the reported text', () => {
  const raw = '"138\n0013 8000"\n';
  const b = new UnitTextBuilder();
  b.addValue('手机', '138\n0013 8000', 1);
  const unit = b.build('a.csv', raw, { offset: 0, line: 1, column: 1 });
  const [f] = locateFindings(unit, scanText(unit.text, { registry: fixtureRegistry() }));
  assert.ok(f);
  assert.equal(f.text, '138\n0013 8000');
  assert.deepEqual([f.line, f.column, f.endLine, f.endColumn], [1, 2, 2, 10]);
  assertPlaced(raw, f);
});
