import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanText } from '../../../src/detect/text-scanner.ts';
import { RecognizerRegistry } from '../../../src/detect/registry.ts';
import { dateOfBirthRecognizer } from '../../../src/detect/recognizers/date-of-birth.ts';

const registry = new RecognizerRegistry([dateOfBirthRecognizer]);
const found = (text: string) => scanText(text, { registry }).map((f) => [f.text, f.normalized]);

test('birth dates in many writings', () => {
  const cases: [string, [string, string][]][] = [
    ['出生日期：1990-01-02', [['1990-01-02', '1990-01-02']]],
    ['生日 1990/1/2', [['1990/1/2', '1990-01-02']]],
    ['出生年月日：1990年1月2日', [['1990年1月2日', '1990-01-02']]],
    ['出生：19900102', [['19900102', '1990-01-02']]],
    ['生日 90.1.2', [['90.1.2', '1990-01-02']]],
    ['出生年月：1990年1月', [['1990年1月', '1990-01']]],
    ['DOB: 02/01/1990', [['02/01/1990', '1990-01-02']]],
    ['DOB 12/31/1990', [['12/31/1990', '1990-12-31']]],
    ['born on 2 January 1990', [['2 January 1990', '1990-01-02']]],
    ['Date of birth: Jan 2, 1990', [['Jan 2, 1990', '1990-01-02']]],
    ['张三，1985年3月4日出生', [['1985年3月4日', '1985-03-04']]],
    ['李四 1985-03-04生', [['1985-03-04', '1985-03-04']]],
    ['王五1990年生', [['1990年', '1990']]],
    ['出生日期：１９９０－０１－０２', [['１９９０－０１－０２', '1990-01-02']]],
    ['出生於 1990年1月2日', [['1990年1月2日', '1990-01-02']]],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
});

test('negatives: dates without a birth word, impossible or future dates', () => {
  const bad = [
    '1990-01-02',
    '下单时间 2023-01-02',
    '出生日期：1990-02-30',
    '出生日期：1899-12-31',
    '出生日期：2999-01-01',
    '生日 13/13/1990',
    '学生 2023-01-02',
    '2023年生产',
    '出生日期：1990-01-023',
  ];
  for (const text of bad) assert.deepEqual(found(text), [], text);
});
