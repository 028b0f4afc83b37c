/**
 * Trace through the real gateway on both engines: an export made by the gateway with trace's
 * decorators (canaries, reference codes) and the default policy's masking, leaked as written —
 * canary rows name the export even with masked names, reference codes are verified, and the
 * exporting manager is the top suspect.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CanaryDecorator } from '../../src/trace/canary-decorator.ts';
import { addToPool } from '../../src/trace/canary-pool.ts';
import { MarkDecorator } from '../../src/trace/export-marks.ts';
import { traceFile } from '../../src/trace/trace-service.ts';
import type { CustomerVault } from '../../src/vault/customer-vault.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { openGatewayFixture } from '../vault/gateway-fixture.ts';

const POLICY = `
version: 1
roles:
  agent: { match: [代理人] }
  team_manager: { match: [团队经理] }
  dpo: { match: [DPO] }
  quality_control: {}
purposes:
  campaign: 营销
grants:
  - role: team_manager
    purpose: campaign
    fields: { customer_id: keep, name: name, phone: keep, product: keep }
    scope: team
    quota: 100
    export: allowed
`;

describeEachEngine('trace of a gateway export', (engine) => {
  test('canaries and marks survive the gateway and name the export', async (t) => {
    // The decorator needs the fixture's vault, which exists only once the fixture is open.
    const holder: { vault?: CustomerVault } = {};
    const f = await openGatewayFixture(engine, t, {
      policyText: POLICY,
      decorators: [
        new CanaryDecorator({ blindIndexFor: () => Promise.resolve(holder.vault!.blindIndex) }),
        new MarkDecorator(),
      ],
    });
    holder.vault = f.vault;
    await addToPool(f.db, f.vault.blindIndex, ['17000000001'], 'admin');
    const out = await f.gateway.export({
      actor: 'M1',
      purpose: 'campaign',
      recipient: 'call centre vendor',
      filter: {},
      format: 'csv',
    });
    assert.equal(out.status, 'done');
    if (out.status !== 'done') return;
    const text = out.file.bytes.toString('utf8').replace(/^\uFEFF/, '');
    assert.match(text.split(/\r?\n/)[0]!, /ref_code/);
    const canaries = await f.db
      .selectFrom('export_canaries')
      .selectAll()
      .where('export_id', '=', out.file.exportId)
      .execute();
    assert.ok(canaries.length >= 1);
    const file = join(f.tempDir, 'leak.csv');
    writeFileSync(file, text);
    f.clock.now = new Date(f.clock.now.getTime() + 86_400_000);
    const report = await traceFile(f.db, f.vault, file, { seenAt: f.clock.now.toISOString() });
    assert.equal(report.canaries.length, canaries.length, JSON.stringify(report.canaries));
    assert.ok(report.canaries.every((c) => c.export_id === out.file.exportId && c.actor === 'M1'));
    const top = report.suspects[0]!;
    assert.equal(top.actor, 'M1');
    assert.equal(top.export_id, out.file.exportId);
    assert.equal(top.false_accusation_probability, 0);
    assert.ok(top.signals.includes('canary'));
    const ref = report.marks.find((m) => m.scheme === 'ref_code');
    assert.ok(
      ref && ref.export_id === out.file.exportId && ref.agreeing === report.matched,
      JSON.stringify(report.marks),
    );
  });
});
