import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describeEachEngine } from '../helpers/databases.ts';
import { event, openLogFixture } from './fixtures/audit-log-fixture.ts';
import {
  FileCheckpointPublisher,
  HttpCheckpointPublisher,
  splitNotes,
} from '../../src/audit/checkpoint-publisher.ts';
import { scheduleCheckpoints } from '../../src/audit/checkpoint-scheduler.ts';

const NOTE_A = 'a.test/log\n1\nAAAA\n\n\u2014 a.test/log sig1\n';
const NOTE_B = 'a.test/log\n2\nBBBB\n\n\u2014 a.test/log sig2\n\u2014 witness sig3\n';

test('splitNotes reads notes back and flags torn blocks', () => {
  assert.deepEqual(splitNotes(`${NOTE_A}\n${NOTE_B}\n`), [NOTE_A, NOTE_B]);
  const torn = splitNotes(`${NOTE_A}\na.test/log\n3\n`);
  assert.equal(torn[0], NOTE_A);
  assert.ok(torn[1] instanceof Error);
  assert.deepEqual(splitNotes(''), []);
});

test('HttpCheckpointPublisher POSTs the note as text/plain and fails on non-2xx', async (t) => {
  const received: Array<{ type: string | undefined; body: string }> = [];
  let status = 200;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ type: req.headers['content-type'], body });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/checkpoints`;
  const publisher = new HttpCheckpointPublisher(url);
  await publisher.publish({ note: NOTE_A, size: 1, rootHash: Buffer.alloc(32) });
  assert.deepEqual(received, [{ type: 'text/plain; charset=utf-8', body: NOTE_A }]);
  status = 503;
  await assert.rejects(
    publisher.publish({ note: NOTE_B, size: 2, rootHash: Buffer.alloc(32) }),
    /HTTP 503/,
  );
});

describeEachEngine('checkpoint scheduler', (engine) => {
  test('signs when the log grew, not otherwise', async (t) => {
    const { log, signer, database } = await openLogFixture(engine, t);
    const file = new FileCheckpointPublisher(join(database.tempDir, 'cp'));
    await log.append([event(1)]);
    const signed: number[] = [];
    const errors: Error[] = [];
    const schedule = scheduleCheckpoints(log, {
      signer,
      publishers: [file],
      intervalMs: 20,
      onSigned: (r) => signed.push(r.size),
      onError: (e) => errors.push(e),
    });
    t.after(() => schedule.stop());
    while (signed.length < 1) await new Promise((r) => setTimeout(r, 20));
    await log.append([event(2), event(3)]);
    while (signed.length < 2) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100)); // several idle ticks
    await schedule.stop();
    assert.deepEqual(signed, [1, 3]);
    assert.deepEqual(errors, []);
    assert.equal(file.readAll().length, 2);
  });
});
