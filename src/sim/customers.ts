/**
 * Customers of the synthetic insurer. The organisation keeps only what the simulator needs per
 * customer in typed arrays (branch, agent, start day, product, how much handling they attract);
 * the personal fields are regenerated on demand from the customer's own PRNG stream, so a million
 * customers cost a few tens of megabytes until they are written out.
 */
import { BRANCHES, PRODUCTS, premiumFor } from './catalogue.ts';
import { dateOfDay } from './calendar.ts';
import { mobileNumber, residentIdNumber, sequenceFor } from './identity-numbers.ts';
import { personName } from './names.ts';
import { AliasTable, Prng } from './prng.ts';
import { mainlandRegions, placeIn, postalAddress, type Province } from './regions.ts';
import type { StaffModel } from './staff.ts';
import type { SimCustomer } from './types.ts';

export interface CustomerModel {
  readonly count: number;
  readonly branch: Uint8Array;
  /** Staff index of the agent whose book it is. */
  readonly agent: Int32Array;
  /** Day number the policy started. */
  readonly start: Int32Array;
  readonly product: Uint8Array;
  /** How much handling the customer attracts (log-normal; VIPs and claimants far more). */
  readonly weight: Float32Array;
  /** Claim propensity (weight × the product's claim frequency). */
  readonly claimWeight: Float32Array;
  /** Customers per branch. */
  readonly byBranch: readonly Int32Array[];
  /** Customers per agent (staff index), undefined for non-agents. */
  readonly books: readonly (Int32Array | undefined)[];
}

const PRODUCT_TABLE = new AliasTable(PRODUCTS.map((p) => p.weight));

/**
 * The external id of customer i: 客户编号 C0000001 …
 *
 * @example
 * customerId(0) // 'C0000001'
 */
export function customerId(i: number): string {
  return `C${String(i + 1).padStart(7, '0')}`;
}

/**
 * Index of an external id made by {@link customerId}, or -1.
 *
 * @example
 * customerIndex('C0000001') // 0
 */
export function customerIndex(id: string): number {
  return /^C[0-9]{7,}$/.test(id) ? Number(id.slice(1)) - 1 : -1;
}

/**
 * Builds the per-customer arrays: branch, book, start day, product, handling weights.
 *
 * @example
 * buildCustomers(1, 20000, staff, firstDay, lastDay)
 */
export function buildCustomers(
  seed: number,
  count: number,
  staff: StaffModel,
  firstDay: number,
  lastDay: number,
): CustomerModel {
  const r = new Prng(seed, 'customers');
  const branchTable = new AliasTable(BRANCHES.slice(0, staff.branchCount).map((b) => b.weight));
  // Agents per branch: those hired before the period (their books hold the old policies) and all.
  const initialAgents: number[][] = Array.from({ length: staff.branchCount }, () => []);
  const allAgents: number[][] = Array.from({ length: staff.branchCount }, () => []);
  for (let s = 0; s < staff.rows.length; s++) {
    if (staff.rows[s]!.role !== 'agent') continue;
    allAgents[staff.branch[s]!]!.push(s);
    if (staff.start[s]! < firstDay) initialAgents[staff.branch[s]!]!.push(s);
  }
  const tableOf = (list: number[]): AliasTable | undefined =>
    list.length ? new AliasTable(list.map((s) => staff.intensity[s]!)) : undefined;
  const initialTables = initialAgents.map(tableOf);
  const allTables = allAgents.map(tableOf);

  const m = {
    count,
    branch: new Uint8Array(count),
    agent: new Int32Array(count),
    start: new Int32Array(count),
    product: new Uint8Array(count),
    weight: new Float32Array(count),
    claimWeight: new Float32Array(count),
  };
  const span = lastDay - firstDay + 1;
  for (let i = 0; i < count; i++) {
    let b = branchTable.draw(r);
    if (!allTables[b]) b = allTables.findIndex((t) => t !== undefined);
    m.branch[i] = b;
    const inPeriod = r.chance(0.22);
    const start = inPeriod
      ? firstDay + r.int(span)
      : firstDay - 1 - Math.floor(Math.pow(r.float(), 1.6) * 3650);
    m.start[i] = start;
    let agent = -1;
    const initial = initialTables[b];
    if (!inPeriod && initial) {
      agent = initialAgents[b]![initial.draw(r)]!;
    } else {
      // Someone employed when the policy was sold (new business goes to whoever sells it).
      for (let tries = 0; tries < 30 && agent < 0; tries++) {
        const s = allAgents[b]![allTables[b]!.draw(r)]!;
        if (staff.start[s]! <= start && staff.end[s]! >= start) agent = s;
      }
      if (agent < 0) agent = allAgents[b]![allTables[b]!.draw(r)]!;
    }
    m.agent[i] = agent;
    const p = PRODUCT_TABLE.draw(r);
    m.product[i] = p;
    const vip = r.chance(0.03) ? 4 : 1;
    const w = Math.exp(0.8 * r.normal()) * vip;
    m.weight[i] = w;
    m.claimWeight[i] = w * PRODUCTS[p]!.claims;
  }

  const branchCounts = new Int32Array(staff.branchCount);
  const bookCounts = new Int32Array(staff.rows.length);
  for (let i = 0; i < count; i++) {
    branchCounts[m.branch[i]!]!++;
    bookCounts[m.agent[i]!]!++;
  }
  const byBranch = Array.from(branchCounts, (n) => new Int32Array(n));
  const books: (Int32Array | undefined)[] = Array.from(bookCounts, (n, s) =>
    staff.rows[s]!.role === 'agent' ? new Int32Array(n) : undefined,
  );
  branchCounts.fill(0);
  bookCounts.fill(0);
  for (let i = 0; i < count; i++) {
    const b = m.branch[i]!;
    byBranch[b]![branchCounts[b]!++] = i;
    const a = m.agent[i]!;
    const book = books[a];
    if (book) book[bookCounts[a]!++] = i;
  }
  return { ...m, byBranch, books };
}

