/**
 * Trace over the database, on both engines: canary rows name their export with certainty;
 * marks are read back; access-set attribution over a text leak in GB18030; canary hits with and
 * without identity evidence; complaints (30, 60% from one agent's book) name that agent; bad
 * input is one clear error and writes nothing; results are stored.
 */
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { InputError } from '../../src/core/errors.ts';
import { CanaryDecorator } from '../../src/trace/canary-decorator.ts';
import { recordCanaryHit } from '../../src/trace/canary-hits.ts';
import { addToPool } from '../../src/trace/canary-pool.ts';
import {
  importComplaints,
  parseComplaintsJsonl,
  traceComplaints,
} from '../../src/trace/complaints.ts';
import { MarkDecorator } from '../../src/trace/export-marks.ts';
import { seededRandomInt } from '../../src/trace/synthetic-identity.ts';
import { getTrace, traceFile } from '../../src/trace/trace-service.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { dayTs, loadOrg, makeExport, toCsv } from './support/db-org.ts';
import { sample } from './support/leak-maker.ts';
import { buildSyntheticOrg } from './support/synthetic-org.ts';

const SEED = Number(process.env['TRACE_SEED'] ?? randomInt(2 ** 31));
const org = buildSyntheticOrg({
  seed: SEED,
  customers: 3000,
  branches: 4,
  agentsPerBranch: 5,
  claimsPerBranch: 2,
  qa: 3,
  callCentre: 10,
  managersPerBranch: 1,
  bigExport: 0,
});
const SEEN_AT = dayTs(200);
const TRAPS = ['17000000001', '17000000002', '17000000003', 'trap.box@example.cn'];
const agents = org.staff
  .map((s, i) => ({ s, i }))
  .filter(({ s }) => s.role === 'agent')
  .sort((a, b) => org.accessed[b.i]!.size - org.accessed[a.i]!.size);

