import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCsvUnits } from '../../../src/detect/readers/csv-reader.ts';
import { collect, scanAll, textPieces } from './helpers.ts';
import { assertPlaced } from './placement.ts';

const CSV = [
  '姓名,手机,邮箱',
  '张伟,"138\n0013 8000",zhangwei@example.com',
  '"王""小""明",13900139000,',
  ...Array.from({ length: 30 }, (_, i) => `客户${i},1370013${String(7000 + i)},`),
].join('\r\n');

test('cells are found with their header as context, a phone split by a line break included', async () => {
  const units = await collect(readCsvUnits('a.csv', textPieces(CSV, 9)));
  assert.match(units[0]!.text, /^姓名\n手机\n邮箱\n姓名：张伟\n手机：138 0013 8000\n/);
  const found = scanAll(units);
  assert.equal(found.length, 33);
  assert.equal(found[0]!.text, '138\n0013 8000');
  assert.deepEqual([found[0]!.line, found[0]!.column], [2, 5]);
  for (const f of found) assertPlaced(CSV, f);
});

test('the same findings whatever the unit size', async () => {
  const small = scanAll(
    await collect(readCsvUnits('a.csv', textPieces(CSV, 5), { chunkSize: 40 })),
  );
  const whole = scanAll(await collect(readCsvUnits('a.csv', textPieces(CSV, 5000))));
  assert.deepEqual(small, whole);
});

test('a first row of values is not taken for a header', async () => {
  const units = await collect(readCsvUnits('a.csv', textPieces('张伟,13800138000\n')));
  assert.equal(units[0]!.text, '张伟\n13800138000\n');
});

test('TSV by delimiter option; semicolons sniffed', async () => {
  const tsv = await collect(
    readCsvUnits('a.tsv', textPieces('手机\t备注\n13800138000\tx,y\n'), { delimiter: '\t' }),
  );
  assert.match(tsv[0]!.text, /手机：13800138000\n备注：x,y\n/);
  const semi = await collect(readCsvUnits('a.csv', textPieces('phone;note\n13800138000;x,y\n')));
  assert.match(semi[0]!.text, /phone：13800138000\nnote：x,y\n/);
});
