/**
 * Planning the injected scenarios before a single event is simulated: who, when, how much, and —
 * for the insiders — exactly which customers they will take on which day. Planning up front is
 * what lets the leaked lists and the truth file be written without simulating (trace's tests
 * build leaks in memory), and keeps the simulation a pure function of the seed.
 */
import { BRANCHES } from './catalogue.ts';
import type { CustomerModel } from './customers.ts';
import { dateOfDay, dayKind } from './calendar.ts';
import { hashKey, Prng } from './prng.ts';
import { FOREVER, type StaffModel } from './staff.ts';
import type { ScenarioKind, SimScenario } from './types.ts';

/** How a planned read is performed. */
export type ReadStyle = 'drip' | 'export' | 'night' | 'browse' | 'compromise';

/** Customers an insider takes, day by day. */
export interface PlannedReads {
  readonly scenario: SimScenario;
  readonly actor: number;
  readonly style: ReadStyle;
  /** Day indices (0 = first simulated day), ascending. */
  readonly days: Int32Array;
  /** customers[from[k] .. to[k]) are read on days[k]. */
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly customers: Int32Array;
}

export interface Campaign {
  readonly branch: number;
  readonly first: number;
  readonly last: number;
}

export interface Audit {
  readonly actor: number;
  readonly first: number;
  readonly last: number;
  readonly perDay: number;
  /** -1: all branches. */
  readonly branch: number;
}

export interface Onboarding {
  readonly actor: number;
  readonly first: number;
  readonly last: number;
  readonly perDay: number;
}

export interface Merger {
  readonly from: number;
  readonly into: number;
  readonly day: number;
  readonly handoverDays: number;
}

export interface ScenarioPlan {
  readonly scenarios: SimScenario[];
  readonly reads: PlannedReads[];
  readonly campaigns: Campaign[];
  readonly audits: Audit[];
  readonly onboardings: Onboarding[];
  merger: Merger | undefined;
}

/** Probability a person is on leave on a given working day. */
const LEAVE_RATE = 0.04;

/**
 * True when staff s works on day index d (employed, a working day, not on leave). Pure, so
 * planners and the simulator agree.
 *
 * @example
 * worksOn(1, staff, 3, 10, firstDay)
 */
export function worksOn(
  seed: number,
  staff: StaffModel,
  s: number,
  d: number,
  firstDay: number,
): boolean {
  const day = firstDay + d;
  if (day < staff.start[s]! || day > staff.end[s]!) return false;
  if (dayKind(dateOfDay(day)) !== 'workday') return false;
  return hashKey(seed, 'leave', s, d) / 4294967296 >= LEAVE_RATE;
}

/**
 * Default number of each scenario for an organisation's size.
 *
 * @example
 * defaultCounts(2000, 12, new Prng(1)).slow_exfiltration // 4 or 5
 */
export function defaultCounts(
  staffCount: number,
  branchCount: number,
  r: Prng,
): Record<ScenarioKind, number> {
  const s = staffCount;
  return {
    slow_exfiltration: Math.max(1, Math.round(s / 450)) + r.int(2),
    bulk_export: Math.max(1, Math.round(s / 650)),
    off_hours_scraping: Math.max(1, Math.round(s / 1000)),
    cross_book_browsing: Math.max(1, Math.round(s / 800)),
    compromised_account: Math.max(1, Math.round(s / 1000)),
    renewal_campaign: Math.max(1, Math.round(branchCount / 3)),
    audit: Math.max(1, Math.round(s / 1000)),
    new_hire: Math.max(1, Math.round(s / 150)),
    branch_merger: branchCount >= 3 ? 1 : 0,
  };
}

/** First day (0-based) of a malicious scenario: after watch's warm-up month (see planScenarios). */
export const MALICIOUS_EARLIEST = 30;
/** Last day (0-based) an early insider (PlanInput.earlyInsiders) may start. */
const EARLY_LAST = 27;

