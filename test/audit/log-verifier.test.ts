import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { appendFileSync } from 'node:fs';
import { describeEachEngine } from '../helpers/databases.ts';
import { event, openLogFixture } from './fixtures/audit-log-fixture.ts';
import { canonicalJson } from '../../src/audit/canonical-json.ts';
import { FileCheckpointPublisher } from '../../src/audit/checkpoint-publisher.ts';
import { verifyLog } from '../../src/audit/log-verifier.ts';
import { generateSignerKey } from '../../src/audit/signed-note.ts';

describeEachEngine('verifyLog', (engine) => {
  test('an untouched log with stored and published checkpoints verifies', async (t) => {
    const { log, signer, database } = await openLogFixture(engine, t);
    const file = new FileCheckpointPublisher(join(database.tempDir, 'cp'));
    for (let round = 0; round < 4; round++) {
      await log.append(Array.from({ length: 7 + round }, (_, i) => event(round * 100 + i)));
      await log.signCheckpoint(signer, [file]);
    }
    await log.append([event(999)]); // not yet checkpointed: still verified against the head
    const progress: number[] = [];
    const report = await verifyLog(database.db, {
      published: [{ source: file.target, notes: file.readAll() }],
      pageSize: 5, // several pages, so node comparisons span page boundaries
      onProgress: (done) => progress.push(done),
    });
    assert.deepEqual(report.problems, []);
    assert.equal(report.ok, true);
    assert.equal(report.derivedSize, 35);
    assert.equal(report.headSize, 35);
    assert.equal(report.checkpointsChecked, 8);
    assert.deepEqual(report.derivedRoot, (await log.info()).rootHash);
    assert.equal(progress[progress.length - 1], 35);
  });

  test('an empty log verifies', async (t) => {
    const { database } = await openLogFixture(engine, t);
    const report = await verifyLog(database.db);
    assert.deepEqual(report.problems, []);
  });

  test('a pinned key that differs from the stored one is reported, and its signatures fail', async (t) => {
    const { log, signer, database } = await openLogFixture(engine, t);
    await log.append([event(1)]);
    await log.signCheckpoint(signer);
    const other = generateSignerKey(signer.name).verifierKey;
    const report = await verifyLog(database.db, { verifierKey: other });
    assert.equal(report.ok, false);
    assert.ok(
      report.problems.some(
        (p) => p.kind === 'head' && /verifier key stored in the database differs/.test(p.message),
      ),
    );
    assert.ok(
      report.problems.some(
        (p) => p.kind === 'checkpoint' && p.index === 1 && /signature/.test(p.message),
      ),
    );
  });

  test('a torn or garbled published file is named, problems never carry entry contents', async (t) => {
    const { log, signer, database } = await openLogFixture(engine, t);
    const file = new FileCheckpointPublisher(join(database.tempDir, 'cp'));
    await log.append([event(1)]);
    await log.signCheckpoint(signer, [file]);
    appendFileSync(file.target, 'piguard.test/half-written\n12\n');
    await database.db
      .updateTable('audit_entries')
      .set({ entry: Buffer.from('{"customers":["SECRET-ID"]}') })
      .execute();
    const report = await verifyLog(database.db, {
      published: [{ source: file.target, notes: file.readAll() }],
    });
    assert.ok(
      report.problems.some(
        (p) =>
          p.kind === 'checkpoint' && p.source === file.target && /#2 .*unreadable/.test(p.message),
      ),
    );
    for (const p of report.problems) assert.ok(!p.message.includes('SECRET'), p.message);
  });
});

describeEachEngine('verifyLog on worker threads', (engine) => {
  /** 37 entries with checkpoints inside, at and across chunk edges (chunks of 4 below). */
  const build = async (t: TestContext) => {
    const fx = await openLogFixture(engine, t);
    const file = new FileCheckpointPublisher(join(fx.database.tempDir, 'cp'));
    let n = 0;
    for (const batch of [3, 5, 5, 3, 8, 1, 9, 3]) {
      await fx.log.append(Array.from({ length: batch }, () => event(n++)));
      await fx.log.signCheckpoint(fx.signer, [file]);
    }
    const run = async (workers: number) => {
      const progress: number[] = [];
      const report = await verifyLog(fx.database.db, {
        published: [{ source: file.target, notes: file.readAll() }],
        workers,
        parallelChunkLevel: 2,
        onProgress: (done) => progress.push(done),
      });
      return { report, progress };
    };
    return { ...fx, run };
  };

  test('agrees with the single-thread pass on a clean log, and runs per chunk on SQLite', async (t) => {
    const { run, log } = await build(t);
    const parallel = await run(2);
    const single = await run(0);
    assert.deepEqual(parallel.report, single.report);
    assert.deepEqual(parallel.report.problems, []);
    assert.equal(parallel.report.derivedSize, 37);
    assert.equal(parallel.report.checkpointsChecked, 16);
    assert.deepEqual(parallel.report.derivedRoot, (await log.info()).rootHash);
    // The single pass reports once per page (one page here); the workers once per chunk.
    assert.deepEqual(single.progress, [37]);
    // (Chunks finish in any order: 9 of 4 entries and 1 of 1.)
    if (engine.name === 'sqlite') {
      assert.equal(parallel.progress.length, 10);
      assert.equal(parallel.progress[9], 37);
    } else assert.deepEqual(parallel.progress, [37]);
  });

  test('an edited entry and an edited high node are reported exactly as by the single pass', async (t) => {
    const { run, database } = await build(t);
    await database.db
      .updateTable('audit_entries')
      .set({ entry: Buffer.from('{"edited":true}') })
      .where('idx', '=', 22)
      .execute();
    const entry = await run(2);
    assert.deepEqual(entry.report, (await run(0)).report);
    assert.equal(entry.report.problems.find((p) => p.kind === 'entry')?.index, 22);
    assert.ok(
      entry.report.problems.some(
        (p) => p.kind === 'checkpoint' && /entry 22 is bad/.test(p.message),
      ),
    );

    await database.db
      .updateTable('audit_entries')
      .set({ entry: canonicalJson(event(22)) })
      .where('idx', '=', 22)
      .execute();
    assert.deepEqual((await run(2)).report.problems, []);
    await database.db
      .updateTable('audit_nodes')
      .set({ hash: Buffer.alloc(32, 7) })
      .where('level', '=', 4)
      .where('idx', '=', 1)
      .execute();
    const node = await run(2);
    assert.deepEqual(node.report, (await run(0)).report);
    assert.equal(node.report.problems.length, 1);
    assert.match(
      node.report.problems[0]!.message,
      /^node level 4 index 1 \(entries 16\.\.31\): stored 0707/,
    );
    await database.db.deleteFrom('audit_entries').where('idx', '=', 9).execute();
    const deleted = await run(2);
    assert.deepEqual(deleted.report, (await run(0)).report);
    assert.ok(
      deleted.report.problems.some(
        (p) => p.kind === 'entry' && p.index === 9 && /missing/.test(p.message),
      ),
    );
  });
});
