import { createOrganisation, simulateEvents } from '../../../src/sim/index.ts';
import { AccessIndexBuilder } from '../../../src/trace/access-index.ts';
import { NullModel } from '../../../src/trace/null-model.ts';
import { attribute } from '../../../src/trace/attribution.ts';
import { recordsOfTable } from '../../../src/trace/leak-records.ts';
import { matchRecords, MemoryDigestLookup } from '../../../src/trace/leak-matcher.ts';
import { BlindIndex } from '../../../src/protect/blind-index.ts';
import { randomBytes } from 'node:crypto';
let t0 = Date.now();
const org = createOrganisation({ customers: Number(process.argv[2] ?? 5000), staff: Number(process.argv[3] ?? 100), months: 6, seed: Number(process.argv[4] ?? 7) });
const pairs: [string, string, string][] = [];
for (const events of simulateEvents(org)) for (const e of events) for (const c of e.customers) pairs.push([c, e.actor, e.ts]);
console.log('sim', Date.now() - t0, 'ms, pairs', pairs.length, 'leaks', org.leaks.length);
const bi = new BlindIndex(randomBytes(32));
const lookup = new MemoryDigestLookup();
for (const cu of org.customers) {
  lookup.add('phone', bi.blindIndexFor('phone', cu.phone), cu.customer_id);
  lookup.add('id_number', bi.blindIndexFor('id_number', cu.id_number), cu.customer_id);
  lookup.add('name_birth_date', bi.blindIndexFor('name_birth_date', { name: cu.name, birthDate: cu.birth_date }), cu.customer_id);
}
for (const leak of process.env.SKIP_LEAKS ? [] : org.leaks) {
  const seen = new Date(leak.truth.seen_at).toISOString();
  const b = new AccessIndexBuilder();
  for (const [c, a, ts] of pairs) if (new Date(ts).toISOString() < seen) b.add(c, a);
  const model = NullModel.build(b.build(org.customerCount));
  const records = recordsOfTable({ headers: leak.headers, rows: leak.rows });
  const { ids } = await matchRecords(records, bi, lookup);
  const truthIds = leak.customerIds.filter((x) => x !== null).length;
  const res = attribute(model, ids.filter((x): x is string => x !== null));
  console.log(leak.truth.file, 'rows', leak.truth.rows, 'cols', leak.headers.join('|'), 'transforms', leak.truth.transforms.join(','), 'truth', JSON.stringify(leak.truth.sources), 'matched', res.matched, '/', truthIds);
  console.log('   sources', res.sources.map((s) => `${s.actor} k=${s.k} e=${s.expected.toFixed(1)} fap=${s.fap.toExponential(1)} share=${s.share}`).join(' ; '), ' others0', res.others[0] && `${res.others[0].actor} ${res.others[0].fap.toExponential(1)}`);
}
console.log('complaints truth', JSON.stringify(org.truth.complaints));
const l3 = org.leaks[2]!;
const ids3 = new Set(l3.customerIds.filter((x) => x));
const src = l3.truth.sources[0]!.actor;
let any = 0, before = 0; const firstTs: string[] = [];
const seen3 = new Date(l3.truth.seen_at).toISOString();
for (const [c, a, ts] of pairs) if (a === src && ids3.has(c)) { any++; if (new Date(ts).toISOString() < seen3) before++; firstTs.push(ts); }
console.log('src', src, 'pairs on leak customers', any, 'before seen', before, 'seen', l3.truth.seen_at, 'first ts', firstTs.sort()[0], 'scenario', JSON.stringify(org.truth.scenarios.filter((s) => s.actor === src || s.actors?.includes(src))), 'staff', JSON.stringify(org.staff.find((s) => s.staff_id === src)));
{
  const byPhone = new Map(org.customers.map((c) => [c.phone, c.customer_id]));
  const cs = org.complaints.map((c) => ({ ts: Date.parse(c.ts), id: c.customer ?? byPhone.get(c.phone!.replace(/\D/g, '').slice(-11)) }));
  const cutoffs = new Map<string, number>();
  for (const c of cs) if (c.id && (!cutoffs.has(c.id) || c.ts < cutoffs.get(c.id)!)) cutoffs.set(c.id, c.ts);
  const last = Math.max(...cs.map((c) => c.ts));
  const b = new AccessIndexBuilder();
  for (const [c, a, ts] of pairs) { const t = Date.parse(ts); if (t < last) b.add(c, a, t); }
  const res = attribute(NullModel.build(b.build(org.customerCount)), [...cutoffs.keys()], { cutoffs });
  console.log('complaints', cs.length, 'resolved', cutoffs.size, 'sources', res.sources.map((s) => `${s.actor} ${s.fap.toExponential(1)} ${s.share}`).join(';'));
  const res1 = attribute(NullModel.build(b.build(org.customerCount)), [...cutoffs.keys()], { cutoffs, maxRounds: 0, maxOthers: 8 });
  for (const o of res1.others) console.log('   ', o.actor, org.staff.find((s) => s.staff_id === o.actor)?.role, 'k', o.k, 'e', o.expected.toFixed(1), 'fap', o.fap.toExponential(1));
  const wave = new Set(org.complaints.slice(0).map((c) => c.customer ?? byPhone.get(c.phone!.replace(/\D/g, '').slice(-11))));
  void wave;
}
