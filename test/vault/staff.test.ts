/**
 * Staff: the staff file (English and Chinese headers, UTF-8 and GBK, role mapping through the
 * policy, bad rows as `FILE:LINE: problem`), and the audited upsert on both engines.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { randomBytes } from 'node:crypto';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { createLog } from '../../src/audit/log-signer.ts';
import { InputError } from '../../src/core/errors.ts';
import { defaultPolicy } from '../../src/vault/policy/default-policy.ts';
import { parseStaffFile } from '../../src/vault/staff-file.ts';
import { importStaff } from '../../src/vault/staff-import.ts';
import { isActiveOn } from '../../src/vault/staff-member.ts';
import { getStaff, getStaffMany, listStaff } from '../../src/vault/staff-store.ts';
import { describeEachEngine } from '../helpers/databases.ts';

const policy = defaultPolicy();

const ENGLISH =
  'staff_id,role,branch,team,start_date,end_date\nS001,代理人,上海分公司,T1,2019-03-01,\nS002,质检专员,上海分公司,,2018/7/1,2025-12-31\n';
const CHINESE =
  '团队,员工编号,岗位,机构,入职日期,离职日期,备注\nT1,S003,团队经理,上海分公司,2017年1月5日,,x\nT2,S004,QC,北京分公司,,,\n';

describe('staff file', () => {
  test('English headers; free-text roles mapped; dates normalised', () => {
    const members = parseStaffFile(Buffer.from(ENGLISH), 'staff.csv', policy);
    assert.deepEqual(members, [
      {
        staffId: 'S001',
        role: 'agent',
        roleRaw: '代理人',
        branch: '上海分公司',
        team: 'T1',
        startDate: '2019-03-01',
        endDate: null,
      },
      {
        staffId: 'S002',
        role: 'quality_control',
        roleRaw: '质检专员',
        branch: '上海分公司',
        team: null,
        startDate: '2018-07-01',
        endDate: '2025-12-31',
      },
    ]);
    assert.equal(isActiveOn(members[1]!, '2026-01-01'), false);
    assert.equal(isActiveOn(members[1]!, '2025-12-31'), true);
  });

  test('Chinese headers in any order, GBK-encoded, unknown columns ignored', () => {
    const members = parseStaffFile(iconv.encode(CHINESE, 'gbk'), 'staff-gbk.csv', policy);
    assert.deepEqual(
      members.map((m) => [m.staffId, m.role, m.branch, m.team, m.startDate]),
      [
        ['S003', 'team_manager', '上海分公司', 'T1', '2017-01-05'],
        ['S004', 'quality_control', '北京分公司', 'T2', null],
      ],
    );
  });

  const bad: Array<[string, string, RegExp]> = [
    [
      'unknown role',
      'staff_id,role\nS1,代理人\nS2,保安\n',
      /^f\.csv:3: staff S2: role "保安" matches no policy role/,
    ],
    ['duplicate id', 'staff_id,role\nS1,代理人\nS1,QC\n', /^f\.csv:3: staff S1 appears twice/],
    ['empty id', 'staff_id,role\n,代理人\n', /^f\.csv:2: staff_id is empty/],
    [
      'bad date',
      'staff_id,role,start_date\nS1,代理人,2019-02-30\n',
      /^f\.csv:2: staff S1: start_date is not a date/,
    ],
    [
      'end before start',
      'staff_id,role,start_date,end_date\nS1,代理人,2020-01-01,2019-01-01\n',
      /^f\.csv:2: staff S1: end_date is before start_date/,
    ],
    ['no role column', 'staff_id,branch\nS1,SH\n', /^f\.csv:1: the header has no role column/],
    ['ragged row', 'staff_id,role\nS1,代理人,extra\n', /^f\.csv:2: CSV: /],
  ];
  for (const [name, text, expected] of bad) {
    test(`bad file: ${name}`, () => {
      assert.throws(
        () => parseStaffFile(Buffer.from(text), 'f.csv', policy),
        (err: unknown) => {
          assert.ok(err instanceof InputError);
          assert.match(err.message, expected);
          return true;
        },
      );
    });
  }
});

describeEachEngine('staff store', (engine) => {
  test('import upserts in one audited transaction; list by team, branch, role', async (t) => {
    const d = await engine.open(t);
    await createLog(d.db, { origin: 'example.test/staff', masterKey: randomBytes(32) });
    const log = new AuditLog(d);
    const first = await importStaff(d, log, parseStaffFile(Buffer.from(ENGLISH), 'a.csv', policy), {
      actor: 'admin',
      source: 'a.csv',
      sha256: 'ab'.repeat(32),
    });
    assert.deepEqual([first.rows, first.inserted, first.updated, first.auditIndex], [2, 2, 0, 0]);
    const members = parseStaffFile(Buffer.from(CHINESE), 'b.csv', policy);
    members.push({ ...(await getStaff(d.db, 'S001'))!, team: 'T9' });
    const second = await importStaff(d, log, members, { actor: 'admin' });
    assert.deepEqual([second.inserted, second.updated], [2, 1]);
    assert.equal((await getStaff(d.db, 'S001'))!.team, 'T9');
    assert.deepEqual(
      (await listStaff(d.db, { branch: '上海分公司' })).map((m) => m.staffId),
      ['S001', 'S002', 'S003'],
    );
    assert.deepEqual(
      (await listStaff(d.db, { role: 'quality_control' })).map((m) => m.staffId),
      ['S002', 'S004'],
    );
    assert.deepEqual(
      (await listStaff(d.db, { team: 'T1' })).map((m) => m.staffId),
      ['S003'],
    );
    assert.deepEqual([...(await getStaffMany(d.db, ['S004', 'S404'])).keys()], ['S004']);
    const entries = await d.db.selectFrom('audit_entries').select('entry').orderBy('idx').execute();
    const first0 = JSON.parse(Buffer.from(entries[0]!.entry).toString()) as Record<string, unknown>;
    assert.equal(first0['type'], 'import');
    assert.equal(first0['what'], 'staff');
    assert.equal(first0['file_sha256'], 'ab'.repeat(32));
    assert.deepEqual(first0['staff'], ['S001', 'S002']);
  });

  test('an import whose audit append fails keeps nothing', async (t) => {
    const d = await engine.open(t);
    // No audit log created: the append fails inside the transaction.
    const log = new AuditLog(d);
    await assert.rejects(
      importStaff(d, log, parseStaffFile(Buffer.from(ENGLISH), 'a.csv', policy), {
        actor: 'admin',
      }),
      /piguard init/,
    );
    assert.equal((await listStaff(d.db)).length, 0);
  });
});
