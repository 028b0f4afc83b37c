/**
 * A synthetic insurer for the trace acceptance tests and benchmark: customers (with branch,
 * agent and popularity), staff by role, and months of access — agents working their books,
 * claims clerks and QA on claims-heavy customers, a call centre touching customers by
 * popularity, managers with branch exports and one 50,000-row marketing export, a nightly batch
 * job that touches everyone. Built in memory in well under a second at 60,000 customers.
 *
 * (The shared simulator of src/sim is the organisation-level generator; this one exists so the
 * 200-trial acceptance runs are self-contained and fast, with the ground truth at hand.)
 */
import { AccessIndexBuilder, type AccessIndex } from '../../../src/trace/access-index.ts';
import {
  seededRandomInt,
  syntheticIdentity,
  syntheticMobile,
  type RandomInt,
} from '../../../src/trace/synthetic-identity.ts';

export type StaffRole = 'agent' | 'claims' | 'qa' | 'callcentre' | 'manager' | 'batch';

export interface OrgCustomer {
  id: string;
  name: string;
  birthDate: string;
  phone: string;
  idNumber: string;
  branch: number;
  agent: number;
  claims: boolean;
}

export interface OrgStaff {
  id: string;
  role: StaffRole;
  branch: number;
}

export interface OrgExport {
  id: string;
  actor: number;
  customers: number[];
}

export interface SyntheticOrg {
  seed: number;
  customers: OrgCustomer[];
  staff: OrgStaff[];
  exports: OrgExport[];
  /** Customers each staff member accessed (distinct, by customer index). */
  accessed: Set<number>[];
  /** Access events per customer. */
  events: Uint32Array;
  /** One (customer, actor, day) per access event and customer. */
  pairs: { customer: Uint32Array; actor: Uint32Array; day: Uint16Array; length: number };
  index: AccessIndex;
}

export interface OrgOptions {
  seed: number;
  customers?: number;
  branches?: number;
  agentsPerBranch?: number;
  claimsPerBranch?: number;
  qa?: number;
  callCentre?: number;
  managersPerBranch?: number;
  /** Size of the one big marketing export (default 50,000, capped at customers − 1,000). */
  bigExport?: number;
  /** Days of history. */
  days?: number;
}

class PairList {
  customer = new Uint32Array(1 << 16);
  actor = new Uint32Array(1 << 16);
  day = new Uint16Array(1 << 16);
  length = 0;
  push(c: number, a: number, d: number): void {
    if (this.length === this.customer.length) {
      const grow = <T extends Uint32Array | Uint16Array>(x: T, make: (n: number) => T): T => {
        const y = make(x.length * 2);
        y.set(x);
        return y;
      };
      this.customer = grow(this.customer, (n) => new Uint32Array(n));
      this.actor = grow(this.actor, (n) => new Uint32Array(n));
      this.day = grow(this.day, (n) => new Uint16Array(n));
    }
    this.customer[this.length] = c;
    this.actor[this.length] = a;
    this.day[this.length] = d;
    this.length++;
  }
}

