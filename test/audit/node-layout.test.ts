/**
 * The sparse node layout (src/audit/node-layout.ts): only every 4th tree level is stored in
 * audit_nodes, the rest is folded from the stored level below. Everything that reads the tree —
 * roots, proofs, range reads, tiles, verify — must answer exactly as the full tree does, on
 * databases written with the sparse layout and on older ones that hold every level.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachEngine, type TestEngine } from '../helpers/databases.ts';
import { event, openLogFixture } from './fixtures/audit-log-fixture.ts';
import { canonicalJson } from '../../src/audit/canonical-json.ts';
import {
  DbNodeSource,
  MissingNodeError,
  selectNodeRanges,
} from '../../src/audit/db-node-source.ts';
import { verifyLog } from '../../src/audit/log-verifier.ts';
import { MemoryTree } from '../../src/audit/memory-tree.ts';
import { consistencyProof, inclusionProof, rootAt } from '../../src/audit/merkle-proofs.ts';
import {
  baseRange,
  foldPerfect,
  isStoredLevel,
  storedBaseLevel,
} from '../../src/audit/node-layout.ts';
import { hashLeaf } from '../../src/audit/rfc6962.ts';
import { TileReader } from '../../src/audit/tile-reader.ts';
import { allMigrations } from '../../src/store/migrator.ts';

const SIZE = 300;

function memoryTree(size: number): MemoryTree {
  const tree = new MemoryTree();
  for (let i = 0; i < size; i++) tree.append(hashLeaf(canonicalJson(event(i))));
  return tree;
}

test('stored levels, base ranges and folding', () => {
  assert.deepEqual([0, 1, 3, 4, 5, 8, 12, 16, 17].map(isStoredLevel), [
    false,
    false,
    false,
    true,
    false,
    true,
    true,
    true,
    false,
  ]);
  assert.deepEqual([0, 3, 4, 7, 9].map(storedBaseLevel), [0, 0, 4, 4, 8]);
  assert.deepEqual(baseRange({ level: 5, index: 3 }), { level: 4, lo: 6, count: 2 });
  assert.deepEqual(baseRange({ level: 3, index: 2 }), { level: 0, lo: 16, count: 8 });
  assert.deepEqual(baseRange({ level: 8, index: 1 }), { level: 8, lo: 1, count: 1 });
  const tree = memoryTree(64);
  const leaves = Array.from({ length: 64 }, (_, i) => tree.getNode({ level: 0, index: i }));
  assert.deepEqual(foldPerfect(leaves, 16, 16), tree.getNode({ level: 4, index: 1 }));
  assert.deepEqual(foldPerfect(leaves), tree.getNode({ level: 6, index: 0 }));
  assert.deepEqual(foldPerfect(leaves, 5, 1), leaves[5]);
});

/** A log of SIZE entries appended in uneven batches, and the same tree in memory. */
async function sparseLog(engine: TestEngine, t: TestContext) {
  const fx = await openLogFixture(engine, t);
  let n = 0;
  for (const batch of [1, 2, 13, 50, 7, 100, 27, 100]) {
    await fx.log.append(Array.from({ length: batch }, () => event(n++)));
  }
  assert.equal(n, SIZE);
  return { ...fx, tree: memoryTree(SIZE) };
}

/** Everything that reads the stored tree agrees with the in-memory tree. */
async function assertReadsMatch(
  fx: Awaited<ReturnType<typeof sparseLog>>,
  label: string,
): Promise<void> {
  const { database, log, tree } = fx;
  const source = new DbNodeSource(database.db, log.logId);
  for (const size of [1, 2, 3, 15, 16, 17, 31, 32, 33, 127, 128, 129, 255, 256, 257, SIZE]) {
    assert.deepEqual(
      await rootAt(size, source),
      await rootAt(size, tree),
      `${label}: root ${size}`,
    );
    for (const index of new Set([0, size >> 1, size - 1])) {
      assert.deepEqual(
        await inclusionProof(index, size, source),
        await inclusionProof(index, size, tree),
        `${label}: inclusion ${index} in ${size}`,
      );
    }
    for (const m of [1, 5, 16, 100]) {
      if (m >= size) continue;
      assert.deepEqual(
        await consistencyProof(m, size, source),
        await consistencyProof(m, size, tree),
        `${label}: consistency ${m} → ${size}`,
      );
    }
  }
  // Range reads at every level, stored or folded (what batched proofs use).
  for (let level = 1; level <= 8; level++) {
    const count = Math.floor(SIZE / 2 ** level);
    const rows = await selectNodeRanges(database.db, log.logId, [
      { level, lo: 0, hi: count - 1 },
      { level, lo: count, hi: count + 3 }, // beyond the tree: absent, not an error
    ]);
    rows.sort((a, b) => a.idx - b.idx);
    assert.equal(rows.length, count, `${label}: level ${level} rows`);
    for (const r of rows) {
      assert.deepEqual(
        r.hash,
        tree.getNode({ level, index: r.idx }),
        `${label}: ${level}/${r.idx}`,
      );
    }
  }
  const reader = new TileReader(database.db, log.logId);
  assert.deepEqual(await reader.tile(1, 0, 1), tree.getNode({ level: 8, index: 0 }));
  const report = await verifyLog(database.db, { workers: 0 });
  assert.deepEqual(report.problems, [], label);
}

