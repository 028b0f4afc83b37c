/**
 * Complaints about unsolicited calls (DESIGN §5.3): a wave caused by one leaked list — the buyer
 * loads it into a dialler and the customers on it start complaining — over a background of
 * ordinary complaints from customers at random.
 */
import { dateOfDay } from './calendar.ts';
import { AliasTable, Prng } from './prng.ts';
import type { SimComplaint, SimComplaintsTruth, SimCustomer, SimLeak } from './types.ts';

const WAVE_TEXTS = [
  '接到推销电话，对方能说出我的姓名和保单情况',
  '陌生号码来电推销理财产品，知道我买过你们的保险',
  '最近每天接到骚扰电话，怀疑个人信息被泄露',
  '对方自称保险公司客服，要求我加微信办理退保',
  '收到营销短信，内容提到我的保单',
];
const BACKGROUND_TEXTS = [
  '客服电话一直打不通',
  '理赔进度太慢',
  '接到推销电话',
  '续保短信太频繁',
  '对保单条款有疑问',
];

export interface ComplaintInput {
  seed: number;
  firstDay: number;
  dayCount: number;
  customerCount: number;
  customerAt(i: number): SimCustomer;
  weights: Float32Array;
  leaks: readonly SimLeak[];
}

function time(r: Prng, day: number): string {
  const h = r.range(9, 20);
  return `${dateOfDay(day)}T${String(h).padStart(2, '0')}:${String(r.int(60)).padStart(2, '0')}:${String(r.int(60)).padStart(2, '0')}+08:00`;
}

/**
 * The complaints, in time order, and their truth.
 *
 * @example
 * const { complaints, truth } = buildComplaints({ seed, firstDay, dayCount, customerCount, customerAt, weights, leaks });
 */
export function buildComplaints(input: ComplaintInput): {
  complaints: SimComplaint[];
  truth: SimComplaintsTruth;
} {
  const r = new Prng(input.seed, 'complaints');
  const out: SimComplaint[] = [];
  const named = (c: SimCustomer, base: Omit<SimComplaint, 'customer' | 'phone'>): SimComplaint =>
    r.chance(0.6) ? { ...base, phone: c.phone } : { ...base, customer: c.customer_id };

  // The wave: the first leak with a single source and enough customers on it.
  const leak = input.leaks.find(
    (l) => l.truth.sources.length === 1 && l.customerIds.filter(Boolean).length >= 30,
  );
  let wave = 0;
  if (leak) {
    const seenDay = Math.round(Date.parse(leak.truth.seen_at) / 86_400_000);
    const callers = Array.from(
      { length: r.range(2, 4) },
      () => `0${r.pick(['21', '755', '20', '571'])}${r.range(60000000, 89999999)}`,
    );
    const onList = leak.customerIds.filter((id): id is string => id !== null);
    // Some of those called complain (5–15%), at least a few dozen when the list allows.
    const n = Math.min(
      onList.length,
      Math.max(30, Math.round(onList.length * (0.05 + 0.1 * r.float()))),
    );
    const picked = r.shuffle([...onList]).slice(0, n);
    // Calls start a little before the list is noticed and go on for weeks.
    const first = Math.max(input.firstDay, seenDay - r.range(5, 20));
    for (const id of picked) {
      const c = input.customerAt(Number(id.slice(1)) - 1);
      out.push(
        named(c, {
          ts: time(r, first + r.int(40)),
          kind: r.chance(0.85) ? 'unsolicited_call' : 'sms',
          caller: r.pick(callers),
          text: r.pick(WAVE_TEXTS),
        }),
      );
    }
    wave = picked.length;
  }

  // Background: a complaint per ~2,000 customers a month, from customers who deal with us most.
  const table = new AliasTable(input.weights.length ? input.weights : [1]);
  const background = r.poisson((input.customerCount / 2000) * (input.dayCount / 30));
  for (let k = 0; k < background; k++) {
    const c = input.customerAt(table.draw(r));
    const kind = r.float();
    out.push(
      named(c, {
        ts: time(r, input.firstDay + r.int(input.dayCount)),
        kind: kind < 0.5 ? 'unsolicited_call' : kind < 0.7 ? 'sms' : 'other',
        text: r.pick(BACKGROUND_TEXTS),
      }),
    );
  }
  out.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  const total = out.length;
  const truth: SimComplaintsTruth = {
    file: 'complaints.jsonl',
    share: total ? wave / total : 0,
    wave,
    total,
  };
  if (leak) {
    truth.caused_by = leak.truth.sources[0]!.actor;
    truth.leak = leak.truth.file;
  }
  return { complaints: out, truth };
}
