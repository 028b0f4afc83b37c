/**
 * Batched inclusion proofs equal `inclusionProof`'s, on both engines, for a spread of indexes at several
 * tree sizes (powers of two, one past, odd sizes), in any order, with duplicates.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inclusionProof } from '../../src/audit/merkle-proofs.ts';
import { inclusionProofs } from '../../src/cases/batched-proofs.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { openCaseFixture } from './fixtures/case-fixture.ts';

describeEachEngine('batched inclusion proofs', (engine) => {
  test('equal to one-at-a-time proofs', async (t) => {
    const f = await openCaseFixture(engine, t);
    await f.log.append(Array.from({ length: 300 }, (_, n) => ({ n })));
    const source = f.log.nodeSource();
    for (const size of [1, 2, 3, 64, 65, 127, 256, 257, 300]) {
      const indexes = Array.from({ length: size }, (_, i) => size - 1 - i);
      indexes.push(0, size - 1);
      const batched = await inclusionProofs(f.log.db, f.log.logId, indexes, size);
      // One-at-a-time proofs cost a round trip each: compare a spread of them (edges, middle,
      // every 7th), which covers every level of the tree at these sizes.
      for (const [k, i] of indexes.entries()) {
        if (i > 2 && i < size - 3 && i % 7 !== 0 && i !== Math.floor(size / 2)) continue;
        assert.deepEqual(
          batched[k],
          await inclusionProof(i, size, source),
          `size ${size} index ${i}`,
        );
      }
    }
    await assert.rejects(inclusionProofs(f.log.db, f.log.logId, [5], 5), RangeError);
    assert.deepEqual(await inclusionProofs(f.log.db, f.log.logId, [], 10), []);
  });
});