describeEachEngine('sparse node storage', (engine) => {
  test('only every 4th level is stored, and every reader answers as the full tree', async (t) => {
    const fx = await sparseLog(engine, t);
    const counts = await fx.database.db
      .selectFrom('audit_nodes')
      .select((eb) => ['level', eb.fn.countAll<number>().as('n')])
      .groupBy('level')
      .orderBy('level')
      .execute();
    assert.deepEqual(
      counts.map((c) => [Number(c.level), Number(c.n)]),
      [
        [4, Math.floor(SIZE / 16)],
        [8, Math.floor(SIZE / 256)],
      ],
    );
    await assertReadsMatch(fx, 'sparse');
  });

  test('a database written with every level reads the same, and migration 0006 thins it', async (t) => {
    const fx = await sparseLog(engine, t);
    // What versions before the sparse layout stored: every interior level.
    const rows = [];
    for (let level = 1; 2 ** level <= SIZE; level++) {
      if (isStoredLevel(level)) continue;
      for (let index = 0; (index + 1) * 2 ** level <= SIZE; index++) {
        rows.push({
          log_id: fx.log.logId,
          level,
          idx: index,
          hash: fx.tree.getNode({ level, index }),
        });
      }
    }
    await fx.database.db.insertInto('audit_nodes').values(rows).execute();
    await assertReadsMatch(fx, 'every level');
    // Appending on top of an old database keeps working (and verifying).
    await fx.log.append([event(SIZE)]);
    const report = await verifyLog(fx.database.db, { workers: 0 });
    assert.deepEqual(report.problems, []);

    await allMigrations(engine.name)['0006-audit-sparse-nodes']!.up(fx.database.db as never);
    const levels = await fx.database.db
      .selectFrom('audit_nodes')
      .select('level')
      .distinct()
      .orderBy('level')
      .execute();
    assert.deepEqual(
      levels.map((l) => Number(l.level)),
      [4, 8],
    );
    assert.deepEqual((await verifyLog(fx.database.db, { workers: 0 })).problems, []);
  });

  test('a missing stored node is reported for the folded node that needs it', async (t) => {
    const fx = await sparseLog(engine, t);
    await fx.database.db
      .deleteFrom('audit_nodes')
      .where('level', '=', 4)
      .where('idx', '=', 3)
      .execute();
    const source = new DbNodeSource(fx.database.db, fx.log.logId);
    await assert.rejects(
      source.getNodes([{ level: 5, index: 1 }]),
      (e: unknown) =>
        e instanceof MissingNodeError && /tree node level 5 index 1 is missing/.test(e.message),
    );
    const rows = await selectNodeRanges(fx.database.db, fx.log.logId, [{ level: 5, lo: 0, hi: 3 }]);
    assert.deepEqual(rows.map((r) => r.idx).sort(), [0, 2, 3]);
    const report = await verifyLog(fx.database.db, { workers: 0 });
    assert.ok(
      report.problems.some(
        (p) => p.kind === 'node' && /node level 4 index 3 .*missing/.test(p.message),
      ),
      JSON.stringify(report.problems),
    );
  });

  test('workers compare stored nodes inside their chunks like the single pass', async (t) => {
    const fx = await sparseLog(engine, t);
    await fx.database.db
      .updateTable('audit_nodes')
      .set({ hash: Buffer.alloc(32, 5) })
      .where('level', '=', 4)
      .where('idx', '=', 9)
      .execute();
    const run = (workers: number) => verifyLog(fx.database.db, { workers, parallelChunkLevel: 6 });
    const parallel = await run(2);
    assert.deepEqual(parallel, await run(0));
    assert.equal(parallel.problems.length, 1);
    assert.match(
      parallel.problems[0]!.message,
      /^node level 4 index 9 \(entries 144\.\.159\): stored 0505/,
    );
  });
});
