import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  autoWorkerCount,
  formatOf,
  resolveScanTargets,
  scanPaths,
  type FileScanStats,
} from '../../src/detect/file-scanner.ts';
import type { LocatedFinding } from '../../src/detect/readers/scan-unit.ts';
import { FIXTURE_REGISTRY_URL } from './readers/fixture-registry.ts';

function makeTree(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'piguard-files-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const lines = Array.from({ length: 300 }, (_, i) => `第${i}行 手机 1380013${String(1000 + i)}`);
  writeFileSync(join(dir, 'b.txt'), lines.join('\n'));
  writeFileSync(join(dir, 'a.csv'), '手机,邮箱\n13900139000,a@example.com\n');
  writeFileSync(join(dir, 'c.jsonl'), '{"phone":"13700137000"}\n');
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'd.json'), '{"tel":"13600136000"}');
  writeFileSync(join(dir, 'sub', 'e.bin'), Buffer.from([0, 1, 2, 3, 0, 0, 0, 9, 0xff]));
  writeFileSync(join(dir, 'sub', 'f.xlsx'), 'not a zip archive');
  symlinkSync('..', join(dir, 'sub', 'loop'));
  mkdirSync(join(dir, 'node_modules'));
  writeFileSync(join(dir, 'node_modules', 'x.txt'), '13500135000');
  return dir;
}

async function scanAll(
  paths: string[],
  workers: number,
  chunkSize: number,
): Promise<{ found: LocatedFinding[]; warnings: string[]; stats: FileScanStats }> {
  const found: LocatedFinding[] = [];
  const warnings: string[] = [];
  const stats = {} as FileScanStats;
  for await (const f of scanPaths(paths, {
    registryModule: FIXTURE_REGISTRY_URL,
    workers,
    chunkSize,
    stats,
    onWarning: (m) => warnings.push(m),
  })) {
    found.push(f);
  }
  return { found, warnings, stats };
}

test('formats by extension', () => {
  assert.deepEqual(['a.CSV', 'b.tsv', 'c.json', 'd.ndjson', 'e.xlsx', 'f.log', 'g'].map(formatOf), [
    'csv',
    'tsv',
    'json',
    'jsonl',
    'xlsx',
    'text',
    'text',
  ]);
});

test('directories: sorted walk, binary files and symlink loops skipped with a warning', async (t) => {
  const dir = makeTree(t);
  const targets = await resolveScanTargets([dir], () => undefined);
  assert.deepEqual(
    targets.map((x) => x.path.slice(dir.length + 1)),
    ['a.csv', 'b.txt', 'c.jsonl', 'sub/d.json', 'sub/e.bin', 'sub/f.xlsx'],
  );
  const { found, warnings, stats } = await scanAll([dir], 0, 1 << 20);
  assert.equal(found.length, 2 + 300 + 1 + 1);
  assert.equal(stats.skipped, 2);
  assert.ok(warnings.some((w) => /e\.bin: skipped, binary file/.test(w)));
  assert.ok(warnings.some((w) => /f\.xlsx: skipped, cannot read/.test(w)));
  assert.ok(warnings.some((w) => /loop: skipped, symbolic link loop/.test(w)));
  // node_modules is skipped when walking but scanned when named.
  const named = await scanAll([join(dir, 'node_modules')], 0, 1 << 20);
  assert.equal(named.found.length, 1);
});

test('the worker pool gives the same findings in the same order as the main thread', async (t) => {
  const dir = makeTree(t);
  const inline = await scanAll([dir], 0, 256);
  const pooled = await scanAll([dir], 2, 256);
  assert.equal(inline.stats.workerUnits, 0);
  assert.ok(pooled.stats.workerUnits > 10, `units on workers: ${pooled.stats.workerUnits}`);
  assert.equal(pooled.stats.workerUnits, pooled.stats.units);
  assert.deepEqual(pooled.found, inline.found);
  const order = pooled.found.map((f) => `${f.path}\u0000${String(f.start).padStart(9, '0')}`);
  assert.deepEqual(order, [...order].sort());
});

test('a missing path is an input error before anything is scanned', async () => {
  await assert.rejects(scanAll(['/no/such/file.txt'], 0, 1024), {
    exitCode: 2,
    message: '/no/such/file.txt: no such file or directory',
  });
});

test('stdin is read as text under the path -', async () => {
  const found: LocatedFinding[] = [];
  async function* stdin(): AsyncGenerator<Buffer> {
    yield Buffer.from('手机 1380013');
    yield Buffer.from('8000\n');
  }
  for await (const f of scanPaths(['-'], {
    registryModule: FIXTURE_REGISTRY_URL,
    workers: 0,
    stdin: stdin(),
  })) {
    found.push(f);
  }
  assert.deepEqual(
    found.map((f) => [f.path, f.line, f.column, f.text]),
    [['-', 1, 4, '13800138000']],
  );
});

test('worker count follows input size, cores and the types asked for', () => {
  const GB = [{ path: 'big.txt', size: 2 ** 30 }];
  const structured = { types: ['PHONE_NUMBER', 'CN_RESIDENT_ID'] as const };
  // The main thread keeps a core; one worker alone is not worth its start-up.
  assert.equal(autoWorkerCount(GB, structured, 8), 7);
  assert.equal(autoWorkerCount(GB, structured, 3), 2);
  assert.equal(autoWorkerCount(GB, structured, 2), 0);
  assert.equal(autoWorkerCount(GB, structured, 1), 0);
  // Small inputs stay on the main thread, however many cores or files.
  const small = Array.from({ length: 50 }, (_, i) => ({ path: `f${i}.txt`, size: 100_000 }));
  assert.equal(autoWorkerCount(small, structured, 8), 0);
  // Names and addresses: each worker holds its own jieba, so the memory budget allows one, used
  // on large inputs for its capped heap.
  assert.equal(autoWorkerCount(GB, {}, 8), 1);
  assert.equal(autoWorkerCount(GB, { types: ['PHONE_NUMBER', 'PERSON_NAME'] }, 2), 1);
  assert.equal(autoWorkerCount([{ path: 'a.txt', size: 50_000_000 }], {}, 8), 0);
});