/** Weighted sampler over indices (cumulative weights + binary search). */
function weightedSampler(weights: Float64Array, rnd: RandomInt): () => number {
  const cum = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) cum[i] = total += weights[i]!;
  return () => {
    const x = (rnd(2 ** 30) / 2 ** 30) * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/**
 * Builds the organisation.
 *
 * @example
 * const org = buildSyntheticOrg({ seed: 7, customers: 20_000 });
 */
export function buildSyntheticOrg(options: OrgOptions): SyntheticOrg {
  const rnd = seededRandomInt(options.seed);
  const uniform = (): number => rnd(2 ** 30) / 2 ** 30;
  const N = options.customers ?? 60_000;
  const B = options.branches ?? 10;
  const days = options.days ?? 180;
  const staff: OrgStaff[] = [];
  const add = (role: StaffRole, branch: number): number => {
    staff.push({ id: `S${String(staff.length + 1).padStart(4, '0')}`, role, branch });
    return staff.length - 1;
  };
  const agentsOf: number[][] = [];
  const clerksOf: number[][] = [];
  const managersOf: number[][] = [];
  for (let b = 0; b < B; b++) {
    agentsOf.push(Array.from({ length: options.agentsPerBranch ?? 12 }, () => add('agent', b)));
    clerksOf.push(Array.from({ length: options.claimsPerBranch ?? 3 }, () => add('claims', b)));
    managersOf.push(
      Array.from({ length: options.managersPerBranch ?? 2 }, () => add('manager', b)),
    );
  }
  const qa = Array.from({ length: options.qa ?? 10 }, () => add('qa', rnd(B)));
  const callCentre = Array.from({ length: options.callCentre ?? 60 }, () =>
    add('callcentre', rnd(B)),
  );
  const batch = add('batch', 0);
  // Per-actor working intensity: some people open a record more often than others.
  const intensity = staff.map(() => 0.5 + 1.5 * uniform());

  const customers: OrgCustomer[] = [];
  const weight = new Float64Array(N);
  const phones = new Set<string>();
  for (let i = 0; i < N; i++) {
    const person = syntheticIdentity(rnd);
    let phone = syntheticMobile(rnd);
    while (phones.has(phone)) phone = syntheticMobile(rnd);
    phones.add(phone);
    const branch = rnd(B);
    const agents = agentsOf[branch]!;
    // Log-normal popularity; 2% VIP.
    const z = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
    weight[i] = Math.exp(0.8 * z) * (rnd(50) === 0 ? 8 : 1);
    customers.push({
      id: `C${String(i + 1).padStart(7, '0')}`,
      name: person.name,
      birthDate: person.birthDate,
      phone,
      idNumber: person.idNumber,
      branch,
      agent: agents[rnd(agents.length)]!,
      claims: false,
    });
  }
  const pairs = new PairList();
  const touch = (c: number, a: number, times: number): void => {
    const n = Math.max(1, Math.round(times * intensity[a]!));
    for (let t = 0; t < n; t++) pairs.push(c, a, rnd(days));
  };
  const byWeight = weightedSampler(weight, rnd);
  // Claims: 15% of customers, drawn by popularity, handled in their branch.
  const claimsTarget = Math.floor(N * 0.15);
  for (let n = 0; n < claimsTarget; n++) customers[byWeight()]!.claims = true;
  const exports: OrgExport[] = [];
  for (let c = 0; c < N; c++) {
    const cu = customers[c]!;
    touch(c, batch, 1);
    if (uniform() < 0.7) touch(c, cu.agent, 1 + rnd(4));
    if (cu.claims) {
      const clerks = clerksOf[cu.branch]!;
      const k = 1 + rnd(Math.min(2, clerks.length));
      for (let i = 0; i < k; i++) touch(c, clerks[rnd(clerks.length)]!, 3 + rnd(7));
      if (uniform() < 0.3) touch(c, qa[rnd(qa.length)]!, 1 + rnd(2));
    }
  }
  // Call centre: ~1.5 contacts per customer, by popularity.
  for (let n = 0; n < Math.floor(N * 1.5); n++) {
    touch(byWeight(), callCentre[rnd(callCentre.length)]!, 1);
  }
  // Managers: a few hundred views in their branch; half make a branch export.
  const branchCustomers: number[][] = Array.from({ length: B }, () => []);
  customers.forEach((cu, c) => branchCustomers[cu.branch]!.push(c));
  for (let b = 0; b < B; b++) {
    managersOf[b]!.forEach((m, i) => {
      const pool = branchCustomers[b]!;
      for (let n = 0; n < 200; n++) touch(pool[rnd(pool.length)]!, m, 1);
      if (i % 2 === 0) {
        const chosen = pool.filter(() => uniform() < 0.6);
        for (const c of chosen) pairs.push(c, m, rnd(days));
        exports.push({ id: `E${exports.length + 1}`, actor: m, customers: chosen });
      }
    });
  }
  // One big marketing export by the first manager of branch 0.
  const bigSize = Math.min(options.bigExport ?? 50_000, N - 1_000);
  if (bigSize > 0) {
    const order = Array.from({ length: N }, (_, i) => i);
    for (let i = N - 1; i > 0; i--) {
      const j = rnd(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const chosen = order.slice(0, bigSize);
    const actor = managersOf[0]![1] ?? managersOf[0]![0]!;
    const day = rnd(days);
    for (const c of chosen) pairs.push(c, actor, day);
    exports.push({ id: `E${exports.length + 1}`, actor, customers: chosen });
  }

  const builder = new AccessIndexBuilder();
  const accessed = staff.map(() => new Set<number>());
  const events = new Uint32Array(N);
  for (let i = 0; i < pairs.length; i++) {
    const c = pairs.customer[i]!;
    const a = pairs.actor[i]!;
    builder.add(customers[c]!.id, staff[a]!.id);
    accessed[a]!.add(c);
    events[c]!++;
  }
  return {
    seed: options.seed,
    customers,
    staff,
    exports,
    accessed,
    events,
    pairs,
    index: builder.build(N),
  };
}

/**
 * Branch of every index customer (1 + branch), for {@link NullModel.build}'s `groupOf` — what
 * piguard reads from the vault's clear `customers.branch` column.
 *
 * @example
 * const model = NullModel.build(org.index, { groupOf: branchGroups(org) });
 */
export function branchGroups(org: SyntheticOrg): Uint32Array {
  const byId = new Map(org.customers.map((c) => [c.id, c.branch]));
  return Uint32Array.from(org.index.customers, (id) => 1 + byId.get(id)!);
}
