import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { appendFileSync } from 'node:fs';
import { describeEachEngine } from '../helpers/databases.ts';
import { event, openLogFixture } from './fixtures/audit-log-fixture.ts';
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
