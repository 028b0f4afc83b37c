import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { readTable, tableFormatOf } from '../../../src/detect/readers/table-reader.ts';

test('reads headers and rows from CSV (GB18030), TSV, XLSX and JSON lines', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'piguard-table-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const csv = join(dir, 'a.csv');
  writeFileSync(
    csv,
    iconv.encode('姓名,手机\r\n张伟,"138\n0013 8000"\r\n李四,13900139000\r\n', 'gb18030'),
  );
  assert.deepEqual(await readTable(csv), {
    headers: ['姓名', '手机'],
    rows: [
      ['张伟', '138\n0013 8000'],
      ['李四', '13900139000'],
    ],
  });
  assert.equal((await readTable(csv, { maxRows: 1 })).rows.length, 1);

  const tsv = join(dir, 'b.tsv');
  writeFileSync(tsv, '张伟\t13800138000\n');
  assert.deepEqual(await readTable(tsv), { headers: ['', ''], rows: [['张伟', '13800138000']] });

  const xlsx = join(dir, 'c.xlsx');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('s');
  ws.addRow(['name', 'mobile']);
  ws.addRow(['Zhang Wei', 13800138000]);
  await wb.xlsx.writeFile(xlsx);
  assert.deepEqual(await readTable(xlsx), {
    headers: ['name', 'mobile'],
    rows: [['Zhang Wei', '13800138000']],
  });

  const jsonl = join(dir, 'd.jsonl');
  writeFileSync(jsonl, '{"name":"张伟","phone":"13800138000"}\n\n{"name":"李四","qq":12345678}\n');
  assert.deepEqual(await readTable(jsonl), {
    headers: ['name', 'phone', 'qq'],
    rows: [
      ['张伟', '13800138000', ''],
      ['李四', '', '12345678'],
    ],
  });
});

test('non-table paths are input errors', async () => {
  assert.equal(tableFormatOf('notes.txt'), undefined);
  await assert.rejects(readTable('notes.txt'), { exitCode: 2, message: /notes\.txt: not a table/ });
});