/** Birth year: customers are mostly 25–60, a few young adults and retirees. */
function birthDate(r: Prng): string {
  const year = Math.round(1978 + 11 * r.normal());
  const y = Math.min(2006, Math.max(1940, year));
  const doy = r.int(365);
  const d = new Date(Date.UTC(y, 0, 1 + doy));
  return d.toISOString().slice(0, 10);
}

const EMAIL_DOMAINS = [
  'qq.com',
  'qq.com',
  'qq.com',
  '163.com',
  '126.com',
  'sina.com',
  'foxmail.com',
];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function email(r: Prng): string {
  const domain = r.pick(EMAIL_DOMAINS);
  if (domain === 'qq.com') return `${r.range(10000, 3999999999)}@qq.com`;
  let local = '';
  const n = r.range(4, 9);
  for (let k = 0; k < n; k++) local += LETTERS[r.int(26)];
  return `${local}${r.range(1, 9999)}@${domain}`;
}

/** Fields of a person that do not depend on the organisation (also used for outside people). */
export interface PersonFields {
  name: string;
  gender: '男' | '女';
  birth_date: string;
  id_number: string;
  phone: string;
  address: string;
  email?: string;
}

/**
 * A person living mostly in `home` (a province code), born mostly there too.
 * `phoneIndex` must be unique per person within a seed (customer i uses i).
 *
 * @example
 * personFields(new Prng(1, 'x'), 1, 0, '31', '3101', false)
 */
export function personFields(
  r: Prng,
  seed: number,
  phoneIndex: number,
  home: string,
  homeCity: string | undefined,
  outside: boolean,
): PersonFields {
  const regions = mainlandRegions();
  const gender = r.chance(0.5) ? '男' : '女';
  const birth = birthDate(r);
  const homeProvince = regions.byCode.get(home)!;
  const randomProvince = (): Province => regions.provinces[regions.table.draw(r)]!;
  const birthProvince = r.chance(0.6) ? homeProvince : randomProvince();
  const county = birthProvince.countyCodes[r.int(birthProvince.countyCodes.length)]!;
  const id = residentIdNumber(county, birth, sequenceFor(r, gender, outside));
  const liveProvince = r.chance(0.88) ? homeProvince : randomProvince();
  const city =
    liveProvince === homeProvince && homeCity && r.chance(0.55)
      ? liveProvince.cities.find((c) => c.code === homeCity)
      : undefined;
  const address = postalAddress(r, placeIn(r, liveProvince, city));
  const fields: PersonFields = {
    name: personName(r, gender, Number(birth.slice(0, 4))),
    gender,
    birth_date: birth,
    id_number: id,
    phone: mobileNumber(seed, phoneIndex, r),
    address,
  };
  if (r.chance(0.25)) fields.email = email(r);
  return fields;
}

/**
 * Customer i with every field, regenerated from its own stream.
 *
 * @example
 * customerRecord(1, model, staff, 0).customer_id // 'C0000001'
 */
export function customerRecord(
  seed: number,
  model: CustomerModel,
  staff: StaffModel,
  i: number,
): SimCustomer {
  const r = new Prng(seed, 'customer', i);
  const branch = BRANCHES[model.branch[i]!]!;
  const p = personFields(r, seed, i, branch.province, branch.city, false);
  const product = PRODUCTS[model.product[i]!]!;
  const c: SimCustomer = {
    customer_id: customerId(i),
    name: p.name,
    gender: p.gender,
    birth_date: p.birth_date,
    phone: p.phone,
    id_number: p.id_number,
    address: p.address,
    product: product.name,
    premium: premiumFor(r, product),
    start_date: dateOfDay(model.start[i]!),
    agent: staff.rows[model.agent[i]!]!.staff_id,
    branch: staff.rows[model.agent[i]!]!.branch,
  };
  if (p.email) c.email = p.email;
  return c;
}
