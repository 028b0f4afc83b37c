import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { openCustomerFile, type FileRow } from '../../../src/vault/import/customer-file-rows.ts';

async function readAll(path: string) {
  const file = await openCustomerFile(path);
  const rows: FileRow[] = [];
  for await (const r of file.rows) rows.push(r);
  return { file, rows };
}

test('CSV rows carry the physical line they start on (quoted line breaks, blank lines)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'piguard-rows-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'c.csv');
  writeFileSync(path, '客户编号,地址\r\nC1,"北京市\n东城区"\r\n\r\nC2,上海市\r\nC3,"a ""b"""\r\n');
  const { file, rows } = await readAll(path);
  assert.deepEqual(file.headers, ['客户编号', '地址']);
  assert.equal(file.hasHeader, true);
  assert.deepEqual(rows, [
    { line: 2, cells: ['C1', '北京市\n东城区'] },
    { line: 5, cells: ['C2', '上海市'] },
    { line: 6, cells: ['C3', 'a "b"'] },
  ]);
  assert.equal(file.sha256(), createHash('sha256').update(readFileSync(path)).digest('hex'));
});

test('GBK files are detected and decoded; a file without a header keeps its first row', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'piguard-rows-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'gbk.csv');
  writeFileSync(path, iconv.encode('C1,张三,13800138000\nC2,李四,13900139000\n', 'gbk'));
  const { file, rows } = await readAll(path);
  assert.equal(file.encoding, 'gb18030');
  assert.equal(file.hasHeader, false);
  assert.deepEqual(file.headers, ['', '', '']);
  assert.deepEqual(
    rows.map((r) => [r.line, r.cells[1]]),
    [
      [1, '张三'],
      [2, '李四'],
    ],
  );
});

test('JSON lines: keys become headers, late keys are appended, lines are numbered', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'piguard-rows-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'c.jsonl');
  writeFileSync(
    path,
    '{"customer_id":"C1","phone":"13800138000"}\n\n{"phone":13900139000,"customer_id":"C2","vip":true}\n',
  );
  const { file, rows } = await readAll(path);
  assert.deepEqual(file.headers, ['customer_id', 'phone', 'vip']);
  assert.deepEqual(rows, [
    { line: 1, cells: ['C1', '13800138000'] },
    { line: 3, cells: ['C2', '13900139000', 'true'] },
  ]);
});
