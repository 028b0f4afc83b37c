import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bitLength,
  isPowerOfTwo,
  popCount,
  rangeNodes,
  splitPoint,
} from '../../src/audit/tree-math.ts';

test('bit arithmetic holds beyond 32 bits', () => {
  for (const n of [0, 1, 2, 3, 255, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 7, 2 ** 53 - 1]) {
    const bits = n.toString(2);
    assert.equal(bitLength(n), n === 0 ? 0 : bits.length, `bitLength ${n}`);
    assert.equal(popCount(n), [...bits].filter((b) => b === '1').length, `popCount ${n}`);
    assert.equal(isPowerOfTwo(n), n > 0 && bits.indexOf('1') === bits.lastIndexOf('1'));
  }
  assert.equal(splitPoint(2), 1);
  assert.equal(splitPoint(5), 4);
  assert.equal(splitPoint(8), 4);
  assert.equal(splitPoint(2 ** 33 + 1), 2 ** 33);
});

test('rangeNodes decomposes aligned ranges into perfect subtrees, largest first', () => {
  assert.deepEqual(rangeNodes(0, 0), []);
  assert.deepEqual(rangeNodes(0, 7), [
    { level: 2, index: 0 },
    { level: 1, index: 2 },
    { level: 0, index: 6 },
  ]);
  assert.deepEqual(rangeNodes(8, 11), [
    { level: 1, index: 4 },
    { level: 0, index: 10 },
  ]);
  assert.deepEqual(rangeNodes(2 ** 34, 2 ** 34 + 2 ** 33), [{ level: 33, index: 2 }]);
});
