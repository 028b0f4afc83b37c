/**
 * Leaked lists as they turn up: rows drawn from what an insider took before the file was seen,
 * then handled the way lists are handled on their way through brokers — a subset, shuffled,
 * columns dropped (down to name + phone), phones and dates rewritten, names and addresses in
 * traditional characters, merged with another source's list, padded with people who were never
 * customers. Each file's truth records its sources and exactly what was done.
 */
import * as OpenCC from 'opencc-js/cn2t';
import { BRANCHES } from './catalogue.ts';
import { dateOfDay } from './calendar.ts';
import { personFields } from './customers.ts';
import { Prng } from './prng.ts';
import type { PlannedReads } from './scenario-plan.ts';
import type { SimCustomer, SimLeak, SimLeakTruth } from './types.ts';

type Field =
  | 'name'
  | 'gender'
  | 'birth_date'
  | 'phone'
  | 'id_number'
  | 'address'
  | 'product'
  | 'premium'
  | 'start_date';

/** Column sets seen in traded lists, header → field. */
const LAYOUTS: readonly (readonly (readonly [string, Field])[])[] = [
  [['姓名', 'name'], ['出生日期', 'birth_date'], ['手机', 'phone'], ['地址', 'address'], ['险种', 'product'], ['保费', 'premium'], ['起保日期', 'start_date']],
  [['姓名', 'name'], ['手机', 'phone']],
  [['name', 'name'], ['phone', 'phone'], ['address', 'address']],
  [['客户姓名', 'name'], ['联系电话', 'phone'], ['身份证号', 'id_number']],
  [['姓名', 'name'], ['性别', 'gender'], ['手机号码', 'phone'], ['出生年月', 'birth_date'], ['住址', 'address']],
  [['电话', 'phone'], ['姓名', 'name'], ['证件号码', 'id_number'], ['家庭地址', 'address'], ['险种', 'product']],
]; // prettier-ignore

const PHONE_FORMATS = ['plain', 'dashes', 'spaces', 'plus86', 'plus86_dashes'] as const;
const DATE_FORMATS = ['iso', 'slashes', 'compact', 'chinese', 'dots'] as const;

function formatPhone(p: string, f: (typeof PHONE_FORMATS)[number]): string {
  const [a, b, c] = [p.slice(0, 3), p.slice(3, 7), p.slice(7)];
  switch (f) {
    case 'dashes': return `${a}-${b}-${c}`;
    case 'spaces': return `${a} ${b} ${c}`;
    case 'plus86': return `+86 ${p}`;
    case 'plus86_dashes': return `+86-${a}-${b}-${c}`;
    default: return p;
  }
} // prettier-ignore

function formatDate(d: string, f: (typeof DATE_FORMATS)[number]): string {
  const [y, m, day] = [d.slice(0, 4), d.slice(5, 7), d.slice(8, 10)];
  switch (f) {
    case 'slashes': return `${y}/${Number(m)}/${Number(day)}`;
    case 'compact': return `${y}${m}${day}`;
    case 'chinese': return `${y}年${Number(m)}月${Number(day)}日`;
    case 'dots': return `${y}.${m}.${day}`;
    default: return d;
  }
} // prettier-ignore

let toTraditional: ((s: string) => string) | undefined;

/** What the leak builder needs from the organisation. */
export interface LeakInput {
  seed: number;
  firstDay: number;
  dayCount: number;
  customerCount: number;
  customerAt(i: number): SimCustomer;
  reads: readonly PlannedReads[];
}

interface Portion {
  plan: PlannedReads;
  /** Distinct customers the source had taken by the time the list left. */
  taken: Int32Array;
  /** Day index of the last read that fed the list. */
  lastDay: number;
}

/** Customers a plan had read up to and including its k-th day, distinct. */
function takenBy(plan: PlannedReads, k: number): Int32Array {
  return Int32Array.from(new Set(plan.customers.subarray(0, plan.to[k]!)));
}

/**
 * Builds the leaked files. Sources are the insiders whose taking makes sense to sell: slow
 * exfiltrators, bulk exporters, book browsers, scrapers; plus one file merging two sources.
 *
 * @example
 * const leaks = buildLeaks({ seed, firstDay, dayCount, customerCount, customerAt, reads: plan.reads });
 */
