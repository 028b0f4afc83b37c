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
    ['出生日期：１９９０－０１－０２', [['１９９０－０１－０２', '1990-01-02']]],
    ['出生於 1990年1月2日', [['1990年1月2日', '1990-01-02']]],
    // The century left out, as people say it.
    ['出生日期：88年3月15日', [['88年3月15日', '1988-03-15']]],
    ['生日 05年11月2号', [['05年11月2号', '2005-11-02']]],
    ['他是99年7月1号出生的', [['99年7月1号', '1999-07-01']]],
    // Dates in words, as court documents write them.
    ['被告王某，男，一九八三年五月二十日出生，汉族', [['一九八三年五月二十日', '1983-05-20']]],
    ['出生日期：二〇〇二年十月一日', [['二〇〇二年十月一日', '2002-10-01']]],
    // Keys padded for alignment.
    ['name     : li\nbirthday : 1979-12-03', [['1979-12-03', '1979-12-03']]],
    ['Passenger: LI/MING  DOB: 09-Aug-1972', [['09-Aug-1972', '1972-08-09']]],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
});

test('the answer to a birthday question, in the next message', () => {
  assert.deepEqual(found('A：你生日是几号来着？\nB：94年2月8号啊'), [['94年2月8号', '1994-02-08']]);
  assert.deepEqual(found('妈 我生日是哪天\n19900418'), [['19900418', '1990-04-18']]);
  assert.deepEqual(found('问：出生日期？答：1981年9月9日'), [['1981年9月9日', '1981-09-09']]);
  // A date further on in the same sentence, or without a question, answers something else.
  assert.deepEqual(found('生日快乐！\n2024-05-06 我们去吃饭'), []);
  assert.deepEqual(found('生日是哪天不重要，会议定在2024年5月6日'), []);
  assert.deepEqual(found('生日是哪天？我忘了，反正2023年5月6日要开会'), []);
});

test('a birth year alone is below the reporting threshold', () => {
  assert.deepEqual(found('王五1990年生'), []);
  assert.deepEqual(found('原告张某，男，1962年生，汉族'), []);
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
    // A date before a 出生日期 label belongs to the field before it.
    '证件有效期至2028-01-21 出生日期 不详',
    '出生年月：13年25月1日',
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