export interface PlanInput {
  seed: number;
  firstDay: number;
  dayCount: number;
  staff: StaffModel;
  customers: CustomerModel;
  kinds: readonly ScenarioKind[];
  counts: Partial<Record<ScenarioKind, number>>;
  extraPerDay: number | readonly [number, number];
  /** The first N scenarios of each malicious kind start in the first 28 days (evaluation). */
  earlyInsiders?: number;
}

/**
 * Plans every scenario. Mutates `staff` where a scenario changes HR facts (a bulk exporter's
 * resignation date; a merger's moved staff keep their rows but the plan records the move).
 *
 * @example
 * const plan = planScenarios({ seed, firstDay, dayCount, staff, customers, kinds, counts, extraPerDay });
 */
export function planScenarios(input: PlanInput): ScenarioPlan {
  const { seed, firstDay, dayCount, staff, customers } = input;
  const r = new Prng(seed, 'scenarios');
  const counts = { ...defaultCounts(staff.rows.length, staff.branchCount, r), ...input.counts };
  const plan: ScenarioPlan = {
    scenarios: [],
    reads: [],
    campaigns: [],
    audits: [],
    onboardings: [],
    merger: undefined,
  };
  const used = new Set<number>();
  const lastIdx = dayCount - 1;
  const date = (d: number): string => dateOfDay(firstDay + d);
  const serial = new Map<ScenarioKind, number>();
  const nextId = (kind: ScenarioKind): string => {
    const n = (serial.get(kind) ?? 0) + 1;
    serial.set(kind, n);
    return `${kind}-${n}`;
  };
  const roleOf = (s: number): string => staff.rows[s]!.role;

  /** A person of the roles given, employed over [from, to] with history before, not yet used. */
  const pickActor = (roles: readonly string[], from: number, to: number, baseline = 45): number => {
    const candidates: number[] = [];
    for (let s = 0; s < staff.rows.length; s++) {
      if (used.has(s) || !roles.includes(roleOf(s))) continue;
      if (staff.start[s]! > firstDay + from - baseline) continue;
      if (staff.end[s]! < firstDay + to) continue;
      candidates.push(s);
    }
    if (candidates.length === 0) return -1;
    const s = r.pick(candidates);
    used.add(s);
    return s;
  };

  /** Customers of a branch (or all) in random order, wrapped to at least n. */
  const shuffled = (pool: Int32Array, n: number, key: string): Int32Array => {
    const p = new Prng(seed, 'targets', key).shuffleInts(Int32Array.from(pool));
    if (p.length >= n || p.length === 0) return p;
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = p[i % p.length]!;
    return out;
  };
  const allCustomers = (): Int32Array => {
    const a = new Int32Array(customers.count);
    for (let i = 0; i < a.length; i++) a[i] = i;
    return a;
  };

  const extra = (): number => {
    const e = input.extraPerDay;
    return typeof e === 'number' ? e : r.range(e[0], e[1]);
  };

  const wants = (k: ScenarioKind): number => (input.kinds.includes(k) ? (counts[k] ?? 0) : 0);

  // Malicious scenarios need baseline before them and time after to be caught. Watch emits no
  // alert in its first 28 days (a month of baselines; the acceptance harness scores from day 30),
  // so an insider planned earlier is invisible by construction: a short simulation (3 months,
  // where a quarter of the days is only 22) used to plan a bulk export on day 26 and score it
  // as missed. Only organisations with fewer than 20 days after that month (two weeks to be
  // caught, and some margin) start earlier; a 2-month sim (59 days) does not.
  const earliest =
    dayCount >= MALICIOUS_EARLIEST + 20 ? MALICIOUS_EARLIEST : Math.floor(dayCount / 4);
  const latestStart = (room: number): number => Math.max(earliest, lastIdx - room);
  /**
   * The earliest start of the k-th scenario of a malicious kind: day 1 for the first
   * `earlyInsiders` (they are then drawn in days 1–27, the same number of draws as usual).
   */
  const early = input.earlyInsiders ?? 0;
  const floorOf = (k: number): number => (k < early ? 1 : earliest);
  const startOf = (k: number, room: number): number =>
    k < early
      ? r.range(1, Math.min(EARLY_LAST, latestStart(room)))
      : r.range(earliest, latestStart(room));

  for (let k = 0; k < wants('slow_exfiltration'); k++) {
    const first = startOf(k, 45);
    const last = Math.min(lastIdx, first + r.range(90, 450));
    let actor = pickActor(['quality_control'], first, first + 30);
    if (actor < 0) actor = pickActor(['claims', 'call_centre', 'underwriter'], first, first + 30);
    if (actor < 0) continue;
    const perDay = extra();
    const end = Math.min(last, staff.end[actor]! - firstDay);
    const branchPool = customers.byBranch[staff.branch[actor]!]!;
    const days: number[] = [];
    const sizes: number[] = [];
    const dr = new Prng(seed, 'drip', actor);
    for (let d = first; d <= end; d++) {
      if (!worksOn(seed, staff, actor, d, firstDay)) continue;
      days.push(d);
      sizes.push(Math.max(1, Math.round(perDay * (0.85 + 0.3 * dr.float()))));
    }
    const total = sizes.reduce((a, b) => a + b, 0);
    const scenario: SimScenario = {
      id: nextId('slow_exfiltration'),
      kind: 'slow_exfiltration',
      actor: staff.rows[actor]!.staff_id,
      branch: staff.rows[actor]!.branch,
      start: date(days[0] ?? first),
      end: date(days[days.length - 1] ?? end),
      params: { extra_per_day: perDay, records: total, working_days: days.length, outcome: false },
    };
    plan.scenarios.push(scenario);
    plan.reads.push(
      reads(scenario, actor, 'drip', days, sizes, shuffled(branchPool, total, scenario.id)),
    );
  }

  for (let k = 0; k < wants('bulk_export'); k++) {
    const day = startOf(k, 20);
    const actor = pickActor(
      ['agent', 'call_centre', 'underwriter', 'claims', 'team_manager'],
      day,
      day,
    );
    if (actor < 0) continue;
    // Resignation a few days to two weeks after the export.
    const leaves = Math.min(lastIdx, day + r.range(3, 14));
    staff.end[actor] = firstDay + leaves;
    staff.rows[actor]!.end_date = date(leaves);
    const pool = customers.byBranch[staff.branch[actor]!]!;
    const size = Math.min(pool.length, r.range(1500, 12000));
    // The last working day on or before the planned one — but not before `earliest` (a holiday
    // week after day 30, such as the Spring Festival, used to move the export back into watch's
    // warm-up): then the first working day after it, before the resignation.
    let exportDay = day;
    while (exportDay > floorOf(k) && !worksOn(seed, staff, actor, exportDay, firstDay)) exportDay--;
    if (!worksOn(seed, staff, actor, exportDay, firstDay)) {
      let later = day + 1;
      while (later < leaves && !worksOn(seed, staff, actor, later, firstDay)) later++;
      if (later < leaves) exportDay = later;
    }
    const parts = r.range(1, 3);
    const days: number[] = [];
    const sizes: number[] = [];
    for (let p = 0; p < parts; p++) {
      days.push(exportDay);
      sizes.push(Math.floor(size / parts) + (p === 0 ? size % parts : 0));
    }
    const scenario: SimScenario = {
      id: nextId('bulk_export'),
      kind: 'bulk_export',
      actor: staff.rows[actor]!.staff_id,
      branch: staff.rows[actor]!.branch,
      start: date(exportDay),
      end: date(exportDay),
      params: { exported: size, exports: parts, end_date: date(leaves) },
    };
    plan.scenarios.push(scenario);
    plan.reads.push(
      reads(scenario, actor, 'export', days, sizes, shuffled(pool, size, scenario.id)),
    );
  }

  for (let k = 0; k < wants('off_hours_scraping'); k++) {
    const first = startOf(k, 25);
    const span = r.range(5, 20);
    const actor = pickActor(
      ['agent', 'call_centre', 'claims', 'underwriter', 'quality_control'],
      first,
      first + span,
    );
    if (actor < 0) continue;
    const perNight = r.range(150, 600);
    const days: number[] = [];
    const sizes: number[] = [];
    for (let d = first; d <= Math.min(lastIdx, first + span); d++) {
      if (d === first || r.chance(0.8)) {
        days.push(d);
        sizes.push(Math.round(perNight * (0.7 + 0.6 * r.float())));
      }
    }
    const total = sizes.reduce((a, b) => a + b, 0);
    const scenario: SimScenario = {
      id: nextId('off_hours_scraping'),
      kind: 'off_hours_scraping',
      actor: staff.rows[actor]!.staff_id,
      branch: staff.rows[actor]!.branch,
      start: date(days[0]!),
      end: date(days[days.length - 1]!),
      params: { per_night: perNight, records: total, nights: days.length, hours: '22:00-04:30' },
    };
    plan.scenarios.push(scenario);
    plan.reads.push(
      reads(scenario, actor, 'night', days, sizes, shuffled(allCustomers(), total, scenario.id)),
    );
  }

  for (let k = 0; k < wants('cross_book_browsing'); k++) {
    const first = startOf(k, 30);
    const last = Math.min(lastIdx, first + r.range(30, 120));
    const actor = pickActor(['agent'], first, first + 20);
    if (actor < 0) continue;
    const perDay = r.range(25, 70);
    const others = customers.byBranch[staff.branch[actor]!]!.filter(
      (c) => customers.agent[c] !== actor,
    );
    const days: number[] = [];
    const sizes: number[] = [];
    for (let d = first; d <= Math.min(last, staff.end[actor]! - firstDay); d++) {
      if (!worksOn(seed, staff, actor, d, firstDay)) continue;
      days.push(d);
      sizes.push(Math.max(1, Math.round(perDay * (0.7 + 0.6 * r.float()))));
    }
    if (days.length === 0) continue;
    const total = sizes.reduce((a, b) => a + b, 0);
    const scenario: SimScenario = {
      id: nextId('cross_book_browsing'),
      kind: 'cross_book_browsing',
      actor: staff.rows[actor]!.staff_id,
      branch: staff.rows[actor]!.branch,
      start: date(days[0]!),
      end: date(days[days.length - 1]!),
      params: { per_day: perDay, records: total, working_days: days.length, outcome: false },
    };
    plan.scenarios.push(scenario);
    plan.reads.push(
      reads(scenario, actor, 'browse', days, sizes, shuffled(others, total, scenario.id)),
    );
  }

  for (let k = 0; k < wants('compromised_account'); k++) {
    const first = startOf(k, 15);
    const span = r.range(1, 5);
    const actor = pickActor(
      ['agent', 'call_centre', 'claims', 'underwriter', 'quality_control', 'team_manager'],
      first,
      first + span,
    );
    if (actor < 0) continue;
    const perDay = r.range(150, 500);
    const days: number[] = [];
    const sizes: number[] = [];
    for (let d = first; d <= Math.min(lastIdx, first + span); d++) {
      days.push(d);
      sizes.push(Math.round(perDay * (0.7 + 0.6 * r.float())));
    }
    const total = sizes.reduce((a, b) => a + b, 0);
    const scenario: SimScenario = {
      id: nextId('compromised_account'),
      kind: 'compromised_account',
      actor: staff.rows[actor]!.staff_id,
      branch: staff.rows[actor]!.branch,
      start: date(days[0]!),
      end: date(days[days.length - 1]!),
      params: { per_day: perDay, records: total, source: 'vpn', hours: '20:00-05:00' },
    };
    plan.scenarios.push(scenario);
    plan.reads.push(
      reads(
        scenario,
        actor,
        'compromise',
        days,
        sizes,
        shuffled(allCustomers(), total, scenario.id),
      ),
    );
  }

  // Benign surprises.
  if (wants('branch_merger') > 0 && staff.branchCount >= 3) {
    const from = staff.branchCount - 1;
    const into = staff.branchCount - 2;
    const day = r.range(Math.floor(dayCount / 3), Math.max(Math.floor(dayCount / 3), lastIdx - 30));
    const moved: string[] = [];
    for (let s = 0; s < staff.rows.length; s++) {
      if (staff.branch[s] === from) moved.push(staff.rows[s]!.staff_id);
    }
    plan.merger = { from, into, day, handoverDays: 14 };
    plan.scenarios.push({
      id: nextId('branch_merger'),
      kind: 'branch_merger',
      actors: moved,
      branch: BRANCHES[from]!.name,
      start: date(day),
      end: date(Math.min(lastIdx, day + 14)),
      params: { into: BRANCHES[into]!.name, moved_staff: moved.length },
    });
  }
  // Not the branch a merger absorbs: its name disappears from events.
  const campaignBranches = r.shuffle(
    [...Array(staff.branchCount).keys()].filter((b) => b !== plan.merger?.from),
  );
  for (let k = 0; k < wants('renewal_campaign'); k++) {
    const branch = campaignBranches[k % campaignBranches.length]!;
    const first = r.range(earliest, latestStart(45));
    const last = Math.min(lastIdx, first + r.range(21, 42));
    const agents: string[] = [];
    for (let s = 0; s < staff.rows.length; s++) {
      if (staff.branch[s] === branch && roleOf(s) === 'agent') agents.push(staff.rows[s]!.staff_id);
    }
    plan.campaigns.push({ branch, first, last });
    plan.scenarios.push({
      id: nextId('renewal_campaign'),
      kind: 'renewal_campaign',
      actors: agents,
      branch: BRANCHES[branch]!.name,
      start: date(first),
      end: date(last),
      params: { volume_factor: 1.8, list_exports: true },
    });
  }

  for (let k = 0; k < wants('audit'); k++) {
    const first = r.range(earliest, latestStart(30));
    let last = first;
    let workdays = 0;
    const target = r.range(5, 15);
    while (last < lastIdx && workdays < target) {
      if (dayKind(date(last)) === 'workday') workdays++;
      last++;
    }
    const actor = pickActor(['quality_control', 'underwriter'], first, last);
    if (actor < 0) continue;
    const perDay = r.range(150, 400);
    const branch = r.chance(0.5) ? -1 : staff.branch[actor]!;
    plan.audits.push({ actor, first, last, perDay, branch });
    plan.scenarios.push({
      id: nextId('audit'),
      kind: 'audit',
      actor: staff.rows[actor]!.staff_id,
      branch: branch < 0 ? undefined : BRANCHES[branch]!.name,
      start: date(first),
      end: date(last),
      params: { per_day: perDay, purpose: 'internal_audit', scope: branch < 0 ? 'all' : 'branch' },
    } as SimScenario);
  }

  const hires: number[] = [];
  for (let s = 0; s < staff.rows.length; s++) {
    const d = staff.start[s]! - firstDay;
    if (roleOf(s) === 'agent' && d >= 0 && d < lastIdx - 30 && staff.end[s] === FOREVER)
      hires.push(s);
  }
  r.shuffle(hires);
  // Hires already chosen for another scenario are passed over, not counted: the wanted number of
  // onboardings is taken from the hires still free.
  const freeHires = hires.filter((s) => !used.has(s)).slice(0, wants('new_hire'));
  for (const actor of freeHires) {
    used.add(actor);
    const first = staff.start[actor]! - firstDay;
    const last = Math.min(lastIdx, first + 21);
    const perDay = r.range(20, 45);
    plan.onboardings.push({ actor, first, last, perDay });
    plan.scenarios.push({
      id: nextId('new_hire'),
      kind: 'new_hire',
      actor: staff.rows[actor]!.staff_id,
      branch: staff.rows[actor]!.branch,
      start: date(first),
      end: date(last),
      params: { training_reads_per_day: perDay, ramp_days: 42 },
    });
  }

  return plan;
}

function reads(
  scenario: SimScenario,
  actor: number,
  style: ReadStyle,
  days: number[],
  sizes: number[],
  pool: Int32Array,
): PlannedReads {
  const from = new Int32Array(days.length);
  const to = new Int32Array(days.length);
  let at = 0;
  for (let k = 0; k < days.length; k++) {
    from[k] = at;
    at = Math.min(pool.length, at + sizes[k]!);
    to[k] = at;
  }
  return {
    scenario,
    actor,
    style,
    days: Int32Array.from(days),
    from,
    to,
    customers: pool.subarray(0, at),
  };
}
