/**
 * The day-by-day simulation of everyone's work: each person's reads drawn from what their role
 * handles (own book, team's books, new business, open claims, a branch-wide QA sample, inbound
 * calls), at the hours and rhythm of an office in China, most of them leading to a business
 * outcome — then the planned scenarios layered on top.
 *
 * Volume per role and day is Poisson around a role mean, scaled by the person's intensity, the
 * weekday, holidays and weekends, the season (year-end renewal rush, quarter ends), a branch's
 * renewal campaign, and a new hire's ramp-up.
 */
import { ACTION, OUTCOME, PURPOSE, SOURCE } from './catalogue.ts';
import { dateOfDay, dayKind, weekday, type DayKind } from './calendar.ts';
import type { CustomerModel } from './customers.ts';
import type { EventBuffer } from './event-buffer.ts';
import { AliasTable, Prng } from './prng.ts';
import { worksOn, type PlannedReads, type ScenarioPlan } from './scenario-plan.ts';
import type { StaffModel } from './staff.ts';

const ROLE = {
  agent: 0,
  team_manager: 1,
  underwriter: 2,
  claims: 3,
  quality_control: 4,
  call_centre: 5,
  it_support: 6,
} as const;

/** Mean events on a full working day, per role index. */
const DAILY_MEAN = [19, 20, 26, 4, 34, 42, 0.8];

/** Activity on rest days relative to a working day, per role index. */
const WEEKEND_FACTOR = [0.12, 0.03, 0.02, 0.03, 0.02, 0.45, 0.05];
const HOLIDAY_FACTOR = [0.03, 0.01, 0.005, 0.01, 0.005, 0.12, 0.03];

/** Monday … Sunday as getUTCDay numbers them (0 = Sunday). */
const WEEKDAY_FACTOR = [1, 1.1, 1.04, 1, 1, 0.9, 1];

/** Minutes of the day, weighted for an office (09:00–18:00, lunch dip) and a call centre. */
function minuteTable(profile: 'office' | 'calls' | 'weekend'): AliasTable {
  const w = new Float64Array(1440);
  for (let m = 0; m < 1440; m++) {
    const h = m / 60;
    if (profile === 'office') {
      w[m] =
        h >= 8.5 && h < 9 ? 0.3
        : h >= 9 && h < 12 ? 1
        : h >= 12 && h < 13.5 ? 0.22
        : h >= 13.5 && h < 17.5 ? 1
        : h >= 17.5 && h < 18 ? 0.55
        : 0; // prettier-ignore
    } else if (profile === 'calls') {
      w[m] = h >= 8 && h < 20 ? (h >= 12 && h < 13.5 ? 0.6 : 1) : 0;
    } else {
      w[m] = h >= 9.5 && h < 17 ? 1 : 0;
    }
  }
  return new AliasTable(w);
}

const OFFICE = minuteTable('office');
const CALLS = minuteTable('calls');
const WEEKEND = minuteTable('weekend');

/** A second of the day for a normal-hours event of staff s. */
function officeSecond(r: Prng, staff: StaffModel, s: number, table: AliasTable): number {
  if (r.chance(staff.overtime[s]!)) return (18 * 60 + r.int(210)) * 60 + r.int(60);
  const m = table.draw(r) + (table === OFFICE ? staff.shift[s]! : 0);
  return Math.max(7 * 60, Math.min(23 * 60, m)) * 60 + r.int(60);
}

/** A second at night: 22:00–24:00 or 00:00–04:30. */
function nightSecond(r: Prng): number {
  return r.chance(0.45) ? 22 * 3600 + r.int(7200) : r.int(4.5 * 3600);
}

/** Seasonal factor per role: year-end renewal rush (开门红), quarter ends. */
function seasonFactor(date: string, role: number): number {
  const md = Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));
  const rush = md >= 1115 || md <= 131;
  if (role === ROLE.agent)
    return (
      (rush ? 1.35 : 1) * (md % 100 >= 20 && [3, 6, 9, 12].includes(Math.floor(md / 100)) ? 1.1 : 1)
    );
  if (role === ROLE.call_centre) return rush ? 1.15 : 1;
  if (role === ROLE.underwriter) return rush ? 1.25 : 1;
  return 1;
}

interface Claim {
  customer: number;
  handler: number;
  until: number;
}

