import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { encodeEntry } from '../../src/audit/audit-log.ts';
import { BatchTreeBuilder } from '../../src/audit/batch-tree.ts';
import { CompactRange } from '../../src/audit/compact-range.ts';
import { packedSpans, readTreeStart } from '../../src/audit/encoded-append.ts';
import { verifyLog } from '../../src/audit/log-verifier.ts';
import { MemoryTree } from '../../src/audit/memory-tree.ts';
import { hashLeaf } from '../../src/audit/rfc6962.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { event, openLogFixture } from './fixtures/audit-log-fixture.ts';

/** `count` events from `from` on, encoded as an import batch (bytes, ends, leaf hashes). */
function encoded(from: number, count: number) {
  const entries = Array.from({ length: count }, (_, i) => encodeEntry(event(from + i)));
  const ends = new Uint32Array(count);
  let end = 0;
  entries.forEach((e, i) => (ends[i] = end += e.length));
  const leafHashes = Buffer.concat(entries.map((e) => hashLeaf(e)));
  return { entries, bytes: Buffer.concat(entries), ends, leafHashes };
}

test('packedSpans packs each entry as start · 2^16 + length', () => {
  assert.equal(
    packedSpans(Uint32Array.of(3, 10, 65_545)),
    `[3,${3 * 65_536 + 7},${10 * 65_536 + 65_535}]`,
  );
  assert.equal(packedSpans(new Uint32Array(0)), '[]');
});

test('BatchTreeBuilder: same nodes and roots as a memory tree, with batches transferred away', () => {
  const tree = new MemoryTree();
  for (let i = 0; i < 5; i++) tree.append(hashLeaf(Buffer.from(`seed ${i}`)));
  const border = CompactRange.borderIds(5).map((id) => tree.getNode(id));
  const builder = new BatchTreeBuilder(CompactRange.restore(5, border));
  const { port1 } = new MessageChannel();
  let size = 5;
  for (const count of [1, 7, 64, 300, 2]) {
    const batch = encoded(size, count);
    const part = builder.extend(batch.leafHashes);
    assert.equal(part.sizeBefore, size);
    assert.deepEqual(part.rootBefore, tree.root());
    // The caller transfers the batch's buffers to the writer: the builder must not keep views.
    port1.postMessage(null, [batch.leafHashes.buffer as ArrayBuffer]);
    for (const e of batch.entries) tree.append(hashLeaf(e));
    size += count;
    assert.deepEqual(part.root, tree.root());
    for (let i = 0; i < part.nodeLevels.length; i++) {
      const level = part.nodeLevels[i]!;
      assert.equal(level % 4, 0);
      const hash = part.nodeHashes.subarray(i * 32, i * 32 + 32);
      assert.deepEqual(hash, tree.getNode({ level, index: part.nodeIndexes[i]! }));
    }
  }
  port1.close();
});

describeEachEngine('appendEncodedInTransaction', (engine) => {
  test('bulk entries and a caller-built tree verify; a tree off the head is refused', async (t) => {
    const { database, log } = await openLogFixture(engine, t);
    await log.append([event(0), event(1), event(2)]);
    const db = database.db;
    const first = encoded(3, 40);
    const second = encoded(43, 300);
    await db.transaction().execute(async (trx) => {
      assert.equal(await log.appendEncodedInTransaction(trx, first), 3);
      const start = await readTreeStart(trx, log.logId, log.nodeSource(trx));
      assert.equal(start.size, 43);
      const builder = new BatchTreeBuilder(CompactRange.restore(start.size, start.border));
      const tree = builder.extend(second.leafHashes);
      assert.equal(await log.appendEncodedInTransaction(trx, { ...second, tree }), 43);
      // A tree that does not start at the head (here: the same one again) is refused.
      await assert.rejects(
        log.appendEncodedInTransaction(trx, { ...second, tree }),
        /its tree starts at size 43, the log is at 343/,
      );
    });
    assert.equal(await log.size(), 343);
    for (const [i, e] of [...first.entries, ...second.entries].entries()) {
      assert.deepEqual(await log.entry(3 + i), e);
    }
    // The appender's cached border was dropped: the next append restores it from the database.
    await log.append([event(500)]);
    assert.deepEqual((await verifyLog(db)).problems, []);
  });
});
