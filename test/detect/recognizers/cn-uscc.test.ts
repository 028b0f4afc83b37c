import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanText } from '../../../src/detect/text-scanner.ts';
import { RecognizerRegistry } from '../../../src/detect/registry.ts';
import { cnUsccRecognizer, isValidUscc } from '../../../src/detect/recognizers/cn-uscc.ts';
import { gb32100CheckChar } from '../../../src/detect/validators/gb32100-check.ts';

const registry = new RecognizerRegistry([cnUsccRecognizer]);
const found = (text: string) => scanText(text, { registry }).map((f) => f.text);
const uscc = (body: string) => body + gb32100CheckChar(body)!;

const CODE = '91350100M000100Y43';
const CODE2 = uscc('91440300MA5D8K1Q2'); // letters in the organisation code

test('valid codes with and without context', () => {
  const cases: [string, string][] = [
    [`统一社会信用代码：${CODE}`, CODE],
    [CODE, CODE],
    [`纳税人识别号 ${CODE2}`, CODE2],
    [`統一社會信用代碼:${CODE2}。`, CODE2],
    [`（${CODE}）`, CODE],
    ['信用代码 ９１３５０１００Ｍ０００１００Ｙ４３', '９１３５０１００Ｍ０００１００Ｙ４３'],
  ];
  for (const [text, value] of cases) assert.deepEqual(found(text), [value], text);
  assert.ok(scanText(`信用代码 ${CODE}`, { registry })[0]!.score >= 0.95);
  assert.equal(scanText(CODE.toLowerCase(), { registry })[0]?.normalized, CODE);
});

test('negatives: wrong check, letters outside the alphabet, bad region, longer codes', () => {
  const bad = [
    CODE.slice(0, 17) + '4',
    'I1350100M000100Y43',
    uscc('91990100M000100Y4'), // no province 99
    `X${CODE}`,
    `${CODE}1`,
    '91350100M0001OOY43',
  ];
  for (const text of bad) assert.deepEqual(found(text), [], text);
  assert.equal(isValidUscc(CODE), true);
  assert.equal(isValidUscc(CODE2.slice(0, 17) + 'Z'), false);
});

test("an organisation's code ('公司代码') is a credit code; a bare '代码' is not", () => {
  for (const label of ['关联公司代码：', '企业代码 ', '机构代码:', '单位代码\u3000']) {
    assert.deepEqual(found(`${label}${CODE}（子公司）`), [CODE], label);
  }
  assert.deepEqual(found(`股票代码 ${CODE}`), []);
  assert.deepEqual(found(`产品代码：${CODE}`), []);
});

test('a business word in a company name does not make the code after it a serial', () => {
  assert.deepEqual(found(`成都某某物流有限公司  ${CODE}  张伟`), [CODE]);
  assert.deepEqual(found(`交易流水 ${CODE}`), []);
});

test('a credit-code column of a table', () => {
  const tsv = `企业名称\t统一社会信用代码\t法定代表人\n某某证券有限公司\t${CODE}\t张伟\n`;
  assert.deepEqual(found(tsv), [CODE]);
});
