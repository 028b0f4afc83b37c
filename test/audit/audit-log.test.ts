import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describeEachEngine } from '../helpers/databases.ts';
import { event, openLogFixture } from './fixtures/audit-log-fixture.ts';
import {
  AuditLog,
  LogIntegrityError,
  MAX_ENTRY_BYTES,
  encodeEntry,
} from '../../src/audit/audit-log.ts';
import { FileCheckpointPublisher, splitNotes } from '../../src/audit/checkpoint-publisher.ts';
import { MemoryTree } from '../../src/audit/memory-tree.ts';
import { consistencyProof, inclusionProof, rootAt } from '../../src/audit/merkle-proofs.ts';
import { verifyConsistency, verifyInclusion } from '../../src/audit/proof-verification.ts';
import { hashLeaf } from '../../src/audit/rfc6962.ts';
import { openNote, signNote, verifierFromKey } from '../../src/audit/signed-note.ts';
import { formatCheckpoint, parseCheckpoint } from '../../src/audit/checkpoint.ts';
import { InputError } from '../../src/core/errors.ts';
import { openDatabase } from '../../src/store/open-database.ts';

/** The tree the log should hold, built independently in memory from the stored entry bytes. */
async function memoryTreeOf(log: AuditLog): Promise<MemoryTree> {
  const tree = new MemoryTree();
  const size = await log.size();
  for (let i = 0; i < size; i++) tree.append(hashLeaf(await log.entry(i)));
  return tree;
}

test('encodeEntry: canonical bytes, size limit', () => {
  assert.equal(encodeEntry({ b: 1, a: 'x' }).toString(), '{"a":"x","b":1}');
  const big = { pad: 'x'.repeat(MAX_ENTRY_BYTES) };
  assert.throws(
    () => encodeEntry(big),
    (e: unknown) => e instanceof InputError && /limit is 65535/.test(e.message),
  );
  // Exactly at the limit is fine: {"pad":"…"} has 10 bytes of framing.
  assert.equal(encodeEntry({ pad: 'x'.repeat(MAX_ENTRY_BYTES - 10) }).length, MAX_ENTRY_BYTES);
});

