import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyColumns, classifyFileColumns } from '../../src/detect/column-classifier.ts';
import { fieldForHeader } from '../../src/detect/column-names.ts';
import { fixtureRegistry } from './readers/fixture-registry.ts';

const registry = fixtureRegistry();

test('header names in Chinese and English map to fields and types', () => {
  const cases: [string, string | undefined, string | undefined][] = [
    ['客户编号', 'customer_id', undefined],
    ['姓名', 'name', 'PERSON_NAME'],
    ['出生日期', 'birth_date', 'DATE_OF_BIRTH'],
    ['手机', 'phone', 'PHONE_NUMBER'],
    ['身份证号', 'id_number', 'CN_RESIDENT_ID'],
    ['地址', 'address', 'ADDRESS'],
    ['险种', 'product', undefined],
    ['保费', 'premium', undefined],
    ['起保日期', 'start_date', undefined],
    ['负责人', 'agent', undefined],
    ['投保人手机号码', 'phone', 'PHONE_NUMBER'],
    ['birth_date', 'birth_date', 'DATE_OF_BIRTH'],
    ['id_number', 'id_number', 'CN_RESIDENT_ID'],
    ['Mobile Phone', 'phone', 'PHONE_NUMBER'],
    ['customerName', 'name', 'PERSON_NAME'],
    ['ＱＱ', 'qq', 'QQ_NUMBER'],
    ['微信号', 'wechat', 'WECHAT_ID'],
    ['备注', undefined, undefined],
    ['hostname', undefined, undefined],
  ];
  for (const [header, field, type] of cases) {
    const f = fieldForHeader(header);
    assert.equal(f?.field, field, header);
    assert.equal(f?.type, type, header);
  }
});

test('cells decide the type; the header raises the confidence when it agrees', () => {
  const rows = Array.from({ length: 10 }, (_, i) => [
    `1380013${String(8000 + i)}`,
    i < 8 ? `u${i}@example.com` : 'n/a',
    `备注${i}`,
    `1390013${String(9000 + i)}`,
  ]);
  const cols = classifyColumns({ headers: ['手机', '联系方式', '备注', 'x'], rows }, { registry });
  assert.deepEqual(
    cols.map((c) => [c.header, c.type, c.share, c.sampled]),
    [
      ['手机', 'PHONE_NUMBER', 1, 10],
      ['联系方式', 'EMAIL_ADDRESS', 0.8, 10],
      ['备注', null, 0, 10],
      ['x', 'PHONE_NUMBER', 1, 10],
    ],
  );
  // Same cells, header agreeing vs. silent.
  assert.ok(cols[0]!.confidence > cols[3]!.confidence);
  // 联系方式 names a phone column, the cells say e-mail: the cells win, with less confidence.
  assert.ok(cols[1]!.confidence < 0.8 * 0.9 + 1e-9);
  assert.equal(cols[2]!.confidence, 1);
});

test('a header alone names types that cells cannot show (QQ, dates of birth)', () => {
  const cols = classifyColumns(
    { headers: ['QQ', '出生日期', '险种'], rows: [['12345678', '1990-03-07', '重疾险']] },
    { registry },
  );
  assert.deepEqual(
    cols.map((c) => [c.field, c.type, c.share]),
    [
      ['qq', 'QQ_NUMBER', 0],
      ['birth_date', 'DATE_OF_BIRTH', 0],
      ['product', null, 0],
    ],
  );
  assert.ok(cols[0]!.confidence > 0 && cols[0]!.confidence < 0.5);
});

test('empty cells are not sampled; sampleSize bounds the work', () => {
  const rows = [
    ['', '13800138000'],
    [' ', '13900139000'],
    ['13700137000', '13600136000'],
  ];
  const cols = classifyColumns({ headers: ['a', 'b'], rows }, { registry, sampleSize: 2 });
  assert.deepEqual(
    cols.map((c) => [c.sampled, c.type]),
    [
      [1, 'PHONE_NUMBER'],
      [2, 'PHONE_NUMBER'],
    ],
  );
});

test('file-level helper with the built-in recognisers', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'piguard-cols-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'customers.csv');
  writeFileSync(
    path,
    [
      '客户编号,手机,身份证号,邮箱',
      'C001,13800138000,11010519491231002X,zhangwei@example.com',
      'C002,13912345678,110101199003074477,lisi@example.org',
    ].join('\n'),
  );
  const { columns } = await classifyFileColumns(path);
  assert.deepEqual(
    columns.map((c) => [c.field, c.type]),
    [
      ['customer_id', null],
      ['phone', 'PHONE_NUMBER'],
      ['id_number', 'CN_RESIDENT_ID'],
      ['email', 'EMAIL_ADDRESS'],
    ],
  );
  for (const c of columns.slice(1)) assert.ok(c.confidence >= 0.9, `${c.header}: ${c.confidence}`);
});
