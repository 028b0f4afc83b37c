import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../../src/core/errors.ts';
import { mapColumns } from '../../../src/vault/import/column-mapping.ts';
import {
  canonicalResidentId,
  CustomerRowValidator,
  parseWrittenDate,
} from '../../../src/vault/import/customer-row-validator.ts';

const HEADERS = ['客户编号', '姓名', '出生日期', '手机', '身份证号', '邮箱', '起保日期', '备注'];
const mapping = mapColumns(HEADERS, [], []);
const TODAY = new Date('2026-06-01T00:00:00Z');

function validator() {
  return new CustomerRowValidator('c.csv', mapping, HEADERS, TODAY);
}

test('dates as written become ISO dates; impossible ones are refused', () => {
  assert.equal(parseWrittenDate('1990-03-07'), '1990-03-07');
  assert.equal(parseWrittenDate('1990/3/7'), '1990-03-07');
  assert.equal(parseWrittenDate('1990年3月7日'), '1990-03-07');
  assert.equal(parseWrittenDate('19900307'), '1990-03-07');
  assert.equal(parseWrittenDate('２０００－０２－２９'.replace(/－/g, '-')), '2000-02-29');
  assert.equal(parseWrittenDate('1900-02-29'), undefined);
  assert.equal(parseWrittenDate('1990-13-01'), undefined);
  assert.equal(parseWrittenDate('next tuesday'), undefined);
});

test('resident ID numbers: check character, region and date; legacy numbers upgraded', () => {
  assert.equal(canonicalResidentId('11010519491231002x'), '11010519491231002X');
  assert.equal(canonicalResidentId('110105491231002'), '11010519491231002X');
  assert.equal(canonicalResidentId('110105194912310021'), undefined); // check character
  assert.equal(canonicalResidentId('990105194912310021'), undefined); // province
});

test('a good row becomes a record; unknown columns go to extra by header', () => {
  const r = validator().validate({
    line: 2,
    cells: [
      'C1',
      ' 张三 ',
      '1990/3/7',
      '138 0013 8000',
      '11010519491231002x',
      'a@b.cn',
      '2024年1月15日',
      'VIP',
    ],
  });
  assert.deepEqual(r, {
    customer_id: 'C1',
    name: '张三',
    birth_date: '1990-03-07',
    phone: '138 0013 8000',
    id_number: '11010519491231002X',
    email: 'a@b.cn',
    start_date: '2024-01-15',
    extra: { 备注: 'VIP' },
  });
});

test('bad rows: FILE:ROW: problem, naming the column, never the value', () => {
  const cases: [string[], RegExp][] = [
    [['', '张三'], /^c\.csv:7: customer id is missing$/],
    [['C1', '张三', '1990-02-30'], /^c\.csv:7: birth_date \(column 出生日期\) is not a real date$/],
    [['C1', '张三', '2030-01-01'], /birth_date \(column 出生日期\) is not a plausible birth date/],
    [['C1', '张三', '', '12345'], /phone \(column 手机\) is not a valid mainland phone number/],
    [
      ['C1', '', '', '', '110105194912310021'],
      /id_number \(column 身份证号\) is not a valid resident ID number/,
    ],
    [['C1', '', '', '', '', 'not-mail'], /email \(column 邮箱\) is not an e-mail address/],
    [['C1', '', '', '', '', '', '2024-02-30'], /start_date \(column 起保日期\) is not a real date/],
  ];
  for (const [cells, expected] of cases) {
    const err = (() => {
      try {
        validator().validate({ line: 7, cells });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(err instanceof InputError, String(expected));
    assert.match(err.message, expected);
    for (const value of cells.slice(1)) if (value) assert.ok(!err.message.includes(value), value);
  }
});

test('a customer id may appear once per file', () => {
  const v = validator();
  v.validate({ line: 2, cells: ['C1'] });
  v.validate({ line: 3, cells: ['C2'] });
  assert.throws(
    () => v.validate({ line: 9, cells: ['C1'] }),
    /^InputError: c\.csv:9: customer id C1 appears again \(first on row 2\)$/,
  );
  assert.equal(v.rows, 2);
});
