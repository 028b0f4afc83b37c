import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanText } from '../../../src/detect/text-scanner.ts';
import { RecognizerRegistry } from '../../../src/detect/registry.ts';
import { cnHmtPermitRecognizer } from '../../../src/detect/recognizers/cn-hmt-permit.ts';

const registry = new RecognizerRegistry([cnHmtPermitRecognizer]);
const found = (text: string) => scanText(text, { registry }).map((f) => f.text);

test('permits next to a permit word', () => {
  const cases: [string, string[]][] = [
    ['港澳通行证：C12345678', ['C12345678']],
    ['往来港澳通行证 CA1234567', ['CA1234567']],
    ['回乡证 H12345678', ['H12345678']],
    ['回鄉證號碼：M1234567890', ['M1234567890']],
    ['台胞证 12345678', ['12345678']],
    ['臺胞證號：1234567890', ['1234567890']],
    ['赴台通行证 L12345678', ['L12345678']],
    ['港澳居民来往内地通行证 H87654321', ['H87654321']],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
});

test('negatives: no permit word, codes, longer numbers', () => {
  const bad = [
    'C12345678',
    'H12345678',
    '型号 M12345678',
    '台胞证 123456789012',
    '台胞证 A12345678B',
    '12345678',
    '回乡证 H1234567',
  ];
  for (const text of bad) assert.deepEqual(found(text), [], text);
});

test('a permit number written without its letter, right after the permit name', () => {
  const cases: [string, string[]][] = [
    ['港澳居民来往内地通行证号码：87654321，通讯地址', ['87654321']],
    ['往来港澳通行证 12345678　13800000000', ['12345678']],
    ['回鄉證 1234567890', ['1234567890']],
    ['往来台湾通行证/台胞证号码：23456789', ['23456789']],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
  const bad = [
    '车辆通行证 12345678',
    '通行证 12345678',
    '港澳通行证办理费 12345678元x',
    '港澳通行证 123456',
  ];
  for (const text of bad) assert.deepEqual(found(text), [], text);
});

test('the next item of a list after a permit with context', () => {
  assert.deepEqual(found('请提供通行证号码\n我的 C12345678，我爱人的 C87654321，都已签注'), [
    'C12345678',
    'C87654321',
  ]);
  // Without a permit word before the first, neither is a permit.
  assert.deepEqual(found('型号 C12345678，C87654321'), []);
});

test('permits on the rows of a flight manifest (traveller names in airline form)', () => {
  const manifest =
    'SEQ NAME          DOC       DOB\n001 LI/WEI        C12345678 16APR80\n002 WONG/KA MAN   H87654321 03MAY75';
  assert.deepEqual(found(manifest), ['C12345678', 'H87654321']);
});

test('negatives: a permit-shaped code with no traveller on its line', () => {
  assert.deepEqual(found('型号 C12345678 库存 20'), []);
  assert.deepEqual(found('LI/WEI 已登机\n批次 C12345678'), []);
});
