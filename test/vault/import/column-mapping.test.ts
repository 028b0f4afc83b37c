import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../../src/core/errors.ts';
import { formatMapping, mapColumns } from '../../../src/vault/import/column-mapping.ts';
import { residentId } from '../customer-fixtures.ts';

test('header names in Chinese and English map to customer fields', () => {
  const m = mapColumns(
    ['客户编号', 'Mobile Phone', '身份证号码', 'Birth Date', '负责人', '机构', '银行卡号', '备注'],
    [],
    [],
  );
  assert.deepEqual(
    m.map((c) => [c.target, c.source]),
    [
      ['customer_id', 'header'],
      ['phone', 'header'],
      ['id_number', 'header'],
      ['birth_date', 'header'],
      ['agent', 'header'],
      ['branch', 'header'],
      ['extra', 'header'], // a bank card: PI without a vault column, kept encrypted
      ['extra', 'unknown'],
    ],
  );
});

test('a second column for a taken field goes to extra as a duplicate', () => {
  const m = mapColumns(['手机', '电话'], [], []);
  assert.equal(m[0]!.target, 'phone');
  assert.deepEqual([m[1]!.target, m[1]!.source], ['extra', 'duplicate']);
});

test('content classification names columns whose header says nothing', () => {
  const sample = [
    ['13800138000', residentId('110105', '1949-12-31', 2), 'x'],
    ['13900139000', residentId('440305', '1985-12-01', 1), 'y'],
    ['13600136000', residentId('110101', '1960-01-01', 1), 'z'],
  ];
  const m = mapColumns(['联络', '证件', '其他'], sample, []);
  assert.deepEqual([m[0]!.target, m[0]!.source], ['phone', 'content']);
  assert.match(m[0]!.detail ?? '', /PHONE_NUMBER, 100% of 3 cells/);
  assert.deepEqual([m[1]!.target, m[1]!.source], ['id_number', 'content']);
  assert.deepEqual([m[2]!.target, m[2]!.source], ['extra', 'unknown']);
});

test('--map wins, by header or 1-based column number; bad maps are usage errors', () => {
  const m = mapColumns(['编号', '手机', '备用'], [], ['编号=customer_id', '2=skip', '备用=phone']);
  assert.deepEqual(
    m.map((c) => [c.target, c.source]),
    [
      ['customer_id', 'map'],
      ['skip', 'map'],
      ['phone', 'map'],
    ],
  );
  assert.throws(() => mapColumns(['a'], [], ['a']), UsageError);
  assert.throws(() => mapColumns(['a'], [], ['a=nonsense']), /unknown field "nonsense"/);
  assert.throws(() => mapColumns(['a'], [], ['b=phone']), /no column "b"/);
  assert.throws(() => mapColumns(['a'], [], ['9=phone']), /no column "9"/);
});

test('the printed mapping names headers and decisions, never values', () => {
  const lines = formatMapping(mapColumns(['客户编号', ''], [['C1', '13800138000']], []));
  assert.equal(lines[0], '  客户编号 (column 1) → customer_id (header name)');
  assert.match(lines[1]!, /^ {2}column 2 → phone \(content classification: PHONE_NUMBER/);
  assert.ok(!lines.join('\n').includes('13800138000'));
});