/** Lazily built sampling structures. */
class Pools {
  readonly #bookTables = new Map<number, AliasTable>();
  readonly #teamBooks = new Map<number, { list: Int32Array; table: AliasTable }>();
  readonly #branchTables = new Map<string, { list: Int32Array; table: AliasTable }>();
  readonly #claimTables = new Map<number, AliasTable>();
  readonly #byStart = new Map<number, Int32Array>();

  constructor(
    readonly staff: StaffModel,
    readonly customers: CustomerModel,
  ) {}

  book(s: number): { list: Int32Array; table: AliasTable } | undefined {
    const list = this.customers.books[s];
    if (!list || list.length === 0) return undefined;
    let t = this.#bookTables.get(s);
    if (!t)
      this.#bookTables.set(
        s,
        (t = new AliasTable(Array.from(list, (c) => this.customers.weight[c]!))),
      );
    return { list, table: t };
  }

  team(team: number): { list: Int32Array; table: AliasTable } | undefined {
    let t = this.#teamBooks.get(team);
    if (!t) {
      const parts: Int32Array[] = [];
      for (let s = 0; s < this.staff.rows.length; s++) {
        if (this.staff.team[s] === team && this.customers.books[s])
          parts.push(this.customers.books[s]!);
      }
      const n = parts.reduce((a, p) => a + p.length, 0);
      if (n === 0) return undefined;
      const list = new Int32Array(n);
      let at = 0;
      for (const p of parts) {
        list.set(p, at);
        at += p.length;
      }
      t = { list, table: new AliasTable(Array.from(list, (c) => this.customers.weight[c]!)) };
      this.#teamBooks.set(team, t);
    }
    return t;
  }

  /** Customers of one branch, or of two merged ones, weighted by handling. */
  branch(branches: readonly number[]): { list: Int32Array; table: AliasTable } {
    const key = branches.join(',');
    let t = this.#branchTables.get(key);
    if (!t) {
      const parts = branches.map((b) => this.customers.byBranch[b]!);
      const list = new Int32Array(parts.reduce((a, p) => a + p.length, 0));
      let at = 0;
      for (const p of parts) {
        list.set(p, at);
        at += p.length;
      }
      const weights = list.length ? Array.from(list, (c) => this.customers.weight[c]!) : [1];
      t = { list, table: new AliasTable(weights) };
      this.#branchTables.set(key, t);
    }
    return t;
  }

  claimTable(b: number): AliasTable {
    let t = this.#claimTables.get(b);
    if (!t) {
      const list = this.customers.byBranch[b]!;
      t = new AliasTable(
        list.length ? Array.from(list, (c) => this.customers.claimWeight[c]!) : [1],
      );
      this.#claimTables.set(b, t);
    }
    return t;
  }

  /** Branch customers sorted by policy start day (new business for underwriters). */
  byStart(b: number): Int32Array {
    let t = this.#byStart.get(b);
    if (!t) {
      t = Int32Array.from(this.customers.byBranch[b]!).sort();
      const start = this.customers.start;
      const sorted = Array.from(t).sort((x, y) => start[x]! - start[y]!);
      t = Int32Array.from(sorted);
      this.#byStart.set(b, t);
    }
    return t;
  }
}

export interface SimulatorInput {
  seed: number;
  firstDay: number;
  dayCount: number;
  staff: StaffModel;
  customers: CustomerModel;
  plan: ScenarioPlan;
}

/**
 * Simulates days in order; state (open claims) carries from one day to the next.
 *
 * @example
 * const sim = new DaySimulator({ seed, firstDay, dayCount, staff, customers, plan });
 * const buffer = new EventBuffer();
 * sim.simulate(0, buffer);
 */
export class DaySimulator {
  readonly #in: SimulatorInput;
  readonly #pools: Pools;
  /** Open claims by handler. */
  #claims = new Map<number, Claim[]>();
  #next = 0;
  /** Planned reads by day index. */
  readonly #readsByDay = new Map<number, { plan: PlannedReads; k: number }[]>();
  readonly #claimStaff: number[][];