describeEachEngine('trace over the database', (engine) => {
  test(`canaries, marks, attribution, hits, complaints (seed ${SEED})`, async (t) => {
    const d = await engine.open(t);
    const loaded = await loadOrg(d, org);
    t.after(() => loaded.close());
    const { vault, log } = loaded;
    const rnd = seededRandomInt(SEED);

    await t.test(
      'the trap pool refuses a customer phone and a non-identity, atomically',
      async () => {
        await assert.rejects(
          addToPool(d.db, vault.blindIndex, ['17000000009', org.customers[0]!.phone], 'admin'),
          (e: unknown) =>
            e instanceof InputError && /value 2 is the phone of customer C/.test(e.message),
        );
        await assert.rejects(addToPool(d.db, vault.blindIndex, ['hello'], 'admin'), InputError);
        const count = await d.db.selectFrom('canary_pool').select('identity').execute();
        assert.equal(count.length, 0);
        const r = await addToPool(d.db, vault.blindIndex, TRAPS, 'admin');
        assert.equal(r.added, 4);
      },
    );

    const decorators = [
      new CanaryDecorator({ blindIndexFor: () => Promise.resolve(vault.blindIndex), rnd }),
      new MarkDecorator(),
    ];
    const x = agents[0]!;
    const xBook = [...org.accessed[x.i]!].slice(0, 400);
    const e1 = await makeExport(d.db, log, org, decorators, x.s.id, xBook, 170);
    const canaryRows = e1.rows.filter((r) => r.customerId === null);
    const realRows = e1.rows.filter((r) => r.customerId !== null);

    await t.test(
      'an export carries canaries unique to it and a reference code on every row',
      async () => {
        assert.equal(canaryRows.length, 2); // 1 + ceil(400 / 500)
        assert.ok(e1.columns.includes('ref_code'));
        assert.ok(e1.rows.every((r) => /^[0-9A-Z]{10}$/.test(r.cells['ref_code']!)));
        // Marks never alter a fact: every real row's date is the customer's birth date.
        for (const r of realRows) {
          const cu = org.customers.find((c) => c.id === r.customerId)!;
          const [y, m, dd] = r.cells['birth_date']!.split(/[-/]/).map(Number);
          assert.equal(
            `${y}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`,
            cu.birthDate,
          );
          assert.equal(r.cells['phone'], cu.phone);
        }
        const stored = await d.db
          .selectFrom('export_canaries')
          .selectAll()
          .where('export_id', '=', e1.exportId)
          .execute();
        assert.equal(stored.length, 2);
        for (const s of stored) assert.equal(e1.rows[s.row_no - 1]!.customerId, null);
        // Canaries are not customers and not in the export's row set.
        const ids = await d.db
          .selectFrom('export_rows')
          .select('customer_id')
          .where('export_id', '=', e1.exportId)
          .execute();
        assert.equal(ids.length, realRows.length);
      },
    );

    await t.test('a canary row in a leaked file names its export with certainty', async () => {
      const rows = [canaryRows[0]!, ...sample(realRows, 40, rnd)].map((r) => r.cells);
      const file = join(d.tempDir, 'leak-canary.csv');
      writeFileSync(file, toCsv(['name', 'phone'], rows));
      const report = await traceFile(d.db, vault, file, { seenAt: SEEN_AT });
      assert.equal(report.canaries.length, 1);
      assert.equal(report.canaries[0]!.export_id, e1.exportId);
      assert.equal(report.canaries[0]!.actor, x.s.id);
      const top = report.suspects[0]!;
      assert.equal(top.actor, x.s.id);
      assert.equal(top.export_id, e1.exportId);
      assert.equal(top.false_accusation_probability, 0);
      assert.ok(top.signals.includes('canary') && top.signals.includes('access_set'));
      assert.equal(report.matched, 40);
      assert.equal(report.rows, 41);
      const stored = await getTrace(d.db, report.trace_id);
      assert.deepEqual(stored, report);
    });

    await t.test('export marks are read back from a leak that kept them', async () => {
      const rows = sample(realRows, 30, rnd).map((r) => r.cells);
      const file = join(d.tempDir, 'leak-marks.csv');
      writeFileSync(file, toCsv(['ref_code', 'name', 'birth_date', 'phone'], rows));
      const report = await traceFile(d.db, vault, file, { seenAt: SEEN_AT });
      const ref = report.marks.find((m) => m.scheme === 'ref_code');
      assert.ok(
        ref && ref.export_id === e1.exportId && ref.agreeing === 30,
        JSON.stringify(report.marks),
      );
      assert.ok(ref.fap < 1e-6);
      const dates = report.marks.find((m) => m.scheme === 'date_style');
      if (dates) assert.equal(dates.export_id, e1.exportId);
      assert.equal(report.suspects[0]!.actor, x.s.id);
      assert.ok(report.suspects[0]!.signals.includes('mark:ref_code'));
    });

    await t.test('a free-text GB18030 leak is attributed by access history alone', async () => {
      const y = agents[1]!;
      const book = [...org.accessed[y.i]!];
      const leaked = sample(book, Math.min(120, book.length), rnd);
      const lines = leaked.map((c) => `${org.customers[c]!.name} 手机 ${org.customers[c]!.phone}`);
      for (let i = 0; i < 30; i++)
        lines.push(`路人${i} 手机 139${String(10_000_000 + i * 7919).slice(0, 8)}`);
      const file = join(d.tempDir, 'leak.txt');
      writeFileSync(file, iconv.encode(lines.join('\r\n'), 'gb18030'));
      const report = await traceFile(d.db, vault, file, { seenAt: SEEN_AT });
      assert.equal(report.matched, leaked.length);
      const top = report.suspects[0]!;
      assert.equal(top.actor, y.s.id, JSON.stringify(report.suspects.slice(0, 3)));
      assert.ok(top.false_accusation_probability <= 1e-6);
      assert.deepEqual(report.canaries, []);
      // Before any access happened, nobody can be the source.
      const early = await traceFile(d.db, vault, file, { seenAt: dayTs(0) });
      assert.deepEqual(early.suspects, []);
    });

    await t.test(
      'a canary hit with identity evidence names the export; a bare call does not',
      async () => {
        const canary = await d.db
          .selectFrom('canaries')
          .innerJoin('export_canaries', 'export_canaries.canary_id', 'canaries.canary_id')
          .selectAll('canaries')
          .where('export_canaries.export_id', '=', e1.exportId)
          .executeTakeFirstOrThrow();
        const named = await recordCanaryHit(d.db, {
          identity: `+86 ${canary.identity}`,
          nameUsed: canary.name,
          source: 'cli',
        });
        assert.equal(named.evidence, 'identity');
        assert.deepEqual(named.exports, [{ export_id: e1.exportId, actor: x.s.id }]);
        const said = await recordCanaryHit(d.db, {
          identity: canary.identity,
          said: `您好，请问是${canary.name}先生吗？我们有一款理财产品`,
          source: 'webhook',
        });
        assert.equal(said.evidence, 'identity');
        const bare = await recordCanaryHit(d.db, {
          identity: canary.identity,
          said: '您好，贷款需要吗',
          source: 'cli',
        });
        assert.equal(bare.evidence, 'bare');
        assert.deepEqual(bare.exports, []);
        await assert.rejects(
          recordCanaryHit(d.db, { identity: '13912345678', source: 'cli' }),
          InputError,
        );
        const hits = await d.db.selectFrom('canary_hits').selectAll().execute();
        assert.equal(hits.length, 3);
      },
    );

    await t.test('complaints: 30, 60% from one agent’s list, name that agent', async () => {
      const z = agents[2]!;
      const fromZ = sample([...org.accessed[z.i]!], 18, rnd);
      const random = sample([...org.customers.keys()], 12, rnd);
      const lines = [
        ...fromZ.map((c, i) => ({
          ts: dayTs(201 + (i % 5)),
          phone: org.customers[c]!.phone,
          kind: 'unsolicited_call',
          caller: '02100000000',
        })),
        ...random.map((c, i) => ({
          ts: dayTs(201 + (i % 5)),
          customer: org.customers[c]!.id,
          kind: 'sms',
          text: '推销',
        })),
      ].map((o) => JSON.stringify(o));
      const parsed = parseComplaintsJsonl(lines.join('\n'), 'complaints.jsonl');
      const r = await importComplaints(d.db, vault, parsed, 'cli');
      assert.equal(r.imported, 30);
      assert.equal(r.resolved, 30);
      const report = await traceComplaints(d.db, { since: dayTs(201) });
      assert.equal(report.kind, 'complaints');
      assert.equal(report.seen_at, dayTs(205)); // history up to the last complaint; per-customer cut-offs
      assert.equal(report.suspects[0]!.actor, z.s.id, JSON.stringify(report.suspects.slice(0, 3)));
      assert.ok(report.suspects[0]!.false_accusation_probability < 0.01);
    });

    await t.test('a bad complaints line rejects the whole file and writes nothing', async () => {
      const before = (await d.db.selectFrom('complaints').select('complaint_id').execute()).length;
      const text = [
        JSON.stringify({ ts: dayTs(210), customer: 'C0000001', kind: 'sms' }),
        JSON.stringify({ ts: dayTs(210), customer: 'C0000002', kind: 'fax' }),
      ].join('\n');
      assert.throws(
        () => parseComplaintsJsonl(text, 'bad.jsonl'),
        (e: unknown) =>
          e instanceof InputError && e.message.startsWith('bad.jsonl:2: "kind" must be one of'),
      );
      await assert.rejects(
        importComplaints(
          d.db,
          vault,
          [{ ts: dayTs(210), phone: 'not a phone', kind: 'sms' }],
          'cli',
        ),
        InputError,
      );
      const after = (await d.db.selectFrom('complaints').select('complaint_id').execute()).length;
      assert.equal(after, before);
    });
  });
});