describeEachEngine('AuditLog', (engine) => {
  test('appends get consecutive indexes; roots and proofs match an in-memory tree', async (t) => {
    const { log } = await openLogFixture(engine, t);
    assert.deepEqual(await log.append([event(0), event(1), event(2)]), [0, 1, 2]);
    for (let n = 3; n < 37; n += 5)
      await log.append([event(n), event(n + 1), event(n + 2), event(n + 3), event(n + 4)]);
    const size = await log.size();
    assert.equal(size, 38);
    assert.deepEqual(JSON.parse((await log.entry(5)).toString()), event(5));
    const tree = await memoryTreeOf(log);
    const source = log.nodeSource();
    for (let s = 0; s <= size; s++)
      assert.deepEqual(await rootAt(s, source), await rootAt(s, tree), `root ${s}`);
    assert.deepEqual((await log.info()).rootHash, tree.root());
    const root = tree.root();
    for (let i = 0; i < size; i++) {
      verifyInclusion(
        hashLeaf(await log.entry(i)),
        i,
        size,
        await inclusionProof(i, size, source),
        root,
      );
    }
    for (const m of [1, 2, 7, 8, 16, 21, 37]) {
      verifyConsistency(
        m,
        size,
        await consistencyProof(m, size, source),
        await rootAt(m, tree),
        root,
      );
    }
  });

  test('concurrent callers share group-commit transactions and get distinct indexes', async (t) => {
    const { log, database } = await openLogFixture(engine, t, { groupCommitDelayMs: 5 });
    let transactions = 0;
    const original = database.db.transaction.bind(database.db);
    database.db.transaction = () => {
      transactions++;
      return original();
    };
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => log.append([event(i), event(i + 1000)])),
    );
    const all = results.flat().sort((a, b) => a - b);
    assert.deepEqual(
      all,
      Array.from({ length: 100 }, (_, i) => i),
    );
    for (const r of results) assert.equal(r[1], r[0]! + 1); // one caller's entries stay together
    assert.ok(
      transactions < 50,
      `expected batching, got ${transactions} transactions for 50 callers`,
    );
    assert.equal(await log.size(), 100);
  });

  test('an invalid event rejects its own caller only', async (t) => {
    const { log } = await openLogFixture(engine, t);
    const [good, bad] = await Promise.allSettled([
      log.append([event(1)]),
      log.append([{ x: undefined }]),
    ]);
    assert.equal(good.status, 'fulfilled');
    assert.equal(bad.status, 'rejected');
    assert.equal(await log.size(), 1);
  });

  test('appendInTransaction commits and rolls back with the caller', async (t) => {
    const { log, database } = await openLogFixture(engine, t);
    await log.append([event(0)]);
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        assert.deepEqual(await log.appendInTransaction(trx, [event(1), event(2)]), [1, 2]);
        throw new Error('the read failed');
      }),
      /the read failed/,
    );
    assert.equal(await log.size(), 1);
    // The cached border was ahead of the database; the next append must restore it.
    const idx = await database.db
      .transaction()
      .execute((trx) => log.appendInTransaction(trx, [event(3)]));
    assert.deepEqual(idx, [1]);
    assert.deepEqual(await log.append([event(4)]), [2]);
    assert.deepEqual((await log.info()).rootHash, (await memoryTreeOf(log)).root());
  });

  test('a rolled-back append followed by the same number of foreign appends is detected', async (t) => {
    const { log, database } = await openLogFixture(engine, t);
    await log.append([event(0)]);
    await database.db
      .transaction()
      .execute(async (trx) => {
        await log.appendInTransaction(trx, [event(1)]);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    // Another "process" appends one different entry: same size as this log's stale cache.
    const other = new AuditLog(database);
    await other.append([event(99)]);
    await log.append([event(2)]);
    assert.deepEqual((await log.info()).rootHash, (await memoryTreeOf(log)).root());
  });

  test('two connections (as two processes) interleave safely', async (t) => {
    const fx = await openLogFixture(engine, t);
    const second = await openDatabase(fx.database.url);
    t.after(() => second.close());
    const other = new AuditLog(second);
    const jobs: Promise<number[]>[] = [];
    for (let i = 0; i < 20; i++) {
      jobs.push(fx.log.append([event(i)]));
      jobs.push(other.append([event(100 + i), event(200 + i)]));
    }
    const all = (await Promise.all(jobs)).flat().sort((a, b) => a - b);
    assert.deepEqual(
      all,
      Array.from({ length: 60 }, (_, i) => i),
    );
    assert.deepEqual((await fx.log.info()).rootHash, (await memoryTreeOf(fx.log)).root());
    await other.close();
  });

  test('entry out of range is an input error', async (t) => {
    const { log } = await openLogFixture(engine, t);
    await log.append([event(0)]);
    await assert.rejects(
      log.entry(1),
      (e: unknown) =>
        e instanceof InputError && /out of range \(the log has 1 entries\)/.test(e.message),
    );
  });

  test('signCheckpoint signs, stores, publishes; unchanged tree returns the latest', async (t) => {
    const { log, signer, verifierKey, origin, database } = await openLogFixture(engine, t);
    const file = new FileCheckpointPublisher(join(database.tempDir, 'piguard.checkpoints'));
    await log.append([event(0), event(1), event(2)]);
    const first = await log.signCheckpoint(signer, [file]);
    assert.equal(first.created, true);
    assert.deepEqual(first.publishErrors, []);
    const cp = parseCheckpoint(openNote(first.note, [verifierFromKey(verifierKey)]).text);
    assert.equal(cp.origin, origin);
    assert.equal(cp.size, 3);
    assert.deepEqual(cp.rootHash, (await memoryTreeOf(log)).root());
    const again = await log.signCheckpoint(signer, [file]);
    assert.equal(again.created, false);
    assert.equal(again.note, first.note);
    await log.append([event(3)]);
    const second = await log.signCheckpoint(signer, [file]);
    assert.equal(second.size, 4);
    assert.deepEqual(splitNotes(readFileSync(file.target, 'utf8')), [first.note, second.note]);
    assert.deepEqual(
      (await log.checkpoints()).map((c) => c.size),
      [3, 4],
    );
  });

  test('signCheckpoint refuses to sign past an inconsistent checkpoint', async (t) => {
    const { log, signer, database } = await openLogFixture(engine, t);
    await log.append([event(0), event(1)]);
    // A checkpoint at size 1 with a root that is not the log's (as if the log had been rewritten).
    const forged = signNote(
      formatCheckpoint({
        origin: signer.name,
        size: 1,
        rootHash: hashLeaf(Buffer.from('other')),
        extensions: [],
      }),
      [signer],
    );
    await database.db
      .insertInto('audit_checkpoints')
      .values({
        log_id: 1,
        size: 1,
        root_hash: hashLeaf(Buffer.from('other')),
        note: forged,
        created_at: 'x',
      })
      .execute();
    await assert.rejects(
      log.signCheckpoint(signer),
      (e: unknown) =>
        e instanceof LogIntegrityError &&
        /stored checkpoint at size 1.*not consistent/.test(e.message),
    );
    assert.equal((await log.checkpoints()).length, 1);
  });

  test('signCheckpoint refuses when a published checkpoint is ahead of the database (truncation)', async (t) => {
    const { log, signer, database } = await openLogFixture(engine, t);
    const file = new FileCheckpointPublisher(join(database.tempDir, 'cp'));
    await log.append([event(0), event(1), event(2)]);
    await log.signCheckpoint(signer, [file]);
    // The database is rolled back to an empty log behind the publisher's back.
    await database.db.deleteFrom('audit_checkpoints').execute();
    await database.db.deleteFrom('audit_entries').execute();
    await database.db.deleteFrom('audit_nodes').execute();
    await database.db
      .updateTable('audit_logs')
      .set({ size: 0, root_hash: await rootAt(0, log.nodeSource()) })
      .execute();
    await assert.rejects(
      log.signCheckpoint(signer, [file]),
      /published to .*covers 3 entries but the log has 0/,
    );
  });
});
