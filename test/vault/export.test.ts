/**
 * Exports on both engines: refused when forbidden, produced when allowed (CSV with BOM, GB18030,
 * XLSX), recorded (exports row with sha256, export_rows, audit entry with the export id),
 * decorated through the ExportDecorator extension point, and the approval flow (self-approval
 * refused, approver's role checked, one file per approval, denial).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Kysely } from 'kysely';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { AccessDeniedError, ConflictError, NotFoundError } from '../../src/core/errors.ts';
import type { Schema } from '../../src/store/schema.ts';
import type { ExportDecorator } from '../../src/vault/export-decorator.ts';
import { isExportId } from '../../src/vault/export/export-id.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { CUSTOMERS, openGatewayFixture } from './gateway-fixture.ts';

const EXPORT_POLICY = `
version: 1
roles:
  agent: { match: [代理人] }
  team_manager: { match: [团队经理] }
  dpo: { match: [DPO] }
  quality_control: {}
purposes:
  campaign: 营销
  review: ~
  service: ~
grants:
  - role: team_manager
    purpose: campaign
    fields: { customer_id: keep, name: name, phone: keep, product: keep }
    scope: team
    quota: 100
    export: allowed
  - role: agent
    purpose: campaign
    fields: { customer_id: keep, name: mask, phone: mask }
    scope: assigned
    quota: 100
    export: approval
    approvers: [team_manager, dpo]
  - role: quality_control
    purpose: review
    fields: { customer_id: keep, name: mask }
    scope: branch
    quota: 100
    export: forbidden
  - role: agent
    purpose: service
    fields: { customer_id: keep, phone: mask }
    scope: all
    quota: 1
    export: allowed
`;

async function rejectsWith(
  p: Promise<unknown>,
  cls: new (...a: never[]) => Error,
  reason?: string,
) {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof cls, `expected ${cls.name}, got ${String(err)}`);
    if (reason !== undefined) assert.equal((err as AccessDeniedError).reason, reason);
    return true;
  });
}

describeEachEngine('gateway exports', (engine) => {
  test('allowed export: CSV with BOM, masked rows, export record, row set and audit entry', async (t) => {
    const f = await openGatewayFixture(engine, t, { policyText: EXPORT_POLICY });
    const out = await f.gateway.export({
      actor: 'M1',
      purpose: 'campaign',
      recipient: 'call centre vendor',
      filter: {},
      format: 'csv',
    });
    assert.equal(out.status, 'done');
    if (out.status !== 'done') return;
    const file = out.file;
    assert.ok(isExportId(file.exportId), file.exportId);
    assert.deepEqual([...file.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = file.bytes.subarray(3).toString('utf8');
    assert.equal(
      text,
      'customer_id,name,phone,product\r\n' +
        'C001,张**,13812345678,终身寿险\r\n' +
        'C002,李**,13912345679,重疾险\r\n' +
        'C004,张**,13812345678,意外险\r\n',
    );
    assert.equal(file.sha256, createHash('sha256').update(file.bytes).digest('hex'));
    assert.equal(file.rows, 3);
    const record = await f.db.selectFrom('exports').selectAll().executeTakeFirstOrThrow();
    assert.equal(record.status, 'done');
    assert.equal(record.file_sha256, file.sha256);
    assert.equal(record.recipient, 'call centre vendor');
    assert.equal(record.rows, 3);
    const rows = await f.db.selectFrom('export_rows').selectAll().orderBy('row_no').execute();
    assert.deepEqual(
      rows.map((r) => [r.row_no, r.customer_id]),
      [
        [1, 'C001'],
        [2, 'C002'],
        [3, 'C004'],
      ],
    );
    const entries = await f.entries();
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!['action'], 'export');
    assert.equal(entries[0]!['export_id'], file.exportId);
    assert.equal(entries[0]!['file_sha256'], file.sha256);
    assert.deepEqual(entries[0]!['customers'], ['C001', 'C002', 'C004']);
    const events = await f.events();
    assert.equal(events[0]!.export_id, file.exportId);
  });

  test('GB18030 CSV decodes, XLSX opens; filters narrow the row set', async (t) => {
    const f = await openGatewayFixture(engine, t, { policyText: EXPORT_POLICY });
    const gb = await f.gateway.export({
      actor: 'M1',
      purpose: 'campaign',
      filter: { agent: 'A2' },
      format: 'csv-gb18030',
    });
    assert.equal(gb.status, 'done');
    if (gb.status !== 'done') return;
    assert.notEqual(gb.file.bytes[0], 0xef, 'no UTF-8 BOM');
    assert.equal(
      iconv.decode(gb.file.bytes, 'gb18030'),
      'customer_id,name,phone,product\r\nC002,李**,13912345679,重疾险\r\n',
    );
    const x = await f.gateway.export({
      actor: 'M1',
      purpose: 'campaign',
      filter: {},
      format: 'xlsx',
    });
    assert.equal(x.status, 'done');
    if (x.status !== 'done') return;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.file.bytes as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const values = sheet
      .getSheetValues()
      .slice(1)
      .map((r) => (r as unknown[]).slice(1));
    assert.deepEqual(values, [
      ['customer_id', 'name', 'phone', 'product'],
      ['C001', '张**', '13812345678', '终身寿险'],
      ['C002', '李**', '13912345679', '重疾险'],
      ['C004', '张**', '13812345678', '意外险'],
    ]);
  });

  test('forbidden exports and exports over quota are refused and audited', async (t) => {
    const f = await openGatewayFixture(engine, t, { policyText: EXPORT_POLICY });
    await rejectsWith(
      f.gateway.export({ actor: 'Q1', purpose: 'review', filter: {}, format: 'csv' }),
      AccessDeniedError,
      'export-forbidden',
    );
    await rejectsWith(
      f.gateway.export({ actor: 'A1', purpose: 'service', filter: {}, format: 'csv' }),
      AccessDeniedError,
      'quota',
    );
    const entries = await f.entries();
    assert.deepEqual(
      entries.map((e) => [e['action'], e['decision'], e['reason']]),
      [
        ['export', 'deny', 'export-forbidden'],
        ['export', 'deny', 'quota'],
      ],
    );
    assert.equal((await f.db.selectFrom('export_rows').selectAll().execute()).length, 0);
  });

  test('approval: pending request, self-approval and wrong roles refused, approver decides, requester fetches once', async (t) => {
    const f = await openGatewayFixture(engine, t, { policyText: EXPORT_POLICY });
    const req = await f.gateway.export({
      actor: 'A1',
      purpose: 'campaign',
      recipient: 'A1',
      filter: {},
      format: 'csv',
    });
    assert.equal(req.status, 'pending');
    if (req.status !== 'pending') return;
    assert.equal(req.rows, 2); // A1's book: C001, C004
    assert.deepEqual(req.columns, ['customer_id', 'name', 'phone']);
    await rejectsWith(
      f.gateway.fetchExport({ exportId: req.exportId, actor: 'A1' }),
      ConflictError,
    );

    // The approver sees what, why, how many and which columns.
    const waiting = await f.gateway.listExports({ approver: 'M1' });
    assert.deepEqual(
      waiting.map((w) => [w.exportId, w.actor, w.purpose, w.rows, w.columns.join(',')]),
      [[req.exportId, 'A1', 'campaign', 2, 'customer_id,name,phone']],
    );
    assert.deepEqual(await f.gateway.listExports({ approver: 'A2' }), [], 'agents do not approve');

    await rejectsWith(
      f.gateway.decideExport({ exportId: req.exportId, approver: 'A1', decision: 'approve' }),
      AccessDeniedError,
      'self-approval',
    );
    await rejectsWith(
      f.gateway.decideExport({ exportId: req.exportId, approver: 'Q1', decision: 'approve' }),
      AccessDeniedError,
      'not-approver',
    );
    const decided = await f.gateway.decideExport({
      exportId: req.exportId,
      approver: 'M1',
      decision: 'approve',
      reason: 'renewal calls',
    });
    assert.equal(decided.status, 'approved');
    assert.equal(decided.decidedBy, 'M1');
    await rejectsWith(
      f.gateway.decideExport({ exportId: req.exportId, approver: 'D1', decision: 'deny' }),
      ConflictError,
    );
    await rejectsWith(
      f.gateway.fetchExport({ exportId: req.exportId, actor: 'A2' }),
      AccessDeniedError,
      'not-requester',
    );
    const file = await f.gateway.fetchExport({ exportId: req.exportId, actor: 'A1' });
    assert.equal(
      file.bytes.subarray(3).toString('utf8'),
      'customer_id,name,phone\r\nC001,张**,138****5678\r\nC004,张**,138****5678\r\n',
    );
    await rejectsWith(
      f.gateway.fetchExport({ exportId: req.exportId, actor: 'A1' }),
      ConflictError,
    );
    const summary = await f.gateway.getExport(req.exportId);
    assert.equal(summary.status, 'done');
    assert.equal(summary.fileSha256, file.sha256);

    const entries = await f.entries();
    assert.deepEqual(
      entries.map((e) => [e['type'], e['decision'] ?? '', e['reason'] ?? '']),
      [
        ['export_request', '', ''],
        ['export_decision', 'refused', 'self-approval'],
        ['export_decision', 'refused', 'not-approver'],
        ['export_decision', 'approve', 'renewal calls'],
        ['access', 'deny', 'not-requester'],
        ['access', 'allow', ''],
      ],
    );
    await rejectsWith(f.gateway.getExport('E20260101-0000000000000000'), NotFoundError);
  });

  test('a denied request cannot be fetched; the refusal is audited', async (t) => {
    const f = await openGatewayFixture(engine, t, { policyText: EXPORT_POLICY });
    const req = await f.gateway.export({
      actor: 'A2',
      purpose: 'campaign',
      filter: {},
      format: 'xlsx',
    });
    assert.equal(req.status, 'pending');
    await f.gateway.decideExport({
      exportId: req.exportId,
      approver: 'D1',
      decision: 'deny',
      reason: 'no consent',
    });
    await rejectsWith(
      f.gateway.fetchExport({ exportId: req.exportId, actor: 'A2' }),
      AccessDeniedError,
      'export-denied',
    );
    const events = await f.events();
    assert.deepEqual(
      events.map((e) => `${e.action}:${e.decision}:${e.export_id}`),
      [`export:deny:${req.exportId}`],
    );
  });

  test('decorators: canary rows go into the file but not into export_rows; row numbers point into the file', async (t) => {
    const seen: string[] = [];
    const canary: ExportDecorator = {
      name: 'test-canary',
      async decorate(ctx) {
        seen.push(`${ctx.exportId}:${ctx.actor}:${ctx.rows.length}`);
        // Decorators write in the export's transaction: the export_id exists already.
        const rec = await ctx.trx
          .selectFrom('exports')
          .select('status')
          .where('export_id', '=', ctx.exportId)
          .executeTakeFirst();
        assert.ok(rec);
        const rows = [...ctx.rows];
        rows.splice(1, 0, {
          customerId: null,
          cells: { customer_id: 'C900', name: '赵**', phone: '17000000000', product: '终身寿险' },
        });
        return { columns: ctx.columns, rows };
      },
    };
    const f = await openGatewayFixture(engine, t, {
      policyText: EXPORT_POLICY,
      decorators: [canary],
    });
    const out = await f.gateway.export({
      actor: 'M1',
      purpose: 'campaign',
      filter: {},
      format: 'csv',
    });
    assert.equal(out.status, 'done');
    if (out.status !== 'done') return;
    assert.equal(out.file.rows, 3);
    assert.equal(out.file.fileRows, 4);
    assert.match(out.file.bytes.toString('utf8'), /C900/);
    const rows = await f.db.selectFrom('export_rows').selectAll().orderBy('row_no').execute();
    assert.deepEqual(
      rows.map((r) => [r.row_no, r.customer_id]),
      [
        [1, 'C001'],
        [3, 'C002'],
        [4, 'C004'],
      ],
    );
    assert.equal(seen.length, 1);
    assert.equal(CUSTOMERS.length, 4);
  });

  test('invariant 1: when the audit append fails, no file is returned and no export is recorded', async (t) => {
    class FailingLog extends AuditLog {
      override async appendInTransaction(
        trx: Kysely<Schema>,
        events: readonly unknown[],
      ): Promise<number[]> {
        await super.appendInTransaction(trx, events);
        throw new Error('injected audit failure');
      }
      // The gateway's path: entries it already wrote as canonical JSON.
      override async appendCanonicalInTransaction(
        trx: Kysely<Schema>,
        entries: readonly Buffer[],
      ): Promise<number[]> {
        await super.appendCanonicalInTransaction(trx, entries);
        throw new Error('injected audit failure');
      }
    }
    let decorated = 0;
    const counting: ExportDecorator = {
      name: 'count',
      async decorate(ctx) {
        decorated++;
        return { columns: ctx.columns, rows: ctx.rows };
      },
    };
    const f = await openGatewayFixture(engine, t, {
      policyText: EXPORT_POLICY,
      log: (d) => new FailingLog(d),
      decorators: [counting],
    });
    await assert.rejects(
      f.gateway.export({ actor: 'M1', purpose: 'campaign', filter: {}, format: 'csv' }),
      /injected audit failure/,
    );
    assert.equal(decorated, 1, 'the decorator ran inside the transaction that rolled back');
    assert.equal((await f.db.selectFrom('exports').selectAll().execute()).length, 0);
    assert.equal((await f.db.selectFrom('export_rows').selectAll().execute()).length, 0);
    assert.equal(await new AuditLog(f).size(), 0);
  });

  test('PI filter values are never stored or audited in clear; the approver sees them masked', async (t) => {
    const f = await openGatewayFixture(engine, t, { policyText: EXPORT_POLICY });
    const phone = '13812345678';
    const req = await f.gateway.export({
      actor: 'A1',
      purpose: 'campaign',
      filter: { phone: '138 1234 5678' },
      format: 'csv',
    });
    assert.equal(req.status, 'pending');
    if (req.status !== 'pending') return;
    assert.equal(req.rows, 2);
    const [summary] = await f.gateway.listExports({ approver: 'D1' });
    assert.deepEqual(summary!.filter, { phone: '138 **** 5678' });
    await f.gateway.decideExport({ exportId: req.exportId, approver: 'D1', decision: 'approve' });
    const file = await f.gateway.fetchExport({ exportId: req.exportId, actor: 'A1' });
    assert.equal(file.rows, 2, 'the stored digest re-runs the filter');
    const stored = await f.db.selectFrom('exports').select('filter').executeTakeFirstOrThrow();
    const entries = JSON.stringify(await f.entries());
    for (const text of [stored.filter, entries]) {
      assert.ok(!text.replace(/\s/g, '').includes(phone), 'no plaintext phone');
    }
  });

  test('a large export is audited as several entries under 64 KiB sharing the export id', async (t) => {
    const many = Array.from({ length: 500 }, (_, i) => ({
      customer_id: `K${String(i).padStart(4, '0')}-${'x'.repeat(190)}`,
      agent: 'A1',
      branch: '上海分公司',
    }));
    const policyText = EXPORT_POLICY.replace(
      'scope: team\n    quota: 100\n    export: allowed',
      'scope: team\n    quota: null\n    export: allowed',
    );
    assert.notEqual(policyText, EXPORT_POLICY);
    const f = await openGatewayFixture(engine, t, { policyText, customers: many });
    const out = await f.gateway.export({
      actor: 'M1',
      purpose: 'campaign',
      filter: {},
      format: 'csv',
    });
    assert.equal(out.status, 'done');
    if (out.status !== 'done') return;
    assert.equal(out.file.rows, 500);
    const entries = await f.entries();
    assert.ok(entries.length >= 2, `${entries.length} entries`);
    const listed = entries.flatMap((e) => e['customers'] as string[]);
    assert.deepEqual(
      listed,
      many.map((c) => c.customer_id),
    );
    for (const e of entries) {
      assert.equal(e['export_id'], out.file.exportId);
      assert.ok(Buffer.byteLength(JSON.stringify(e)) < 65_535);
    }
    const events = await f.events();
    assert.equal(
      events.reduce((n, e) => n + Number(e.customers), 0),
      500,
    );
  });
});
