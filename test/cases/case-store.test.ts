/**
 * Case lifecycle on both engines: open, items, notes, status moves, assignee — each change one
 * audit entry written in the same transaction, and refusals leave nothing behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attachItem } from '../../src/cases/case-store.ts';
import { sha256Hex } from '../../src/cases/case-model.ts';
import { ConflictError, InputError, NotFoundError } from '../../src/core/errors.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { openCaseFixture } from './fixtures/case-fixture.ts';

const alert = {
  actor: 'S0042',
  day: '2026-03-02',
  score: 7.5,
  kind: 'cusum',
  reasons: ['distinct customers 3.1× peer band'],
  customers: 112,
};

describeEachEngine('cases', (engine) => {
  test('lifecycle: every change is one audit entry and one history line', async (t) => {
    const f = await openCaseFixture(engine, t);
    const c = await f.store.openCase({ suspect: 'S0042', title: 'QA clerk <drip>', actor: 'inv1' });
    assert.equal(c.caseId, 'CASE-1');
    assert.equal(c.status, 'open');
    const item = await f.store.attachItem(
      c.caseId,
      { kind: 'alert', ref: 'S0042/2026-03-02', snapshot: alert },
      'inv1',
    );
    assert.equal(item.itemNo, 1);
    await f.store.attachItem(
      c.caseId,
      {
        kind: 'complaint',
        ref: 'K-9',
        snapshot: {
          ts: '2026-03-03T09:00:00Z',
          phone: '13812345678',
          kind: 'unsolicited_call',
          text: '又是推销保险',
        },
      },
      'inv1',
    );
    await f.store.addNote(c.caseId, 'Interviewed the team lead.', 'inv1');
    await f.store.setAssignee(c.caseId, 'inv2', 'lead');
    await f.store.setStatus(c.caseId, 'investigating', 'inv2');
    await f.store.setStatus(c.caseId, 'referred', 'inv2');

    const d = await f.store.get(c.caseId);
    assert.equal(d.status, 'referred');
    assert.equal(d.assignee, 'inv2');
    assert.equal(d.items.length, 2);
    assert.equal(d.notes[0]!.text, 'Interviewed the team lead.');
    // The complaint's phone is masked and its free text withheld before it is frozen.
    const complaint = d.items[1]!.snapshot as Record<string, unknown>;
    assert.equal(complaint['phone'], '138****5678');
    assert.match(String(complaint['text']), /withheld/);
    assert.deepEqual(
      d.history.map((h) => h.change.what),
      ['opened', 'item', 'item', 'note', 'assignee', 'status', 'status'],
    );
    assert.equal(await f.log.size(), 7);
    for (const h of d.history) {
      const entry = JSON.parse((await f.log.entry(h.auditIdx)).toString('utf8')) as Record<
        string,
        unknown
      >;
      assert.equal(entry['type'], 'case');
      assert.equal(entry['case'], 'CASE-1');
      assert.equal(entry['actor'], h.actor);
      assert.equal(entry['ts'], h.ts);
      assert.deepEqual(entry['change'], h.change);
    }
    // Free text reaches the log only as a hash.
    const opened = (await f.log.entry(d.history[0]!.auditIdx)).toString('utf8');
    assert.ok(!opened.includes('drip'));
    assert.ok(opened.includes(sha256Hex('QA clerk <drip>')));
    const noteEntry = (await f.log.entry(d.history[3]!.auditIdx)).toString('utf8');
    assert.ok(!noteEntry.includes('team lead'));

    const second = await f.store.openCase({ suspect: 'S0007', title: 'second', actor: 'inv1' });
    assert.equal(second.caseId, 'CASE-2');
    assert.deepEqual(
      (await f.store.list({ status: 'referred' })).map((x) => x.caseId),
      ['CASE-1'],
    );
    assert.equal((await f.store.list()).length, 2);
    assert.deepEqual(
      (await f.store.list({ suspect: 'S0007' })).map((x) => x.caseId),
      ['CASE-2'],
    );
  });

  test('refusals: bad moves, duplicates, closed cases, unknown cases — nothing written', async (t) => {
    const f = await openCaseFixture(engine, t);
    const c = await f.store.openCase({ suspect: 'S1', title: 't', actor: 'inv1' });
    const size = await f.log.size();
    await assert.rejects(f.store.setStatus(c.caseId, 'referred', 'inv1'), ConflictError);
    await assert.rejects(f.store.setStatus(c.caseId, 'open', 'inv1'), ConflictError);
    await assert.rejects(f.store.setStatus(c.caseId, 'bogus', 'inv1'), InputError);
    await assert.rejects(f.store.get('CASE-99'), NotFoundError);
    await assert.rejects(f.store.addNote('CASE-99', 'x', 'inv1'), NotFoundError);
    await assert.rejects(f.store.addNote(c.caseId, '   ', 'inv1'), InputError);
    await assert.rejects(f.store.openCase({ suspect: '', title: 't', actor: 'a' }), InputError);
    await assert.rejects(
      f.store.attachItem(c.caseId, { kind: 'bogus' as 'alert', ref: 'x', snapshot: {} }, 'inv1'),
      InputError,
    );
    await assert.rejects(
      f.store.attachItem(
        c.caseId,
        { kind: 'alert', ref: 'x', snapshot: { n: Number.NaN } },
        'inv1',
      ),
      InputError,
    );
    assert.equal(await f.log.size(), size);

    await attachItem(
      f.database,
      c.caseId,
      { kind: 'trace', ref: 'T1', snapshot: { rows: 3 } },
      { actor: 'trace' },
    );
    await assert.rejects(
      f.store.attachItem(c.caseId, { kind: 'trace', ref: 'T1', snapshot: { rows: 4 } }, 'inv1'),
      ConflictError,
    );
    await f.store.setStatus(c.caseId, 'closed', 'inv1');
    const closedSize = await f.log.size();
    await assert.rejects(f.store.addNote(c.caseId, 'late', 'inv1'), ConflictError);
    await assert.rejects(f.store.setStatus(c.caseId, 'investigating', 'inv1'), ConflictError);
    await assert.rejects(f.store.setAssignee(c.caseId, 'x', 'inv1'), ConflictError);
    assert.equal(await f.log.size(), closedSize);
    const d = await f.store.get(c.caseId);
    assert.equal(d.items.length, 1);
    assert.deepEqual(
      d.history.map((h) => h.change.what),
      ['opened', 'item', 'status'],
    );
  });

  test('concurrent opens and attaches get distinct numbers', async (t) => {
    const f = await openCaseFixture(engine, t);
    const opened = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        f.store.openCase({ suspect: `S${i}`, title: `t${i}`, actor: 'inv1' }),
      ),
    );
    assert.deepEqual(opened.map((c) => c.caseId).sort(), [
      'CASE-1',
      'CASE-2',
      'CASE-3',
      'CASE-4',
      'CASE-5',
      'CASE-6',
    ]);
    const items = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        f.store.attachItem(
          'CASE-1',
          { kind: 'trace', ref: `T${i}`, snapshot: { rows: i } },
          'inv1',
        ),
      ),
    );
    assert.deepEqual(items.map((i) => i.itemNo).sort(), [1, 2, 3, 4, 5, 6]);
    const d = await f.store.get('CASE-1');
    assert.deepEqual(
      d.history.map((h) => h.seq),
      [1, 2, 3, 4, 5, 6, 7],
    );
  });
});
