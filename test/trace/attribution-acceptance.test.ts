/**
 * Issue 6 acceptance for access-set attribution, on a synthetic organisation built once:
 * 200 leaks drawn from a source's accessed or exported customers (as small as 50 rows of a
 * 50,000-row export), shuffled, cut to name + phone, phones and dates reformatted, names in
 * traditional characters, merged with another source and with 30% outside rows — read through
 * the column classifier, matched by blind index, attributed. Plus calibration on leaks that came
 * from outside, and merged sources named with shares. Seeds are random and printed on failure
 * (set TRACE_SEED to replay).
 */
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { test } from 'node:test';
import { attribute, type ActorTest } from '../../src/trace/attribution.ts';
import { matchRecords } from '../../src/trace/leak-matcher.ts';
import { recordsOfTable } from '../../src/trace/leak-records.ts';
import { NullModel } from '../../src/trace/null-model.ts';
import { seededRandomInt, type RandomInt } from '../../src/trace/synthetic-identity.ts';
import { makeLeakTable, sample, type LeakSpec } from './support/leak-maker.ts';
import { orgLookup } from './support/org-lookup.ts';
import { branchGroups, buildSyntheticOrg } from './support/synthetic-org.ts';

const SEED = Number(process.env['TRACE_SEED'] ?? randomInt(2 ** 31));
const org = buildSyntheticOrg({ seed: SEED });
const { index: blindIndex, lookup } = orgLookup(org);
// As piguard builds it by default: strata by access frequency across the whole organisation.
const model = NullModel.build(org.index);
// As `trace --strata branch` builds it: strata within each branch first (customers.branch).
const branchModel = NullModel.build(org.index, { groupOf: branchGroups(org) });
const SIZES = [50, 100, 200, 400, 1000, 3000];
const candidates = org.staff
  .map((_, i) => i)
  .filter((i) => org.staff[i]!.role !== 'batch' && org.accessed[i]!.size >= 60);
const bigExport = org.exports.reduce((a, b) => (b.customers.length > a.customers.length ? b : a));

function top(result: { sources: ActorTest[]; others: ActorTest[] }): ActorTest | undefined {
  return result.sources[0] ?? result.others[0];
}

async function traceTable(spec: LeakSpec, rnd: RandomInt) {
  const table = makeLeakTable(org, spec, rnd);
  const records = recordsOfTable(table);
  const { ids } = await matchRecords(records, blindIndex, lookup);
  return attribute(
    model,
    ids.filter((x): x is string => x !== null),
  );
}

function randomSpec(parts: number[][], rnd: RandomInt): LeakSpec {
  const inside = parts.reduce((n, p) => n + p.length, 0);
  return {
    parts,
    outside: Math.round((inside * 0.3) / 0.7),
    namePhoneOnly: rnd(2) === 0,
    traditional: rnd(2) === 0,
    headers: (['zh', 'en', 'none'] as const)[rnd(3)]!,
  };
}

test(`the true source is the top suspect in >= 99% of 200 leaks (seed ${SEED})`, async (t) => {
  const rnd = seededRandomInt(SEED ^ 0x5eed);
  let correct = 0;
  const misses: string[] = [];
  const weak: string[] = [];
  for (let trial = 0; trial < 200; trial++) {
    const src = candidates[rnd(candidates.length)]!;
    const exported = org.exports.find((e) => e.actor === src);
    // Every tenth trial: 50 rows of the 50,000-row export.
    const fromBig = trial % 10 === 0;
    const source = fromBig ? bigExport.actor : src;
    const pool = fromBig
      ? bigExport.customers
      : exported && rnd(2) === 0
        ? exported.customers
        : [...org.accessed[src]!];
    const size = fromBig ? 50 : Math.min(SIZES[rnd(SIZES.length)]!, pool.length);
    const parts = [sample(pool, size, rnd)];
    // A merged leak has two true sources; the top suspect must be one of them (and with peeling
    // both are usually named — see the next test).
    const truth = new Set([org.staff[source]!.id]);
    if (rnd(2) === 0) {
      const other = candidates[rnd(candidates.length)]!;
      if (other !== source) {
        parts.push(sample([...org.accessed[other]!], Math.max(20, Math.floor(size / 3)), rnd));
        truth.add(org.staff[other]!.id);
      }
    }
    const result = await traceTable(randomSpec(parts, rnd), rnd);
    const want = org.staff[source]!.id;
    const best = top(result);
    if (best && truth.has(best.actor)) correct++;
    else misses.push(`trial ${trial}: want ${[...truth]} (${size} rows), got ${best?.actor}`);
    if (size >= 200) {
      const named = result.sources.find((s) => s.actor === want);
      if (!named || named.fap > 1e-6) weak.push(`trial ${trial}: ${size} rows, fap ${named?.fap}`);
    }
  }
  t.diagnostic(`top-1 ${correct}/200, FAP > 1e-6 at >= 200 rows: ${weak.length} (seed ${SEED})`);
  assert.ok(correct >= 198, `top-1 ${correct}/200 (seed ${SEED}): ${misses.join('; ')}`);
  assert.deepEqual(weak, [], `FAP > 1e-6 with >= 200 source rows (seed ${SEED})`);
});

