/**
 * Policy: the default insurer policy, table-driven evaluation (role × purpose × field × scope ×
 * quota × export rule), masks per field, and file errors reported as `FILE:LINE: problem`.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { InputError } from '../../src/core/errors.ts';
import { applyMask } from '../../src/vault/policy/field-masks.ts';
import { defaultPolicy, DEFAULT_POLICY_PATH } from '../../src/vault/policy/default-policy.ts';
import { grantFor, quotaDayStart, roleForStaffRole } from '../../src/vault/policy/policy.ts';
import { ROLE_TITLES } from '../../src/sim/staff.ts';
import {
  authorise,
  businessDay,
  inScope,
  mayApprove,
  quotaAllows,
  type ScopeSubject,
} from '../../src/vault/policy/policy-evaluator.ts';
import { parsePolicy, resolvePolicyPath } from '../../src/vault/policy/policy-loader.ts';
import type { StaffMember } from '../../src/vault/staff-member.ts';

const policy = defaultPolicy();
const NOW = new Date('2026-03-02T02:00:00Z');
const KEY = Buffer.alloc(32, 7);

const staff = (
  staffId: string,
  role: string,
  branch: string | null,
  team: string | null,
  endDate: string | null = null,
): StaffMember => ({
  staffId,
  role,
  roleRaw: null,
  branch,
  team,
  startDate: '2015-01-01',
  endDate,
});

describe('default policy', () => {
  test('loads; the example file at the repository root is the default', () => {
    assert.equal(DEFAULT_POLICY_PATH.endsWith('piguard.policy.example.yaml'), true);
    assert.equal(policy.roles.size, 15);
    for (const r of [
      'agent',
      'team_manager',
      'branch_manager',
      'analyst',
      'policy_service',
      'internal_audit',
      'compliance',
      'underwriter',
      'claims',
      'quality_control',
      'call_centre',
      'it_support',
      'investigator',
      'dpo',
    ]) {
      assert.ok(policy.roles.has(r), r);
    }
    assert.equal(policy.timezone, '+08:00');
    assert.ok(readFileSync(DEFAULT_POLICY_PATH, 'utf8').includes('grants:'));
  });

  test('free-text staff roles map through match lists', () => {
    assert.equal(roleForStaffRole(policy, '质检专员'), 'quality_control');
    assert.equal(roleForStaffRole(policy, ' QC '), 'quality_control');
    assert.equal(roleForStaffRole(policy, '理赔员'), 'claims');
    assert.equal(roleForStaffRole(policy, 'dpo'), 'dpo');
    assert.equal(roleForStaffRole(policy, '保安'), undefined);
  });

  test('decorated Chinese titles map through the longest match entry they contain', () => {
    assert.equal(roleForStaffRole(policy, '高级品质管理专员'), 'quality_control');
    assert.equal(roleForStaffRole(policy, '查勘定损员'), 'claims');
    assert.equal(roleForStaffRole(policy, 'IT运维工程师'), 'it_support');
    assert.equal(roleForStaffRole(policy, '电话坐席'), 'call_centre');
    assert.equal(roleForStaffRole(policy, '保全专员'), 'policy_service');
    assert.equal(roleForStaffRole(policy, '柜面客服'), 'policy_service'); // not call_centre's 客服
    assert.equal(roleForStaffRole(policy, '内审专员'), 'internal_audit');
    assert.equal(roleForStaffRole(policy, '合规专员'), 'compliance');
    assert.equal(roleForStaffRole(policy, '中心支公司总经理'), 'branch_manager');
    // generic job-family words catch titles nobody listed one by one
    assert.equal(roleForStaffRole(policy, '车险销售专员'), 'agent');
    assert.equal(roleForStaffRole(policy, '车商渠道专员'), 'agent');
    assert.equal(roleForStaffRole(policy, '区域销售经理'), 'team_manager');
    assert.equal(roleForStaffRole(policy, '电话销售专员'), 'call_centre');
    assert.equal(roleForStaffRole(policy, '分管副总经理'), 'branch_manager');
    assert.equal(roleForStaffRole(policy, '系统开发工程师'), 'it_support');
    assert.equal(roleForStaffRole(policy, '经营分析岗'), 'analyst');
    // a Latin entry decides only as whole words: "it" inside "unit" is not IT
    assert.equal(roleForStaffRole(policy, 'unit head'), undefined);
  });

  test('decorated English titles map through whole-word match entries', () => {
    assert.equal(roleForStaffRole(policy, 'Senior Sales Agent'), 'agent');
    assert.equal(roleForStaffRole(policy, 'Claims Handler'), 'claims');
    assert.equal(roleForStaffRole(policy, 'Call Centre Rep'), 'call_centre');
    assert.equal(roleForStaffRole(policy, 'QC Clerk'), 'quality_control');
    assert.equal(roleForStaffRole(policy, 'IT-Support Engineer'), 'it_support');
    assert.equal(roleForStaffRole(policy, 'Senior Underwriter'), 'underwriter');
    assert.equal(roleForStaffRole(policy, 'Branch Manager'), 'branch_manager');
    assert.equal(roleForStaffRole(policy, 'Internal Auditor'), 'internal_audit');
    assert.equal(roleForStaffRole(policy, 'Policy Service Clerk'), 'policy_service');
    assert.equal(roleForStaffRole(policy, 'Actuarial Analyst'), 'analyst');
    assert.equal(roleForStaffRole(policy, 'Account Manager'), 'agent');
    assert.equal(roleForStaffRole(policy, 'Channel Manager'), 'team_manager');
    assert.equal(roleForStaffRole(policy, 'Underwriting Assistant'), 'underwriter');
    assert.equal(roleForStaffRole(policy, 'QA Analyst'), 'quality_control');
    assert.equal(roleForStaffRole(policy, 'Data Engineer'), 'it_support');
    assert.equal(roleForStaffRole(policy, 'Renewal Specialist (Part-time)'), 'call_centre');
    assert.equal(roleForStaffRole(policy, 'System Account (ETL)'), 'service_account');
    assert.equal(roleForStaffRole(policy, 'Telesales Rep'), 'call_centre');
    assert.equal(roleForStaffRole(policy, 'BI Analyst'), 'analyst');
    assert.equal(roleForStaffRole(policy, 'Software Engineer'), 'it_support');
    assert.equal(roleForStaffRole(policy, 'General Manager'), 'branch_manager');
    // no entry as whole words: reported, not guessed
    assert.equal(roleForStaffRole(policy, 'Agentur Manager'), undefined);
    assert.equal(roleForStaffRole(policy, 'Actuarialist'), undefined);
    // two roles' entries of the same length: ambiguous
    assert.equal(roleForStaffRole(policy, 'IT QC Lead'), undefined);
  });

  test('every job title the simulator writes maps to its own role', () => {
    for (const [role, titles] of Object.entries(ROLE_TITLES)) {
      for (const title of titles) assert.equal(roleForStaffRole(policy, title), role, title);
    }
  });
});

describe('evaluation (table-driven)', () => {
  const A1 = staff('A1', 'agent', '上海分公司', 'T1');
  const cases: Array<{
    who: StaffMember | undefined;
    purpose: string;
    allow: boolean;
    reason?: string;
    scope?: string;
    quota?: number | null;
    exportRule?: string;
    fields?: Record<string, string>;
  }> = [
    {
      who: A1,
      purpose: 'customer_service',
      allow: true,
      scope: 'assigned',
      quota: 100,
      exportRule: 'forbidden',
      fields: { name: 'keep', phone: 'keep', id_number: 'mask', birth_date: 'mask' },
    },
    { who: A1, purpose: 'sales_follow_up', allow: true, scope: 'assigned', exportRule: 'approval' },
    { who: A1, purpose: 'investigation', allow: false, reason: 'no-policy' },
    { who: A1, purpose: 'gossip', allow: false, reason: 'unknown-purpose' },
    { who: undefined, purpose: 'customer_service', allow: false, reason: 'unknown-actor' },
    {
      who: staff('X', 'agent', null, null, '2026-03-01'),
      purpose: 'customer_service',
      allow: false,
      reason: 'inactive',
    },
    {
      who: { ...staff('Y', 'agent', null, null), startDate: '2026-03-03' },
      purpose: 'customer_service',
      allow: false,
      reason: 'inactive',
    },
    {
      who: staff('Z', 'janitor', null, null),
      purpose: 'customer_service',
      allow: false,
      reason: 'unknown-role',
    },
    {
      who: staff('Q', 'quality_control', 'SH', null),
      purpose: 'quality_review',
      allow: true,
      scope: 'branch',
      quota: 120,
      exportRule: 'forbidden',
      fields: { name: 'mask', phone: 'mask', agent: 'keep' },
    },
    {
      who: staff('M', 'team_manager', 'SH', 'T1'),
      purpose: 'team_supervision',
      allow: true,
      scope: 'team',
      quota: 300,
      exportRule: 'approval',
    },
    {
      who: staff('C', 'claims', 'SH', null),
      purpose: 'claims_handling',
      allow: true,
      scope: 'region',
      quota: 150,
      fields: { id_number: 'keep', address: 'keep' },
    },
    {
      who: staff('T', 'it_support', 'SH', null),
      purpose: 'system_support',
      allow: true,
      scope: 'all',
      quota: 50,
      fields: { name: 'redact', phone: 'hash' },
    },
    {
      who: staff('T', 'it_support', 'SH', null),
      purpose: 'customer_service',
      allow: false,
      reason: 'no-policy',
    },
    {
      who: staff('K', 'call_centre', 'SH', null),
      purpose: 'complaint_handling',
      allow: true,
      scope: 'all',
      quota: 200,
    },
    {
      who: staff('K', 'call_centre', 'SH', null),
      purpose: 'customer_service',
      allow: true,
      scope: 'all',
    },
    {
      who: staff('I', 'investigator', 'SH', null),
      purpose: 'investigation',
      allow: true,
      scope: 'all',
      exportRule: 'approval',
    },
    {
      who: staff('D', 'dpo', 'SH', null),
      purpose: 'subject_request',
      allow: true,
      fields: { extra: 'keep' },
    },
    {
      who: staff('U', 'underwriter', 'SH', null),
      purpose: 'underwriting',
      allow: true,
      scope: 'branch',
      exportRule: 'forbidden',
    },
  ];
  for (const c of cases) {
    test(`${c.who?.role ?? 'nobody'}${c.who?.endDate ? ' (left)' : ''} × ${c.purpose} → ${c.allow ? 'allow' : c.reason}`, () => {
      const a = authorise(policy, c.who, c.purpose, NOW);
      assert.equal(a.allow, c.allow);
      if (!a.allow) {
        assert.equal(a.reason, c.reason);
        return;
      }
      if (c.scope) assert.equal(a.grant.scope, c.scope);
      if (c.quota !== undefined) assert.equal(a.grant.quota, c.quota);
      if (c.exportRule) assert.equal(a.grant.export, c.exportRule);
      for (const [field, mask] of Object.entries(c.fields ?? {})) {
        assert.equal(a.grant.fields.find((f) => f.field === field)?.mask, mask, field);
      }
    });
  }

  test('row scopes', () => {
    const grantOf = (role: string, purpose: string) => grantFor(policy, role, purpose)!;
    const sub = (
      agentId: string | null,
      agentTeam: string | null,
      branch: string | null,
      region: string | null,
    ): ScopeSubject => ({ agentId, agentTeam, branch, region });
    const rows: Array<[string, string, StaffMember, ScopeSubject, boolean]> = [
      ['agent', 'customer_service', A1, sub('A1', 'T1', 'X', '31'), true],
      ['agent', 'customer_service', A1, sub('A2', 'T1', '上海分公司', '31'), false],
      ['agent', 'customer_service', A1, sub(null, null, '上海分公司', '31'), false],
      [
        'team_manager',
        'team_supervision',
        staff('M', 'team_manager', 'SH', 'T1'),
        sub('A2', 'T1', null, null),
        true,
      ],
      [
        'team_manager',
        'team_supervision',
        staff('M', 'team_manager', 'SH', 'T1'),
        sub('A3', 'T2', null, null),
        false,
      ],
      [
        'team_manager',
        'team_supervision',
        staff('M', 'team_manager', 'SH', null),
        sub('A3', null, null, null),
        false,
      ],
      [
        'quality_control',
        'quality_review',
        staff('Q', 'quality_control', 'SH', null),
        sub('A1', null, 'SH', null),
        true,
      ],
      [
        'quality_control',
        'quality_review',
        staff('Q', 'quality_control', 'SH', null),
        sub('A1', null, 'BJ', null),
        false,
      ],
      [
        'quality_control',
        'quality_review',
        staff('Q', 'quality_control', null, null),
        sub('A1', null, null, null),
        false,
      ],
      [
        'claims',
        'claims_handling',
        staff('C', 'claims', '上海分公司', null),
        sub(null, null, null, '31'),
        true,
      ],
      [
        'claims',
        'claims_handling',
        staff('C', 'claims', '上海分公司', null),
        sub(null, null, null, '11'),
        false,
      ],
      [
        'claims',
        'claims_handling',
        staff('C', 'claims', '无名分公司', null),
        sub(null, null, null, '31'),
        false,
      ],
      [
        'investigator',
        'investigation',
        staff('I', 'investigator', null, null),
        sub(null, null, null, null),
        true,
      ],
    ];
    for (const [role, purpose, member, subject, expected] of rows) {
      assert.equal(
        inScope(policy, grantOf(role, purpose), member, subject),
        expected,
        `${role} ${JSON.stringify(subject)}`,
      );
    }
  });

  test('quotas and approvals', () => {
    const g = grantFor(policy, 'quality_control', 'quality_review')!;
    assert.equal(quotaAllows(g, 119, 1), true);
    assert.equal(quotaAllows(g, 120, 1), false);
    assert.equal(quotaAllows(g, 100, 21), false);
    const follow = grantFor(policy, 'agent', 'sales_follow_up')!;
    const tm = staff('M', 'team_manager', 'SH', 'T1');
    assert.deepEqual(mayApprove(policy, follow, tm, 'A1', NOW), { allow: true });
    assert.equal(
      (mayApprove(policy, follow, A1, 'A1', NOW) as { reason: string }).reason,
      'self-approval',
    );
    assert.equal(
      (mayApprove(policy, follow, staff('D', 'dpo', null, null), 'A1', NOW) as { reason: string })
        .reason,
      'not-approver',
    );
    assert.equal(
      (mayApprove(policy, follow, undefined, 'A1', NOW) as { reason: string }).reason,
      'unknown-actor',
    );
    assert.equal(
      (
        mayApprove(policy, follow, { ...tm, endDate: '2020-01-01' }, 'A1', NOW) as {
          reason: string;
        }
      ).reason,
      'inactive',
    );
  });

  test('business day and quota day start follow the policy timezone', () => {
    assert.equal(businessDay(new Date('2026-03-01T17:00:00Z'), '+08:00'), '2026-03-02');
    assert.equal(businessDay(new Date('2026-03-01T17:00:00Z'), '+00:00'), '2026-03-01');
    assert.equal(
      quotaDayStart(new Date('2026-03-01T17:00:00Z'), '+08:00'),
      '2026-03-01T16:00:00.000Z',
    );
    assert.equal(
      quotaDayStart(new Date('2026-03-01T15:00:00Z'), '+08:00'),
      '2026-02-28T16:00:00.000Z',
    );
    assert.equal(
      quotaDayStart(new Date('2026-03-01T03:00:00Z'), '-05:00'),
      '2026-02-28T05:00:00.000Z',
    );
  });
});

describe('masks per field', () => {
  const cases: Array<
    [
      Parameters<typeof applyMask>[0],
      Parameters<typeof applyMask>[1],
      string,
      string | null | RegExp,
    ]
  > = [
    ['phone', 'mask', '13812345678', '138****5678'],
    ['phone', 'keep', '13812345678', '13812345678'],
    ['id_number', 'mask', '11010519491231002X', '110105********002X'],
    ['name', 'mask', '欧阳娜娜', '欧阳**'],
    ['address', 'mask', '广东省深圳市南山区科技园1栋', '广东省深圳市南山区***'],
    ['birth_date', 'mask', '1990-03-07', '1990'],
    ['email', 'mask', 'zhangwei@example.com', 'z***@example.com'],
    ['premium', 'mask', '12000', '1***0'],
    ['name', 'redact', '张三', '[REDACTED]'],
    ['phone', 'null', '13812345678', null],
    ['phone', 'hash', '13812345678', /^[0-9a-f]{64}$/],
    ['address', 'phone', '13812345678', '138****5678'],
    ['product', 'generic', '终身寿险A款', '终****款'],
  ];
  for (const [field, mask, value, expected] of cases) {
    test(`${field} ${mask}`, () => {
      const out = applyMask(field, mask, value, KEY);
      if (expected instanceof RegExp) assert.match(out!, expected);
      else assert.equal(out, expected);
    });
  }
});

describe('policy file errors: FILE:LINE: problem', () => {
  const base = (grant: string) =>
    `version: 1\nroles:\n  agent:\n    match: [代理人]\n  dpo: {}\npurposes:\n  service: ~\ngrants:\n${grant}`;
  const cases: Array<[string, string, RegExp]> = [
    [
      'unknown field',
      base(
        '  - role: agent\n    purpose: service\n    fields:\n      phone: keep\n      phon: mask\n    scope: all\n',
      ),
      /^p\.yaml:13: unknown field "phon"/,
    ],
    [
      'unknown mask',
      base(
        '  - role: agent\n    purpose: service\n    fields:\n      phone: kep\n    scope: all\n',
      ),
      /^p\.yaml:12: grants\[0\]\.fields\.phone: mask must be one of/,
    ],
    [
      'unknown role',
      base('  - role: agentt\n    purpose: service\n    fields: { phone: keep }\n    scope: all\n'),
      /^p\.yaml:9: unknown role "agentt"/,
    ],
    [
      'unknown purpose',
      base('  - role: agent\n    purpose: sales\n    fields: { phone: keep }\n    scope: all\n'),
      /^p\.yaml:10: unknown purpose "sales"/,
    ],
    [
      'missing scope',
      base('  - role: agent\n    purpose: service\n    fields: { phone: keep }\n'),
      /^p\.yaml:9: grants\[0\]\.scope: missing/,
    ],
    [
      'bad scope',
      base(
        '  - role: agent\n    purpose: service\n    fields: { phone: keep }\n    scope: everyone\n',
      ),
      /^p\.yaml:12: grants\[0\]\.scope: scope must be one of all, assigned, team, branch, region/,
    ],
    [
      'bad quota',
      base(
        '  - role: agent\n    purpose: service\n    fields: { phone: keep }\n    scope: all\n    quota: -3\n',
      ),
      /^p\.yaml:13: grants\[0\]\.quota/,
    ],
    [
      'approval without approvers',
      base(
        '  - role: agent\n    purpose: service\n    fields: { phone: keep }\n    scope: all\n    export: approval\n',
      ),
      /^p\.yaml:13: export: approval needs at least one approver role/,
    ],
    [
      'unknown approver',
      base(
        '  - role: agent\n    purpose: service\n    fields: { phone: keep }\n    scope: all\n    export: approval\n    approvers: [boss]\n',
      ),
      /^p\.yaml:14: unknown approver role "boss"/,
    ],
    [
      'duplicate grant',
      base(
        '  - role: agent\n    purpose: service\n    fields: { phone: keep }\n    scope: all\n  - role: [dpo, agent]\n    purpose: service\n    fields: { name: keep }\n    scope: all\n',
      ),
      /^p\.yaml:13: a second grant for role agent and purpose service/,
    ],
    [
      'unknown top-level key',
      'version: 1\nroles: {}\npurposes: {}\nrules: []\n',
      /^p\.yaml:4: unknown key "rules"/,
    ],
    ['bad version', 'version: 2\nroles: {}\npurposes: {}\n', /^p\.yaml:1: version/],
    ['YAML syntax', 'version: 1\nroles:\n  agent: {\npurposes:\n', /^p\.yaml:\d+: YAML: /],
    ['duplicate key', 'version: 1\nroles: {}\nroles: {}\npurposes: {}\n', /^p\.yaml:3: YAML: /],
    ['not a mapping', '- a\n- b\n', /^p\.yaml:1: a policy file is a YAML mapping/],
    [
      'role matched twice',
      'version: 1\nroles:\n  a: { match: [QC] }\n  b:\n    match:\n      - qc\npurposes: {}\n',
      /^p\.yaml:6: staff role "qc" is matched by both a and b/,
    ],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => {
      assert.throws(
        () => parsePolicy(text, 'p.yaml'),
        (err: unknown) => {
          assert.ok(err instanceof InputError);
          assert.equal(err.exitCode, 2);
          assert.match(err.message, expected);
          assert.ok(!err.message.includes('\n'));
          return true;
        },
      );
    });
  }

  test('policy path: option, then PIGUARD_POLICY, then ./piguard.policy.yaml', () => {
    assert.equal(resolvePolicyPath('x.yaml', { PIGUARD_POLICY: 'y.yaml' }), 'x.yaml');
    assert.equal(resolvePolicyPath(undefined, { PIGUARD_POLICY: 'y.yaml' }), 'y.yaml');
    assert.equal(resolvePolicyPath(undefined, {}), './piguard.policy.yaml');
  });
});
