/**
 * Staff of the synthetic insurer: roles in realistic proportions per branch (agents most of them),
 * teams of agents under team managers, departments for the other roles, start dates years back
 * for most and inside the simulated period for hires, departures at role-typical turnover, and
 * per-person habits (how busy, how much overtime, how early they start).
 */
import { BRANCHES } from './catalogue.ts';
import { dateOfDay } from './calendar.ts';
import { Prng } from './prng.ts';
import { SIM_ROLES, type SimRole, type SimStaff } from './types.ts';

/**
 * Job titles as HR files write them, per policy role: what `import staff` must map (a policy's
 * role `match` lists).
 */
export const ROLE_TITLES: Readonly<Record<SimRole, readonly string[]>> = {
  agent: ['业务员', '营销员', '保险代理人', '客户经理'],
  team_manager: ['团队经理', '营业部经理', '团队主管'],
  underwriter: ['核保员', '核保专员'],
  claims: ['理赔员', '理赔专员', '查勘定损员'],
  quality_control: ['质检员', '质检专员', '品质管理专员'],
  call_centre: ['客服专员', '电话坐席', '客服代表'],
  it_support: ['IT运维工程师', '系统管理员', '信息技术专员'],
};

/** Share of staff per role. */
const ROLE_SHARE: Readonly<Record<SimRole, number>> = {
  agent: 0.6,
  team_manager: 0.07,
  underwriter: 0.06,
  claims: 0.09,
  quality_control: 0.05,
  call_centre: 0.11,
  it_support: 0.02,
};

/** Yearly departure rate per role (insurance agents turn over fast). */
const TURNOVER: Readonly<Record<SimRole, number>> = {
  agent: 0.14,
  team_manager: 0.05,
  underwriter: 0.05,
  claims: 0.06,
  quality_control: 0.06,
  call_centre: 0.12,
  it_support: 0.05,
};

const DEPARTMENT: Readonly<Record<Exclude<SimRole, 'agent' | 'team_manager'>, string>> = {
  underwriter: '核保部',
  claims: '理赔部',
  quality_control: '品质管理部',
  call_centre: '客户服务中心',
  it_support: '信息技术部',
};

const CN_NUMERALS = '一二三四五六七八九十';

/** Team name of the k-th sales team of a branch (营销一部 …). */
function salesTeam(short: string, k: number): string {
  const n =
    k < 10
      ? CN_NUMERALS[k]!
      : `${CN_NUMERALS[Math.floor(k / 10) - 1]!}十${CN_NUMERALS[(k % 10) - 1] ?? ''}`.replace(
          /^一十/,
          '十',
        );
  return `${short}营销${n}部`;
}

/** Staff in memory: the rows, and per-index arrays the simulator reads in its hot loop. */
export interface StaffModel {
  readonly rows: SimStaff[];
  readonly role: Uint8Array;
  /** Branch index (as hired; a merger moves people later). */
  readonly branch: Uint8Array;
  readonly team: Int32Array;
  readonly teams: readonly string[];
  /** Team index → branch index. */
  readonly teamBranch: Int32Array;
  /** Team index → staff index of its manager (-1 for departments). */
  readonly teamManager: Int32Array;
  /** Day numbers. `end` is +∞ (2^31-1) while employed. */
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Activity multiplier (log-normal around 1). */
  readonly intensity: Float32Array;
  /** Share of a working day's events done after 18:00. */
  readonly overtime: Float32Array;
  /** Minutes the person's day is shifted (early birds negative). */
  readonly shift: Int16Array;
  readonly branchCount: number;
}

export const FOREVER = 2 ** 31 - 1;

/**
 * Builds the staff. `firstDay`/`lastDay` are day numbers of the simulated period.
 *
 * @example
 * const s = buildStaff(1, 200, dayNumber('2025-01-01'), dayNumber('2026-06-30'));
 */
