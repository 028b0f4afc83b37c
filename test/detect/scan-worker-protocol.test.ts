import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LocatedFinding } from '../../src/detect/readers/scan-unit.ts';
import { packFindings, unpackFindings } from '../../src/detect/scan-worker-protocol.ts';

const FINDINGS: LocatedFinding[] = [
  {
    path: '客户/导出.csv',
    line: 3,
    column: 7,
    start: 120,
    end: 131,
    type: 'PHONE_NUMBER',
    text: '138 0013 8000',
    score: 0.97,
    endLine: 3,
    endColumn: 18,
  },
  {
    path: '客户/导出.csv',
    line: 4,
    column: 1,
    start: 3_000_000_000,
    end: 3_000_000_019,
    type: 'WECHAT_ID',
    text: 'wx_😀\n"张"',
    score: 0.5,
    endLine: 5,
    endColumn: 4,
  },
  {
    path: '客户/导出.csv',
    line: 9,
    column: 2,
    start: 3_000_000_100,
    end: 3_000_000_100,
    type: 'CN_RESIDENT_ID',
    text: '',
    score: 1,
    endLine: 9,
    endColumn: 2,
  },
];

test('findings survive packing and unpacking unchanged, texts included', () => {
  const packed = packFindings(FINDINGS);
  assert.deepEqual(unpackFindings(packed, '客户/导出.csv'), FINDINGS);
});

test('packing goes through structured cloning with the numbers transferred', () => {
  const packed = packFindings(FINDINGS);
  const cloned = structuredClone(packed, { transfer: [packed.numbers.buffer] });
  assert.equal(packed.numbers.length, 0, 'the buffer was moved, not copied');
  assert.deepEqual(unpackFindings(cloned, '客户/导出.csv'), FINDINGS);
});

test('no findings pack to nothing', () => {
  const packed = packFindings([]);
  assert.equal(packed.texts, '');
  assert.deepEqual(unpackFindings(packed, 'a.txt'), []);
});
