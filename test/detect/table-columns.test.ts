import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableColumnCells } from '../../src/detect/table-columns.ts';

/** The values under columns named exactly `name`. */
const column = (text: string, name: string) =>
  tableColumnCells(text, (n) => (n === name ? true : undefined)).map((c) =>
    text.slice(c.start, c.end),
  );

test('CSV, TSV, pipe and fixed-width tables', () => {
  assert.deepEqual(column('姓名,QQ号,邮箱\n张伟,12345,a@b.cn\n李娜,67890,', 'QQ号'), [
    '12345',
    '67890',
  ]);
  assert.deepEqual(column('姓名\tQQ号\t邮箱\n张伟\t12345\ta@b.cn', 'QQ号'), ['12345']);
  assert.deepEqual(
    column('| 姓名 | QQ号 | 邮箱 |\n|---|---|---|\n| 张伟 | 12345 | a@b.cn |', 'QQ号'),
    ['---', '12345'],
  );
  assert.deepEqual(
    column(
      '序号  姓名      卡号              金额\n1     张伟      6222000011112222  10.00',
      '卡号',
    ),
    ['6222000011112222'],
  );
});

test('quoted cells keep their delimiters and line breaks; stray empty cells are dropped', () => {
  const csv = '姓名,地址,QQ号,备注\n张伟,"北京,朝阳\n某路1号",12345,无\n李娜,,,67890,无';
  assert.deepEqual(column(csv, 'QQ号'), ['12345', '67890']);
});

test('rows end at a line with fewer than two cells; a prose line is no header', () => {
  assert.deepEqual(column('姓名,QQ号,邮箱\n张伟,12345,a@b.cn\n\n李娜,67890,c@d.cn', 'QQ号'), [
    '12345',
  ]);
  assert.deepEqual(column('我的QQ号是12345\n张伟,12345,a@b.cn', 'QQ号'), []);
  assert.deepEqual(column('姓名,QQ群,邮箱\n张伟,12345,a@b.cn', 'QQ号'), []);
});