test(`calibration: leaks from outside accuse nobody in > 1% of 200 trials (seed ${SEED})`, (t) => {
  const rnd = seededRandomInt(SEED ^ 0xca1);
  const all = [...org.customers.keys()];
  const busiest = [...all].sort((a, b) => org.events[b]! - org.events[a]!);
  let accused = 0;
  const details: string[] = [];
  for (let trial = 0; trial < 200; trial++) {
    const size = SIZES[rnd(SIZES.length)]!;
    // Half: a random sample of all customers; half: a random sample of the most-accessed
    // customers (the top 2× or 4× the leak's size). The exact top-n, which repeats the same set
    // in every trial of a size, is reported in docs/trace.md (known limits).
    const pool = trial % 2 === 0 ? all : busiest.slice(0, (trial % 4 === 1 ? 2 : 4) * size);
    const ids = sample(pool, size, rnd).map((c) => org.customers[c]!.id);
    const best = top(attribute(model, ids));
    if (best && best.fap < 0.01) {
      accused++;
      details.push(`trial ${trial}: ${best.actor} fap ${best.fap.toExponential(2)}`);
    }
  }
  t.diagnostic(`accused ${accused}/200 (seed ${SEED})`);
  assert.ok(
    accused <= 2,
    `${accused}/200 outside leaks accused someone (seed ${SEED}): ${details}`,
  );
});

test(`calibration with --strata branch: a branch's customers leaked from outside accuse nobody (seed ${SEED})`, (t) => {
  // A sample of one branch's customers (or of its busiest), from outside: everyone who covers the
  // branch for their work — its manager, whose export holds 60% of it; its clerks — overlaps it
  // heavily, and only the branch strata keep that from reading as evidence (the organisation-wide
  // default names them: docs/trace.md "Strata").
  const rnd = seededRandomInt(SEED ^ 0xb7a);
  const byBranch = new Map<number, number[]>();
  org.customers.forEach((c, i) => byBranch.set(c.branch, [...(byBranch.get(c.branch) ?? []), i]));
  let accused = 0;
  const details: string[] = [];
  for (let trial = 0; trial < 100; trial++) {
    const branch = [...byBranch.values()][rnd(byBranch.size)]!;
    const size = Math.min(SIZES[rnd(SIZES.length)]!, Math.floor(branch.length / 2));
    const pool =
      trial % 2 === 0
        ? branch
        : [...branch].sort((a, b) => org.events[b]! - org.events[a]!).slice(0, 2 * size);
    const best = top(
      attribute(
        branchModel,
        sample(pool, size, rnd).map((c) => org.customers[c]!.id),
      ),
    );
    if (best && best.fap < 0.01) {
      accused++;
      details.push(`trial ${trial}: ${best.actor} fap ${best.fap.toExponential(2)}`);
    }
  }
  t.diagnostic(`branch leaks accused ${accused}/100 (seed ${SEED})`);
  assert.ok(accused <= 1, `${accused}/100 branch leaks accused someone (seed ${SEED}): ${details}`);
});

test(`two merged sources are both named, each with its share (seed ${SEED})`, async () => {
  const rnd = seededRandomInt(SEED ^ 0x2);
  const agents = candidates.filter((i) => org.staff[i]!.role === 'agent');
  const clerks = candidates.filter((i) => org.staff[i]!.role === 'claims');
  for (let trial = 0; trial < 10; trial++) {
    const a = agents[rnd(agents.length)]!;
    const b = clerks.find((c) => org.staff[c]!.branch !== org.staff[a]!.branch)!;
    const partA = sample([...org.accessed[a]!], 150, rnd);
    const partB = sample([...org.accessed[b]!], 100, rnd);
    const result = await traceTable(randomSpec([partA, partB], rnd), rnd);
    const named = new Map(result.sources.map((s) => [s.actor, s]));
    const sa = named.get(org.staff[a]!.id);
    const sb = named.get(org.staff[b]!.id);
    assert.ok(sa && sb, `trial ${trial}: sources ${[...named.keys()]} (seed ${SEED})`);
    assert.ok(sa.fap < 1e-6 && sb.fap < 1e-6);
    assert.ok(sa.share! > 0.3 && sb.share! > 0.15, `shares ${sa.share} ${sb.share}`);
    assert.ok(sa.share! + sb.share! <= 1 + 1e-9);
  }
});

test('a leak of customers nobody accessed names nobody and explains nothing', () => {
  const result = attribute(model, ['NOT-A-CUSTOMER-1', 'NOT-A-CUSTOMER-2']);
  assert.equal(result.matched, 2);
  assert.equal(result.inHistory, 0);
  assert.deepEqual(result.sources, []);
  assert.equal(result.unexplained, 2);
});
