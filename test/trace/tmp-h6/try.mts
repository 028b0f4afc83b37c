import { buildSyntheticOrg } from '../../../test/trace/support/synthetic-org.ts';
import { orgLookup } from '../../../test/trace/support/org-lookup.ts';
import { makeLeakTable, sample } from '../../../test/trace/support/leak-maker.ts';
import { NullModel } from '../../../src/trace/null-model.ts';
import { attribute } from '../../../src/trace/attribution.ts';
import { recordsOfTable } from '../../../src/trace/leak-records.ts';
import { matchRecords } from '../../../src/trace/leak-matcher.ts';
import { seededRandomInt } from '../../../src/trace/synthetic-identity.ts';
let t0 = Date.now();
const org = buildSyntheticOrg({ seed: Number(process.argv[2] ?? 1) });
console.log('org', Date.now() - t0, 'ms pairs', org.pairs.length, 'distinct', org.index.actorsOf.length, 'staff', org.staff.length);
t0 = Date.now();
const { index, lookup } = orgLookup(org);
const model = NullModel.build(org.index);
console.log('lookup+model', Date.now() - t0, 'strata', model.strata);
const rnd = seededRandomInt(99);
let ok = 0, okMajor = 0, fapOk = 0, fapN = 0, n = 0;
const sizes = [50, 100, 200, 400, 1000, 3000];
const candidates = org.staff.map((s, i) => i).filter((i) => org.staff[i]!.role !== 'batch' && org.accessed[i]!.size >= 60);
t0 = Date.now();
for (let trial = 0; trial < 200; trial++) {
  const src = candidates[rnd(candidates.length)]!;
  const useExport = org.exports.find((e) => e.actor === src);
  const pool = useExport && rnd(2) === 0 ? useExport.customers : [...org.accessed[src]!];
  const size = Math.min(sizes[rnd(sizes.length)]!, pool.length);
  const part1 = sample(pool, size, rnd);
  const parts = [part1];
  let src2 = -1;
  if (rnd(2) === 0) {
    src2 = candidates[rnd(candidates.length)]!;
    if (src2 !== src) parts.push(sample([...org.accessed[src2]!], Math.max(20, Math.floor(size / 3)), rnd)); else src2 = -1;
  }
  const inside = parts.reduce((s, p) => s + p.length, 0);
  const table = makeLeakTable(org, { parts, outside: Math.round(inside * 0.3 / 0.7), namePhoneOnly: rnd(2) === 0, traditional: rnd(2) === 0, headers: (['zh', 'en', 'none'] as const)[rnd(3)]! }, rnd);
  const records = recordsOfTable(table);
  const m = await matchRecords(records, index, lookup);
  const ids = m.ids.filter((x): x is string => x !== null);
  const res = attribute(model, ids);
  const top = res.sources[0] ?? res.others[0];
  const srcId = org.staff[src]!.id;
  const truth = new Set([srcId, src2 >= 0 ? org.staff[src2]!.id : srcId]);
  n++;
  if (top && truth.has(top.actor)) ok++;
  if (top && top.actor === srcId) okMajor++;
  else console.log('miss', trial, org.staff[src]!.role, size, 'src2', src2 >= 0 ? org.staff[src2]!.role : '-', 'top', top?.actor, top && org.staff.find(s=>s.id===top.actor)?.role, top?.fap, 'matched', res.matched, 'rows', records.length, 'srcstat', [...res.sources, ...res.others].find(t=>t.actor===srcId));
  if (size >= 200) { fapN++; const s = res.sources.find((t) => t.actor === srcId); if (s && s.fap <= 1e-6) fapOk++; }
}
console.log('trials', Date.now() - t0, 'ms; top1 any-source', ok, '/', n, 'major', okMajor, 'fap<=1e-6 at >=200', fapOk, '/', fapN);
// calibration
let falses = 0; const byRank = Array.from(org.customers.keys()).sort((a, b) => org.events[b]! - org.events[a]!);
t0 = Date.now();
for (let trial = 0; trial < 1000; trial++) {
  const size = sizes[rnd(sizes.length)]!;
  const pool = trial % 2 === 0 ? [...org.customers.keys()] : byRank.slice(0, Math.max(size, trial % 4 === 1 ? size : 3 * size));
  const ids = sample(pool, size, rnd).map((c) => org.customers[c]!.id);
  const res = attribute(model, ids);
  const top = res.sources[0] ?? res.others[0];
  if (top && top.fap < 0.01) { falses++; console.log('false', trial, size, top.actor, org.staff.find(s=>s.id===top.actor)?.role, top.fap, top.k, top.expected); }
}
console.log('calibration', Date.now() - t0, 'ms; false', falses, '/1000');
