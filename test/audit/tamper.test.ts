/**
 * Tamper tests (issue 3 acceptance): each way an insider could rewrite the stored log is caught
 * by verifyLog, which names the entry or checkpoint that is wrong. Both engines.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describeEachEngine, type TestEngine } from '../helpers/databases.ts';
import { event, openLogFixture, type LogFixture } from './fixtures/audit-log-fixture.ts';
import { FileCheckpointPublisher } from '../../src/audit/checkpoint-publisher.ts';
import { verifyLog, type VerifyProblem } from '../../src/audit/log-verifier.ts';
import { formatCheckpoint } from '../../src/audit/checkpoint.ts';
import { signNote } from '../../src/audit/signed-note.ts';
import { hashLeaf } from '../../src/audit/rfc6962.ts';
import { canonicalJson } from '../../src/audit/canonical-json.ts';

/** 10 entries, checkpoints at sizes 4, 8 and 10, published to a file. */
async function setup(
  engine: TestEngine,
  t: TestContext,
): Promise<LogFixture & { file: FileCheckpointPublisher }> {
  const fx = await openLogFixture(engine, t);
  const file = new FileCheckpointPublisher(join(fx.database.tempDir, 'piguard.checkpoints'));
  for (const [from, to] of [
    [0, 4],
    [4, 8],
    [8, 10],
  ] as const) {
    await fx.log.append(Array.from({ length: to - from }, (_, i) => event(from + i)));
    await fx.log.signCheckpoint(fx.signer, [file]);
  }
  const clean = await verifyLog(fx.database.db, {
    published: [{ source: file.target, notes: file.readAll() }],
  });
  assert.deepEqual(clean.problems, [], 'the untouched log verifies');
  return { ...fx, file };
}

async function problems(
  fx: LogFixture & { file: FileCheckpointPublisher },
): Promise<VerifyProblem[]> {
  const report = await verifyLog(fx.database.db, {
    published: [{ source: fx.file.target, notes: fx.file.readAll() }],
  });
  assert.equal(report.ok, false);
  return report.problems;
}

const entryProblems = (ps: VerifyProblem[]) =>
  ps.filter((p) => p.kind === 'entry').map((p) => p.index);