export function buildLeaks(input: LeakInput): SimLeak[] {
  const r = new Prng(input.seed, 'leaks');
  const sources = input.reads.filter((p) => p.style !== 'compromise' && p.days.length > 0);
  const portions: Portion[] = sources.map((plan) => {
    const n = plan.days.length;
    // A list leaves some way into the taking (at least a few days' worth of it).
    const k = plan.style === 'export' ? n - 1 : r.range(Math.min(n - 1, 10), n - 1);
    return { plan, taken: takenBy(plan, k), lastDay: plan.days[k]! };
  });
  const leaks: SimLeak[] = [];
  let fileNo = 0;
  const make = (parts: Portion[]): void => {
    fileNo++;
    leaks.push(
      buildLeak(input, r, `leaks/leak-${String(fileNo).padStart(2, '0')}.csv`, parts, fileNo),
    );
  };
  for (const p of portions) make([p]);
  if (portions.length >= 2) make([portions[0]!, portions[1]!]);
  return leaks;
}

function buildLeak(
  input: LeakInput,
  r: Prng,
  file: string,
  parts: Portion[],
  fileNo: number,
): SimLeak {
  const transforms = ['subset', 'shuffle'];
  const layout = fileNo === 1 ? LAYOUTS[0]! : r.pick(LAYOUTS);
  if (layout.length < 9) transforms.push('drop_columns');
  const phoneFormat = r.pick(PHONE_FORMATS);
  if (phoneFormat !== 'plain') transforms.push(`phone_format:${phoneFormat}`);
  const dateFormat = r.pick(DATE_FORMATS);
  if (dateFormat !== 'iso' && layout.some(([, f]) => f === 'birth_date' || f === 'start_date')) {
    transforms.push(`date_format:${dateFormat}`);
  }
  const traditional = r.chance(0.3);
  if (traditional) transforms.push('traditional');
  if (parts.length > 1) transforms.push('merged');
  const outsideShare = r.chance(0.7) ? r.float() * 0.3 : 0;

  interface Row {
    customer: SimCustomer | undefined;
    person: Record<Field, string>;
    source: string | null;
  }
  const rows: Row[] = [];
  const sources: { actor: string; rows: number }[] = [];
  let lastDay = 0;
  for (const part of parts) {
    const taken = part.taken;
    // Subset: from a few dozen rows up to everything taken (log-uniform, at most 5,000).
    const cap = Math.min(taken.length, 5000);
    const lo = Math.min(cap, 50);
    const n = Math.max(1, Math.round(lo * Math.pow(cap / Math.max(1, lo), r.float())));
    const picked = new Prng(input.seed, 'leak-pick', file, part.plan.scenario.id)
      .shuffleInts(Int32Array.from(taken))
      .subarray(0, n);
    const actor = part.plan.scenario.actor!;
    for (const i of picked) {
      const c = input.customerAt(i);
      rows.push({
        customer: c,
        person: { ...c, gender: c.gender } as Record<Field, string>,
        source: actor,
      });
    }
    sources.push({ actor, rows: picked.length });
    lastDay = Math.max(lastDay, part.lastDay);
  }
  const outside = Math.round((rows.length * outsideShare) / (1 - outsideShare));
  if (outside > 0) transforms.push('outside_rows');
  for (let j = 0; j < outside; j++) {
    const pr = new Prng(input.seed, 'outsider', fileNo, j);
    const b = BRANCHES[pr.int(3)]!;
    const p = personFields(
      pr,
      input.seed,
      input.customerCount + fileNo * 100_000 + j,
      b.province,
      b.city,
      true,
    );
    const product = r.pick(['康宁重大疾病保险', '百万医疗保险', '福享终身寿险']);
    rows.push({
      customer: undefined,
      person: {
        ...p,
        product,
        premium: `${pr.range(3, 90)}00.00`,
        start_date: dateOfDay(input.firstDay - pr.int(2000)),
      },
      source: null,
    });
  }
  r.shuffle(rows);

  if (traditional) toTraditional ??= OpenCC.Converter({ from: 'cn', to: 'tw' });
  const render = (row: Row, f: Field): string => {
    const v = row.person[f] ?? '';
    if (f === 'phone') return formatPhone(v, phoneFormat);
    if (f === 'birth_date' || f === 'start_date') return formatDate(v, dateFormat);
    if (traditional && (f === 'name' || f === 'address' || f === 'product'))
      return toTraditional!(v);
    return v;
  };
  const seen = Math.min(input.dayCount + 30, lastDay + r.range(3, 45));
  const truth: SimLeakTruth = {
    file,
    seen_at: `${dateOfDay(input.firstDay + seen)}T${String(r.range(9, 17)).padStart(2, '0')}:${String(r.int(60)).padStart(2, '0')}:00+08:00`,
    sources,
    outside_rows: outside,
    transforms,
    rows: rows.length,
    columns: layout.map(([h]) => h),
  };
  return {
    truth,
    headers: layout.map(([h]) => h),
    rows: rows.map((row) => layout.map(([, f]) => render(row, f))),
    customerIds: rows.map((row) => row.customer?.customer_id ?? null),
    sourceOfRow: rows.map((row) => row.source),
  };
}
