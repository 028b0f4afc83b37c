import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { readXlsxRows, readXlsxUnits } from '../../../src/detect/readers/xlsx-reader.ts';
import { collect, scanAll } from './helpers.ts';
import { assertPlaced } from './placement.ts';

test('workbooks are scanned as their tab-separated rendering, sheet after sheet', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'piguard-xlsx-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'book.xlsx');
  const wb = new ExcelJS.Workbook();
  const s1 = wb.addWorksheet('客户');
  s1.addRow(['姓名', '手机', '出生日期']);
  s1.addRow(['张伟', '138\n0013 8000', new Date(Date.UTC(1990, 2, 7))]);
  s1.addRow(['李四', 13900139000, null]);
  const s2 = wb.addWorksheet('备注');
  s2.addRow(['联系 zhangwei@example.com']);
  await wb.xlsx.writeFile(path);

  const rows = [];
  for await (const r of readXlsxRows(path)) rows.push(r);
  assert.deepEqual(rows[1]!.cells, ['张伟', '138 0013 8000', '1990-03-07']);
  const rendering = rows.map((r) => `${r.cells.join('\t')}\n`).join('');

  const units = await collect(readXlsxUnits(path));
  assert.match(units[0]!.text, /手机：138 0013 8000\n/);
  const found = scanAll(units);
  assert.deepEqual(
    found.map((f) => [f.line, f.column, f.text]),
    [
      [2, 4, '138 0013 8000'],
      [3, 4, '13900139000'],
      [4, 4, 'zhangwei@example.com'],
    ],
  );
  for (const f of found) assertPlaced(rendering, f);
});