  constructor(input: SimulatorInput) {
    this.#in = input;
    this.#pools = new Pools(input.staff, input.customers);
    for (const plan of input.plan.reads) {
      plan.days.forEach((d, k) => {
        const list = this.#readsByDay.get(d) ?? [];
        list.push({ plan, k });
        this.#readsByDay.set(d, list);
      });
    }
    this.#claimStaff = Array.from({ length: input.staff.branchCount }, () => []);
    for (let s = 0; s < input.staff.rows.length; s++) {
      if (input.staff.role[s] === ROLE.claims) this.#claimStaff[input.staff.branch[s]!]!.push(s);
    }
  }

  /** Branch index of staff s on day index d (a merger moves the absorbed branch's staff). */
  branchOn(s: number, d: number): number {
    const b = this.#in.staff.branch[s]!;
    const m = this.#in.plan.merger;
    return m && b === m.from && d >= m.day ? m.into : b;
  }

  /** The branches whose customers staff of branch b serve on day d. */
  #scope(b: number, d: number): readonly number[] {
    const m = this.#in.plan.merger;
    if (m && d >= m.day && (b === m.into || b === m.from)) return [m.into, m.from];
    return [b];
  }

  /**
   * Fills `out` with day index d's events (unsorted). Days must be simulated in order.
   */
  simulate(d: number, out: EventBuffer): void {
    if (d !== this.#next)
      throw new RangeError(`days must be simulated in order (expected ${this.#next}, got ${d})`);
    this.#next++;
    const { seed, firstDay, staff, plan } = this.#in;
    const date = dateOfDay(firstDay + d);
    const kind: DayKind = dayKind(date);
    const dow = weekday(date);
    const r = new Prng(seed, 'day', d);
    const today = firstDay + d;

    this.#openClaims(r, d, kind);

    for (let s = 0; s < staff.rows.length; s++) {
      if (today < staff.start[s]! || today > staff.end[s]!) continue;
      const role = staff.role[s]!;
      let factor =
        kind === 'workday'
          ? worksOn(seed, staff, s, d, firstDay)
            ? WEEKDAY_FACTOR[dow]!
            : 0
          : kind === 'weekend'
            ? WEEKEND_FACTOR[role]!
            : HOLIDAY_FACTOR[role]!;
      if (factor === 0) continue;
      factor *= staff.intensity[s]! * seasonFactor(date, role);
      const tenure = today - staff.start[s]!;
      if (tenure < 42) factor *= 0.25 + (0.75 * tenure) / 42;
      const branch = this.branchOn(s, d);
      const campaign = plan.campaigns.some(
        (c) => c.branch === branch && d >= c.first && d <= c.last,
      );
      if (campaign && (role === ROLE.agent || role === ROLE.call_centre))
        factor *= role === ROLE.agent ? 1.8 : 1.3;
      const table =
        kind === 'workday'
          ? role === ROLE.call_centre
            ? CALLS
            : OFFICE
          : role === ROLE.call_centre
            ? CALLS
            : WEEKEND;
      if (role === ROLE.claims) this.#claimWork(r, s, factor, table, out);
      const n = r.poisson(DAILY_MEAN[role]! * factor);
      for (let e = 0; e < n; e++)
        this.#roleEvent(r, s, role, d, today, branch, campaign, table, out);
      if (campaign && role === ROLE.team_manager && kind === 'workday' && r.chance(0.25)) {
        this.#renewalList(r, s, out);
      }
    }

    this.#scenarioEvents(r, d, out);
  }

  #openClaims(r: Prng, d: number, kind: DayKind): void {
    const { staff, customers, firstDay } = this.#in;
    const today = firstDay + d;
    for (const [handler, list] of this.#claims) {
      const open = list.filter((c) => c.until >= d);
      if (open.length) this.#claims.set(handler, open);
      else this.#claims.delete(handler);
    }
    if (kind !== 'workday') return;
    for (let b = 0; b < staff.branchCount; b++) {
      const pool = customers.byBranch[b]!;
      if (pool.length === 0) continue;
      const handlers = this.#claimStaff[b]!.filter(
        (s) => staff.start[s]! <= today && staff.end[s]! >= today,
      );
      if (handlers.length === 0) continue;
      // ~9% of customers claim in a year; claims-prone products and people far more often.
      const n = r.poisson((pool.length * 0.09) / 250);
      const table = this.#pools.claimTable(b);
      for (let k = 0; k < n; k++) {
        const customer = pool[table.draw(r)]!;
        const handler = r.pick(handlers);
        const list = this.#claims.get(handler) ?? [];
        list.push({ customer, handler, until: d + r.range(7, 60) });
        this.#claims.set(handler, list);
      }
    }
  }

  /** Claim handlers touch their open claims every few days: a view, often a claim step. */
  #claimWork(r: Prng, s: number, factor: number, table: AliasTable, out: EventBuffer): void {
    const p = Math.min(0.9, 0.3 * factor);
    for (const c of this.#claims.get(s) ?? []) {
      if (!r.chance(p)) continue;
      const t = officeSecond(r, this.#in.staff, s, table);
      out.add(
        t,
        s,
        ACTION.view,
        PURPOSE.claims,
        r.chance(0.7) ? OUTCOME.claim_step : 0,
        SOURCE.claims,
        c.customer,
      );
      if (r.chance(0.45))
        out.add(
          t + r.range(30, 900),
          s,
          ACTION.update,
          PURPOSE.claims,
          OUTCOME.claim_step,
          SOURCE.claims,
          c.customer,
        );
    }
  }

  #roleEvent(
    r: Prng,
    s: number,
    role: number,
    d: number,
    today: number,
    branch: number,
    campaign: boolean,
    table: AliasTable,
    out: EventBuffer,
  ): void {
    const { staff, customers } = this.#in;
    const t = officeSecond(r, staff, s, table);
    let customer = -1;
    switch (role) {
      case ROLE.agent: {
        const book = this.#pools.book(s);
        if (book && r.chance(0.04)) {
          // Covering for a colleague (leave, a referral): a customer of the team's books.
          const team = this.#pools.team(staff.team[s]!);
          if (team) {
            const c = team.list[team.table.draw(r)]!;
            const outcome = r.chance(0.8) ? OUTCOME.service_request_logged : 0;
            out.add(t, s, ACTION.view, PURPOSE.customer_service, outcome, SOURCE.crm, c);
            return;
          }
        }
        if (book) {
          for (let tries = 0; tries < 4 && customer < 0; tries++) {
            const c = book.list[book.table.draw(r)]!;
            if (customers.start[c]! <= today + 7) customer = c;
          }
        }
        if (customer < 0) {
          // No customers of one's own yet (a new agent): cases of the team, for learning.
          const team = this.#pools.team(staff.team[s]!);
          if (!team || !r.chance(0.3)) return;
          customer = team.list[team.table.draw(r)]!;
          out.add(
            t,
            s,
            ACTION.view,
            PURPOSE.training,
            r.chance(0.8) ? OUTCOME.training_case : 0,
            SOURCE.crm,
            customer,
          );
          return;
        }
        const renewal = campaign || r.chance(0.3);
        const purpose = renewal
          ? PURPOSE.renewal
          : r.chance(0.8)
            ? PURPOSE.customer_service
            : PURPOSE.sales;
        const outcome = !r.chance(0.8)
          ? 0
          : renewal
            ? OUTCOME.renewal_call_logged
            : r.chance(0.7)
              ? OUTCOME.service_request_logged
              : OUTCOME.visit_logged;
        const x = r.float();
        if (x < 0.1) {
          const results = [customer];
          const more = r.int(4);
          for (let k = 0; k < more && book; k++) results.push(book.list[r.int(book.list.length)]!);
          out.addMany(t, s, ACTION.search, purpose, 0, SOURCE.crm, results);
          out.add(t + r.range(5, 120), s, ACTION.view, purpose, outcome, SOURCE.crm, customer);
        } else if (x < 0.2) {
          out.add(
            t,
            s,
            ACTION.update,
            purpose,
            outcome || OUTCOME.service_request_logged,
            SOURCE.core,
            customer,
          );
        } else if (x < 0.215) {
          out.add(t, s, ACTION.print, purpose, outcome, SOURCE.core, customer);
        } else {
          out.add(
            t,
            s,
            ACTION.view,
            purpose,
            outcome,
            r.chance(0.8) ? SOURCE.crm : SOURCE.core,
            customer,
          );
        }
        return;
      }
      case ROLE.team_manager: {
        const team = this.#pools.team(staff.team[s]!);
        if (!team) return;
        customer = team.list[team.table.draw(r)]!;
        out.add(
          t,
          s,
          r.chance(0.9) ? ACTION.view : ACTION.search,
          PURPOSE.team_supervision,
          r.chance(0.65) ? OUTCOME.team_review_logged : 0,
          SOURCE.crm,
          customer,
        );
        return;
      }
      case ROLE.underwriter: {
        // New business and renewals starting around now; otherwise any case of the branch.
        const list = this.#pools.byStart(branch);
        if (list.length === 0) return;
        const lo = lowerBound(list, customers.start, today - 5);
        const hi = lowerBound(list, customers.start, today + 15);
        customer =
          hi > lo && r.chance(0.8) ? list[lo + r.int(hi - lo)]! : list[r.int(list.length)]!;
        out.add(
          t,
          s,
          ACTION.view,
          PURPOSE.underwriting,
          r.chance(0.9) ? OUTCOME.underwriting_decision : 0,
          SOURCE.core,
          customer,
        );
        return;
      }
      case ROLE.claims: {
        const pool = this.#pools.branch(this.#scope(branch, d));
        if (pool.list.length === 0) return;
        customer = pool.list[pool.table.draw(r)]!;
        out.add(
          t,
          s,
          r.chance(0.6) ? ACTION.search : ACTION.view,
          PURPOSE.claims,
          r.chance(0.5) ? OUTCOME.claim_step : 0,
          SOURCE.claims,
          customer,
        );
        return;
      }
      case ROLE.quality_control: {
        // A random sample across the branch: QA calls back customers at random.
        const pool = this.#pools.branch(this.#scope(branch, d)).list;
        if (pool.length === 0) return;
        customer = pool[r.int(pool.length)]!;
        out.add(
          t,
          s,
          ACTION.view,
          PURPOSE.quality_review,
          r.chance(0.85) ? OUTCOME.qa_review_filed : 0,
          SOURCE.qa,
          customer,
        );
        return;
      }
      case ROLE.call_centre: {
        const pool = this.#pools.branch(this.#scope(branch, d));
        if (pool.list.length === 0) return;
        customer = pool.list[pool.table.draw(r)]!;
        if (r.chance(0.3))
          out.add(
            t - r.range(5, 60),
            s,
            ACTION.search,
            PURPOSE.customer_service,
            0,
            SOURCE.telephony,
            customer,
          );
        out.add(
          t,
          s,
          ACTION.view,
          PURPOSE.customer_service,
          r.chance(0.9) ? OUTCOME.call_logged : 0,
          SOURCE.telephony,
          customer,
        );
        return;
      }
      default: {
        customer = r.int(customers.count);
        out.add(
          t,
          s,
          ACTION.view,
          PURPOSE.it_support,
          r.chance(0.7) ? OUTCOME.ticket_resolved : 0,
          SOURCE.itsm,
          customer,
        );
      }
    }
  }

  /** A team manager exports the team's upcoming renewals for the campaign. */
  #renewalList(r: Prng, s: number, out: EventBuffer): void {
    const team = this.#pools.team(this.#in.staff.team[s]!);
    if (!team) return;
    const n = Math.min(team.list.length, r.range(80, 300));
    const picked = new Int32Array(n);
    for (let k = 0; k < n; k++) picked[k] = team.list[r.int(team.list.length)]!;
    out.addMany(
      officeSecond(r, this.#in.staff, s, OFFICE),
      s,
      ACTION.export,
      PURPOSE.renewal,
      OUTCOME.renewal_list_prepared,
      SOURCE.crm,
      picked,
    );
  }

  #scenarioEvents(r: Prng, d: number, out: EventBuffer): void {
    const { staff, customers, plan } = this.#in;
    for (const { plan: p, k } of this.#readsByDay.get(d) ?? []) {
      const list = p.customers.subarray(p.from[k]!, p.to[k]!);
      const s = p.actor;
      switch (p.style) {
        case 'drip':
        case 'browse': {
          const purpose =
            p.style === 'drip'
              ? staff.role[s] === ROLE.quality_control
                ? PURPOSE.quality_review
                : PURPOSE.customer_service
              : PURPOSE.customer_service;
          const source =
            p.style === 'drip'
              ? staff.role[s] === ROLE.quality_control
                ? SOURCE.qa
                : SOURCE.core
              : SOURCE.crm;
          for (const c of list) {
            const t = officeSecond(r, staff, s, OFFICE);
            out.add(t, s, r.chance(0.08) ? ACTION.search : ACTION.view, purpose, 0, source, c);
          }
          break;
        }
        case 'export': {
          const t = officeSecond(r, staff, s, OFFICE);
          out.addMany(t, s, ACTION.export, PURPOSE.customer_service, 0, SOURCE.core, list);
          break;
        }
        case 'night':
          for (const c of list)
            out.add(
              nightSecond(r),
              s,
              r.chance(0.2) ? ACTION.search : ACTION.view,
              PURPOSE.customer_service,
              0,
              SOURCE.crm,
              c,
            );
          break;
        case 'compromise': {
          // Searches returning pages of results, views, and a final export of the haul.
          const base = r.chance(0.5) ? 20 * 3600 : 3600;
          for (let i = 0; i < list.length; i += 20) {
            out.addMany(
              base + r.int(4 * 3600),
              s,
              ACTION.search,
              PURPOSE.customer_service,
              0,
              SOURCE.vpn,
              list.subarray(i, i + 20),
            );
          }
          for (const c of list)
            if (r.chance(0.5))
              out.add(
                base + r.int(4 * 3600),
                s,
                ACTION.view,
                PURPOSE.customer_service,
                0,
                SOURCE.vpn,
                c,
              );
          if (k === p.days.length - 1)
            out.addMany(
              base + 4 * 3600 - 1,
              s,
              ACTION.export,
              PURPOSE.customer_service,
              0,
              SOURCE.vpn,
              p.customers,
            );
          break;
        }
      }
    }
    for (const a of plan.audits) {
      if (
        d < a.first ||
        d > a.last ||
        !worksOn(this.#in.seed, staff, a.actor, d, this.#in.firstDay)
      )
        continue;
      const pool = a.branch < 0 ? undefined : customers.byBranch[a.branch]!;
      const n = Math.round(a.perDay * (0.8 + 0.4 * r.float()));
      for (let k = 0; k < n; k++) {
        const c = pool ? pool[r.int(pool.length)]! : r.int(customers.count);
        out.add(
          officeSecond(r, staff, a.actor, OFFICE),
          a.actor,
          ACTION.view,
          PURPOSE.internal_audit,
          r.chance(0.97) ? OUTCOME.audit_workpaper : 0,
          SOURCE.core,
          c,
        );
      }
    }
    for (const o of plan.onboardings) {
      if (
        d < o.first ||
        d > o.last ||
        !worksOn(this.#in.seed, staff, o.actor, d, this.#in.firstDay)
      )
        continue;
      const team = this.#pools.team(staff.team[o.actor]!);
      if (!team) continue;
      const n = Math.round(o.perDay * (0.7 + 0.6 * r.float()));
      for (let k = 0; k < n; k++) {
        out.add(
          officeSecond(r, staff, o.actor, OFFICE),
          o.actor,
          ACTION.view,
          PURPOSE.training,
          r.chance(0.9) ? OUTCOME.training_case : 0,
          SOURCE.crm,
          team.list[team.table.draw(r)]!,
        );
      }
    }
    const m = plan.merger;
    if (m && d >= m.day && d < m.day + m.handoverDays) {
      // Team managers of the absorbing branch review the absorbed customers they inherit.
      const absorbed = customers.byBranch[m.from]!;
      for (let s = 0; s < staff.rows.length; s++) {
        if (staff.role[s] !== ROLE.team_manager || staff.branch[s] !== m.into) continue;
        if (!worksOn(this.#in.seed, staff, s, d, this.#in.firstDay) || absorbed.length === 0)
          continue;
        const n = r.poisson(30);
        for (let k = 0; k < n; k++) {
          out.add(
            officeSecond(r, staff, s, OFFICE),
            s,
            ACTION.view,
            PURPOSE.handover,
            r.chance(0.9) ? OUTCOME.handover_review : 0,
            SOURCE.crm,
            absorbed[r.int(absorbed.length)]!,
          );
        }
      }
    }
  }
}

/** First position in `list` (sorted by key) whose key is ≥ value. */
function lowerBound(list: Int32Array, key: Int32Array, value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key[list[mid]!]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
