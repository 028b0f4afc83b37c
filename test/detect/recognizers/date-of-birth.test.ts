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

test('dates in a birth-date column of delimited text', () => {
  const csv =
    '序号,姓名,出生日期,起保日期\n1,张三,1990-01-02,2023-03-01\n2,李四,"1985年3月4日",2022-01-01\n';
  assert.deepEqual(found(csv), [
    ['1990-01-02', '1990-01-02'],
    ['1985年3月4日', '1985-03-04'],
  ]);
  const tsv = 'name\tbirth_date\tphone\nzhang\t1990/1/2\t13800138000\nli\tunknown\t13900139000';
  assert.deepEqual(found(tsv), [['1990/1/2', '1990-01-02']]);
  const pipe = '|姓名|DOB|\n|张三|19900102|';
  assert.deepEqual(found(pipe), [['19900102', '1990-01-02']]);
  // The other date columns stay unreported, and prose mentioning birth is not a header.
  assert.deepEqual(found('起保日期,姓名\n2023-03-01,张三'), []);
  assert.deepEqual(found('他说他的出生地在北京，后来搬走了, 然后\n2023-01-01, 开会'), []);
});

test('birth-date column names', () => {
  for (const header of [
    '出生日期',
    '客户出生年月',
    '生日',
    'birth_date',
    'Date of Birth',
    'DOB',
    '出生日期(yyyy-mm-dd)',
  ]) {
    assert.deepEqual(
      found(`id,${header},x\n1,1990-01-02,y`),
      [['1990-01-02', '1990-01-02']],
      header,
    );
  }
  for (const header of ['出生地', '出生地点', 'birthplace', '生日礼物金额']) {
    assert.deepEqual(found(`id,${header},x\n1,1990-01-02,y`), [], header);
  }
});

test('quoted cells may hold delimiters and line breaks', () => {
  const csv = '姓名,地址,出生日期\n张三,"北京市,朝阳区\n建国路1号",1990-01-02\n李四,上海,1985/3/4';
  assert.deepEqual(found(csv), [
    ['1990-01-02', '1990-01-02'],
    ['1985/3/4', '1985-03-04'],
  ]);
});

test('a birthplace column before the birth-date column does not hide it', () => {
  assert.deepEqual(found('出生地,出生日期,姓名\n北京,1990-01-02,张三'), [
    ['1990-01-02', '1990-01-02'],
  ]);
});

test('a doubled delimiter in a row does not shift the column', () => {
  const tsv = '姓名\t手机\t出生日期\t起保日期\n张三\t\t13800138000\t1990-01-02\t2023-01-01';
  assert.deepEqual(found(tsv), [['1990-01-02', '1990-01-02']]);
});
