/**
 * `piguard import staff`, `staff`, `read`, `export` and `exports` through the real bin, on both
 * engines: exit codes, one-line errors, masked output, the approval flow end to end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import { CustomerVault } from '../../src/vault/customer-vault.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { runCli } from '../helpers/run-cli.ts';
import { CUSTOMERS } from '../vault/gateway-fixture.ts';

const STAFF_CSV =
  '员工编号,岗位,机构,团队,入职日期,离职日期\n' +
  'A1,代理人,上海分公司,T1,2019-01-01,\n' +
  'A2,业务员,上海分公司,T1,2019-01-01,\n' +
  'A3,代理人,北京分公司,T2,2019-01-01,\n' +
  'M1,团队经理,上海分公司,T1,2015-01-01,\n' +
  'Q1,质检专员,上海分公司,,2015-01-01,\n' +
  'D1,个人信息保护负责人,上海分公司,,2015-01-01,\n';

describeEachEngine('gateway CLI', (engine) => {
  test('init writes the policy; import staff; read; export with approval; exports approve/fetch', async (t) => {
    const d = await engine.open(t, { migrate: false });
    const masterKey = randomBytes(32);
    const env = {
      PIGUARD_MASTER_KEY: masterKey.toString('hex'),
      PIGUARD_DB: '',
      PIGUARD_POLICY: '',
      PIGUARD_KEY_FILE: '',
      PIGUARD_CHECKPOINTS_FILE: '',
      PIGUARD_ADMIN_PASSWORD: 'correct horse battery staple',
    };
    const cli = (args: string[]) => runCli(['--db', d.url, ...args], { cwd: d.tempDir, env });

    const init = cli(['init', '--origin', 'example.test/gw']);
    assert.equal(init.status, 0, init.stderr);
    assert.match(init.stdout, /wrote default policy \.\/piguard\.policy\.yaml/);
    assert.ok(existsSync(join(d.tempDir, 'piguard.policy.yaml')));

    // Staff: a bad file changes nothing; a GBK file imports.
    writeFileSync(join(d.tempDir, 'bad.csv'), 'staff_id,role\nS1,代理人\nS2,保安\n');
    const bad = cli(['import', 'staff', 'bad.csv']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^piguard: bad\.csv:3: staff S2: role "保安" matches no policy role/);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
    writeFileSync(join(d.tempDir, 'staff.csv'), iconv.encode(STAFF_CSV, 'gbk'));
    const imported = cli(['import', 'staff', 'staff.csv', '--as', 'admin']);
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stdout, /imported 6 staff from staff\.csv: 6 new, 0 updated/);
    const added = cli(['staff', 'add', 'IT1', '--role', '运维', '--branch', '上海分公司']);
    assert.equal(added.status, 0, added.stderr);
    assert.equal(cli(['staff', 'set', 'A2', '--end-date', '2020-01-01']).status, 0);
    const listed = cli(['staff', 'list', '--branch', '上海分公司', '--format', 'json']);
    const members = JSON.parse(listed.stdout) as Array<{
      staffId: string;
      role: string;
      endDate: string | null;
    }>;
    assert.deepEqual(
      members.map((m) => `${m.staffId}:${m.role}`),
      ['A1:agent', 'A2:agent', 'D1:dpo', 'IT1:it_support', 'M1:team_manager', 'Q1:quality_control'],
    );
    // Engine-independent error paths run once (each CLI call is a fresh Node process).
    const once = engine.name === 'sqlite';
    if (once) assert.equal(cli(['staff', 'add', 'A1', '--role', 'agent']).status, 1, 'exists');

    // Customers through the vault (the import command is tested elsewhere).
    const vault = await CustomerVault.open(d, {
      source: 'test',
      getMasterKey: async () => Buffer.from(masterKey),
    });
    await d.db.transaction().execute((trx) => vault.upsert(trx, CUSTOMERS));
    vault.close();

    const read = cli([
      'read',
      '--as',
      'Q1',
      '--purpose',
      'quality_review',
      '--phone',
      '13812345678',
      '--format',
      'json',
    ]);
    assert.equal(read.status, 0, read.stderr);
    const body = JSON.parse(read.stdout) as {
      customers: Array<{ customerId: string; fields: Record<string, string> }>;
    };
    assert.deepEqual(
      body.customers.map((c) => [c.customerId, c.fields['name'], c.fields['phone']]),
      [
        ['C001', '张**', '138****5678'],
        ['C004', '张**', '138****5678'],
      ],
    );
    assert.ok(!read.stdout.includes('13812345678'));
    const text = cli(['read', '--as', 'A1', '--purpose', 'customer_service', '--customer', 'C001']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^customer C001\n {2}name: 张伟\n/);
    const refused = cli([
      'read',
      '--as',
      'A1',
      '--purpose',
      'customer_service',
      '--customer',
      'C003',
    ]);
    assert.equal(refused.status, 1);
    assert.match(
      refused.stderr,
      /^piguard: the customer is outside the assigned scope of role agent\n$/,
    );
    if (once) assert.equal(cli(['read', '--as', 'A1', '--purpose', 'customer_service']).status, 2);

    // Export with approval.
    const req = cli([
      'export',
      '--as',
      'M1',
      '--purpose',
      'team_supervision',
      '--filter',
      'agent=A1',
      '--recipient',
      'team T1',
      '--out',
      'list.csv',
    ]);
    assert.equal(req.status, 0, req.stderr);
    const exportId = /export (E\d{8}-\w+) needs approval \(2 rows/.exec(req.stdout)?.[1];
    assert.ok(exportId, req.stdout);
    assert.ok(!existsSync(join(d.tempDir, 'list.csv')));
    const waiting = cli(['exports', 'list', '--as', 'D1']);
    assert.match(
      waiting.stdout,
      new RegExp(`^${exportId}  pending  M1  team_supervision  2 rows → team T1`),
    );
    const self = cli(['exports', 'approve', exportId, '--as', 'M1']);
    assert.equal(self.status, 1);
    assert.match(self.stderr, /nobody may approve their own export/);
    const ok = cli([
      'exports',
      'approve',
      exportId,
      '--as',
      'D1',
      '--reason',
      'supervision sample',
    ]);
    assert.equal(ok.status, 0, ok.stderr);
    const fetched = cli(['exports', 'fetch', exportId, '--as', 'M1', '--out', 'list.csv']);
    assert.equal(fetched.status, 0, fetched.stderr);
    const file = readFileSync(join(d.tempDir, 'list.csv'));
    assert.deepEqual([...file.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    // Trace's decorators mark every export (reference codes, renderings): the real rows are there,
    // masked per policy.
    const csv = file.toString('utf8');
    assert.match(csv, /^\uFEFFcustomer_id,name,phone,product,premium,start_date,agent/);
    assert.match(csv, /\r\nC001,张\*\*,138\*\*\*\*5678,终身寿险,12000,/);
    assert.match(csv, /\r\nC004,张\*\*,138\*\*\*\*5678,意外险,300,/);
    assert.ok(!csv.includes('13812345678'));

    const forbidden = cli([
      'export',
      '--as',
      'Q1',
      '--purpose',
      'quality_review',
      '--out',
      'q.xlsx',
    ]);
    assert.equal(forbidden.status, 1);
    assert.match(forbidden.stderr, /may not export/);
    if (once) {
      const pdf = cli(['export', '--as', 'Q1', '--purpose', 'quality_review', '--out', 'q.pdf']);
      assert.equal(pdf.status, 2);
    }

    const events = await d.db
      .selectFrom('access_events')
      .select(['actor', 'action', 'decision'])
      .orderBy('audit_idx')
      .execute();
    assert.deepEqual(
      events.map((e) => `${e.actor}:${e.action}:${e.decision}`),
      ['Q1:view:allow', 'A1:view:allow', 'A1:view:deny', 'M1:export:allow', 'Q1:export:deny'],
    );
  });
});