describeEachEngine('tamper detection', (engine) => {
  test('an edited entry is named by index', async (t) => {
    const fx = await setup(engine, t);
    const edited = canonicalJson({ ...event(5), actor: 'someone-else' });
    await fx.database.db
      .updateTable('audit_entries')
      .set({ entry: edited })
      .where('idx', '=', 5)
      .execute();
    const ps = await problems(fx);
    assert.deepEqual(entryProblems(ps), [5]);
    assert.match(ps.find((p) => p.kind === 'entry')!.message, /^entry 5: contents do not match/);
    // Every checkpoint covering entry 5 is reported too, pointing back at it.
    const cps = ps.filter((p) => p.kind === 'checkpoint');
    assert.ok(cps.some((p) => p.index === 8 && /entry 5 is bad/.test(p.message)));
    assert.ok(!cps.some((p) => p.index === 4));
  });

  test('an entry edited together with its leaf hash and every tree node is localised by checkpoints', async (t) => {
    const fx = await setup(engine, t);
    const edited = canonicalJson({ ...event(5), actor: 'someone-else' });
    await fx.database.db
      .updateTable('audit_entries')
      .set({ entry: edited, leaf_hash: hashLeaf(edited) })
      .where('idx', '=', 5)
      .execute();
    // Recompute the whole stored tree so that it is self-consistent.
    const { CompactRange } = await import('../../src/audit/compact-range.ts');
    const rows = await fx.database.db
      .selectFrom('audit_entries')
      .select(['idx', 'entry'])
      .orderBy('idx')
      .execute();
    const range = CompactRange.empty();
    await fx.database.db.deleteFrom('audit_nodes').execute();
    for (const r of rows) {
      for (const n of range.append(hashLeaf(r.entry))) {
        if (n.level > 0)
          await fx.database.db
            .insertInto('audit_nodes')
            .values({ log_id: 1, level: n.level, idx: n.index, hash: n.hash })
            .execute();
      }
    }
    await fx.database.db.updateTable('audit_logs').set({ root_hash: range.root() }).execute();
    const ps = await problems(fx);
    const cp8 = ps.filter((p) => p.kind === 'checkpoint' && p.index === 8);
    assert.ok(cp8.length > 0);
    assert.ok(
      cp8.every((p) => /entries 4\.\.7 were rewritten/.test(p.message)),
      JSON.stringify(cp8),
    );
    assert.ok(!ps.some((p) => p.index === 4));
  });

  test('a deleted entry is named by index', async (t) => {
    const fx = await setup(engine, t);
    await fx.database.db.deleteFrom('audit_entries').where('idx', '=', 6).execute();
    const ps = await problems(fx);
    assert.deepEqual(entryProblems(ps), [6]);
    assert.match(ps.find((p) => p.kind === 'entry')!.message, /entry 6: missing \(deleted\)/);
  });

  test('a deleted entry with the later ones renumbered is named', async (t) => {
    const fx = await setup(engine, t);
    const db = fx.database.db;
    await db.deleteFrom('audit_entries').where('idx', '=', 6).execute();
    for (let i = 7; i < 10; i++)
      await db
        .updateTable('audit_entries')
        .set({ idx: i - 1 })
        .where('idx', '=', i)
        .execute();
    await db.updateTable('audit_logs').set({ size: 9 }).execute();
    const ps = await problems(fx);
    // Each row's leaf hash moved with it; 10 entries have no stored tree node (the first stored
    // level is 4), so the checkpoints localise the deletion.
    assert.ok(
      ps.some(
        (p) =>
          p.kind === 'checkpoint' &&
          p.index === 8 &&
          /entries 4\.\.7 were rewritten/.test(p.message),
      ),
      JSON.stringify(ps),
    );
    assert.ok(!ps.some((p) => p.kind === 'checkpoint' && p.index === 4));
    assert.ok(
      ps.some((p) => p.kind === 'checkpoint' && p.index === 10 && /truncated/.test(p.message)),
    );
  });

  test('a deleted entry with the later ones renumbered is localised by the first stored node', async (t) => {
    const fx = await setup(engine, t);
    await fx.log.append(Array.from({ length: 30 }, (_, i) => event(10 + i)));
    const db = fx.database.db;
    await db.deleteFrom('audit_entries').where('idx', '=', 6).execute();
    for (let i = 7; i < 40; i++)
      await db
        .updateTable('audit_entries')
        .set({ idx: i - 1 })
        .where('idx', '=', i)
        .execute();
    await db.updateTable('audit_logs').set({ size: 39 }).execute();
    const ps = await problems(fx);
    const firstNode = ps.find((p) => p.kind === 'node');
    assert.match(firstNode?.message ?? '', /^node level 4 index 0 \(entries 0\.\.15\): stored/);
  });

  test('reordered entries are named by index', async (t) => {
    const fx = await setup(engine, t);
    const db = fx.database.db;
    // Swap the contents of entries 2 and 7 (the primary key stays put, as an UPDATE would do).
    const [a, b] = await Promise.all(
      [2, 7].map((i) =>
        db
          .selectFrom('audit_entries')
          .select('entry')
          .where('idx', '=', i)
          .executeTakeFirstOrThrow(),
      ),
    );
    await db.updateTable('audit_entries').set({ entry: b!.entry }).where('idx', '=', 2).execute();
    await db.updateTable('audit_entries').set({ entry: a!.entry }).where('idx', '=', 7).execute();
    const ps = await problems(fx);
    assert.deepEqual(entryProblems(ps), [2, 7]);
  });

  test('truncation is caught by the stored and the published checkpoints', async (t) => {
    const fx = await setup(engine, t);
    const db = fx.database.db;
    await db.deleteFrom('audit_entries').where('idx', '>=', 8).execute();
    await db
      .deleteFrom('audit_nodes')
      .where((eb) => eb('idx', '>=', eb.val(0)))
      .where('level', '>=', 1)
      .where((eb) =>
        eb.or([
          eb.and([eb('level', '=', 1), eb('idx', '>=', 4)]),
          eb.and([eb('level', '=', 2), eb('idx', '>=', 2)]),
          eb.and([eb('level', '=', 3), eb('idx', '>=', 1)]),
        ]),
      )
      .execute();
    const { rootAt } = await import('../../src/audit/merkle-proofs.ts');
    await db
      .updateTable('audit_logs')
      .set({ size: 8, root_hash: await rootAt(8, fx.log.nodeSource()) })
      .execute();
    // Also hide the evidence in the database: drop the stored checkpoint at 10.
    await db.deleteFrom('audit_checkpoints').where('size', '=', 10).execute();
    const ps = await problems(fx);
    assert.deepEqual(entryProblems(ps), []);
    const trunc = ps.filter((p) => p.kind === 'checkpoint');
    assert.equal(trunc.length, 1);
    assert.equal(trunc[0]!.source, fx.file.target);
    assert.equal(trunc[0]!.index, 10);
    assert.match(
      trunc[0]!.message,
      /#3 in .* \(size 10\): covers 10 entries but only 8 exist: entries 8\.\.9 were removed \(truncated\)/,
    );
  });

  test('truncation without touching the head is caught by the head', async (t) => {
    const fx = await setup(engine, t);
    await fx.database.db.deleteFrom('audit_entries').where('idx', '>=', 9).execute();
    const ps = await problems(fx);
    assert.ok(ps.some((p) => p.kind === 'head' && /entries 9\.\.9 are missing/.test(p.message)));
  });

  test('a forked checkpoint (signed by the log key, inconsistent) is named', async (t) => {
    const fx = await setup(engine, t);
    // A checkpoint at size 6 over a different history, inserted into the database.
    const fakeRoot = hashLeaf(Buffer.from('a different history'));
    const note = signNote(
      formatCheckpoint({ origin: fx.origin, size: 6, rootHash: fakeRoot, extensions: [] }),
      [fx.signer],
    );
    await fx.database.db
      .insertInto('audit_checkpoints')
      .values({ log_id: 1, size: 6, root_hash: fakeRoot, note, created_at: 'x' })
      .execute();
    // And one at size 8 in the published file, disagreeing with the stored size-8 checkpoint.
    const fake8 = signNote(
      formatCheckpoint({ origin: fx.origin, size: 8, rootHash: fakeRoot, extensions: [] }),
      [fx.signer],
    );
    await fx.file.publish({ note: fake8, size: 8, rootHash: fakeRoot });
    const ps = await problems(fx);
    assert.deepEqual(entryProblems(ps), []);
    const cps = ps.filter((p) => p.kind === 'checkpoint');
    assert.ok(
      cps.some(
        (p) => p.index === 6 && p.source === 'stored' && /forked checkpoint/.test(p.message),
      ),
      JSON.stringify(cps),
    );
    assert.ok(
      cps.some(
        (p) =>
          p.index === 8 &&
          p.source === fx.file.target &&
          /#4 in/.test(p.message) &&
          /forked/.test(p.message),
      ),
    );
    assert.ok(
      cps.some((p) => p.index === 8 && /same size, different roots \(fork\)/.test(p.message)),
    );
    assert.ok(!cps.some((p) => p.index === 4 || p.index === 10));
  });

  test('an altered stored node is named even when entries are intact', async (t) => {
    const fx = await setup(engine, t);
    await fx.log.append(Array.from({ length: 22 }, (_, i) => event(10 + i)));
    await fx.database.db
      .updateTable('audit_nodes')
      .set({ hash: Buffer.alloc(32, 9) })
      .where('level', '=', 4)
      .where('idx', '=', 1)
      .execute();
    const ps = await problems(fx);
    assert.ok(
      ps.some(
        (p) =>
          p.kind === 'node' &&
          /node level 4 index 1 \(entries 16\.\.31\): stored 0909/.test(p.message),
      ),
      JSON.stringify(ps),
    );
  });
});
