import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanText } from '../../../src/detect/text-scanner.ts';
import { RecognizerRegistry } from '../../../src/detect/registry.ts';
import { passportRecognizer } from '../../../src/detect/recognizers/passport.ts';

const registry = new RecognizerRegistry([passportRecognizer]);
const found = (text: string) => scanText(text, { registry }).map((f) => f.text);

test('Chinese passports by syntax, others after a passport word', () => {
  const cases: [string, string[]][] = [
    ['护照号：E12345678', ['E12345678']],
    ['E12345678', ['E12345678']],
    ['护照 EA1234567', ['EA1234567']],
    ['G12345678', ['G12345678']],
    ['護照號碼 E87654321', ['E87654321']],
    ['passport no. P1234567', ['P1234567']],
    ['Passport: 123456789', ['123456789']],
    ['护照号码 K12345678', ['K12345678']],
    ['护照：ｅ１２３４５６７８', ['ｅ１２３４５６７８']],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
  assert.deepEqual(
    scanText('护照 ea1234567', { registry }).map((f) => f.normalized),
    ['EA1234567'],
  );
});

test('negatives', () => {
  const bad = ['P1234567', 'K12345678', '订单号 E12345678', 'XE12345678', 'E123456789', 'E1234567'];
  for (const text of bad) assert.deepEqual(found(text), [], text);
});

test('foreign passport numbers with letters inside or a trailing check letter, after a label', () => {
  const cases: [string, string[]][] = [
    ['Passport: K1234567D', ['K1234567D']],
    ['Passport No. C01X00T47', ['C01X00T47']],
    ['护照号码 TK7654321', ['TK7654321']],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
});

test('a passport column of a guest register', () => {
  const csv =
    'Guest Name,Nationality,Passport No.,Room\nAnna Berg,SWE,91234567,1203\nLee Min,SGP,K7654321A,1505\n';
  assert.deepEqual(found(csv), ['91234567', 'K7654321A']);
  const pipe = 'Room | Name | Passport | Phone\n801 | Tom Reed | 533180442 | n/a';
  assert.deepEqual(found(pipe), ['533180442']);
});

test('negatives: words after a passport label, non-numbers in a passport column', () => {
  const bad = [
    'Passport: EXPIRED',
    'passport photo 2024',
    'Guest Name,Nationality,Passport No.,Room\nAnna Berg,SWE,PENDING,1203',
    'Name,Passport Type,Room\nAnna Berg,ORDINARY,1203',
  ];
  for (const text of bad) assert.deepEqual(found(text), [], text);
});