export function buildStaff(
  seed: number,
  count: number,
  firstDay: number,
  lastDay: number,
): StaffModel {
  const r = new Prng(seed, 'staff');
  const branchCount = Math.max(
    count >= 150 ? 3 : 2,
    Math.min(BRANCHES.length, Math.round(count / 160)),
  );
  const branchWeights = BRANCHES.slice(0, branchCount).map((b) => b.weight);
  const totalWeight = branchWeights.reduce((a, b) => a + b, 0);

  // Head count per branch and role, by largest remainder, each branch with every role.
  interface Draft {
    role: SimRole;
    branch: number;
    team: number;
  }
  const drafts: Draft[] = [];
  const teams: string[] = [];
  const teamBranch: number[] = [];
  let assigned = 0;
  for (let b = 0; b < branchCount; b++) {
    const size =
      b === branchCount - 1
        ? count - assigned
        : Math.round((count * branchWeights[b]!) / totalWeight);
    assigned += size;
    const counts = new Map<SimRole, number>();
    let used = 0;
    for (const role of SIM_ROLES) {
      const n = Math.max(role === 'it_support' ? 0 : 1, Math.floor(size * ROLE_SHARE[role]));
      counts.set(role, n);
      used += n;
    }
    counts.set('agent', counts.get('agent')! + Math.max(0, size - used));
    const short = BRANCHES[b]!.short;
    const managers = counts.get('team_manager')!;
    const firstSales = teams.length;
    for (let k = 0; k < managers; k++) {
      teams.push(salesTeam(short, k));
      teamBranch.push(b);
    }
    const deptIndex = new Map<SimRole, number>();
    for (const role of [
      'underwriter',
      'claims',
      'quality_control',
      'call_centre',
      'it_support',
    ] as const) {
      deptIndex.set(role, teams.length);
      teams.push(`${short}${DEPARTMENT[role]}`);
      teamBranch.push(b);
    }
    for (const role of SIM_ROLES) {
      const n = counts.get(role)!;
      for (let k = 0; k < n; k++) {
        const team =
          role === 'team_manager'
            ? firstSales + k
            : role === 'agent'
              ? firstSales + r.int(managers)
              : deptIndex.get(role)!;
        drafts.push({ role, branch: b, team });
      }
    }
  }
  // Trim to the exact count (small organisations: every role's minimum of one may overshoot).
  while (drafts.length > count) {
    const i = drafts.findLastIndex((d) => d.role === 'agent');
    drafts.splice(i >= 0 ? i : drafts.length - 1, 1);
  }

  // Dates: most were hired years ago; ~15% inside the period; departures by role turnover.
  const years = (lastDay - firstDay + 1) / 365;
  const people = drafts.map((d) => {
    const hire = d.role !== 'team_manager' && r.chance(0.15) && lastDay - firstDay > 120;
    const start = hire
      ? firstDay + 14 + r.int(Math.max(1, lastDay - firstDay - 60))
      : firstDay - 30 - r.int(3650);
    let end = FOREVER;
    if (d.role !== 'team_manager' && r.chance(1 - Math.pow(1 - TURNOVER[d.role], years))) {
      const from = Math.max(start + 90, firstDay + 30);
      if (from < lastDay - 1) end = from + r.int(lastDay - 1 - from);
    }
    return { ...d, start, end };
  });
  // Ids by seniority, as HR systems number people.
  people.sort((a, b) => a.start - b.start);

  const n = people.length;
  const model: StaffModel = {
    rows: [],
    role: new Uint8Array(n),
    branch: new Uint8Array(n),
    team: new Int32Array(n),
    teams,
    teamBranch: Int32Array.from(teamBranch),
    teamManager: new Int32Array(teams.length).fill(-1),
    start: new Int32Array(n),
    end: new Int32Array(n),
    intensity: new Float32Array(n),
    overtime: new Float32Array(n),
    shift: new Int16Array(n),
    branchCount,
  };
  people.forEach((p, i) => {
    const row: SimStaff = {
      staff_id: staffId(i),
      role: p.role,
      role_raw: r.pick(ROLE_TITLES[p.role]),
      branch: BRANCHES[p.branch]!.name,
      team: teams[p.team]!,
      start_date: dateOfDay(p.start),
    };
    if (p.end !== FOREVER) row.end_date = dateOfDay(p.end);
    model.rows.push(row);
    model.role[i] = SIM_ROLES.indexOf(p.role);
    model.branch[i] = p.branch;
    model.team[i] = p.team;
    model.start[i] = p.start;
    model.end[i] = p.end;
    model.intensity[i] = Math.exp(0.35 * r.normal());
    const o = r.float();
    model.overtime[i] = o < 0.7 ? 0.02 : o < 0.95 ? 0.07 : 0.18;
    model.shift[i] = Math.round(25 * r.normal());
    if (p.role === 'team_manager') model.teamManager[p.team] = i;
  });
  return model;
}

/**
 * The staff id of index i: 工号 S10001, S10002 …
 *
 * @example
 * staffId(0) // 'S10001'
 */
export function staffId(i: number): string {
  return `S${10001 + i}`;
}

/**
 * Role index → role name.
 *
 * @example
 * roleName(0) // 'agent'
 */
export function roleName(index: number): SimRole {
  return SIM_ROLES[index]!;
}
