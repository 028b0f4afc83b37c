/**
 * Trace on leaks made by another generator: the shared simulator's organisation (src/sim), its
 * leaked files (subset, shuffle, dropped columns, reformatted phones, traditional characters,
 * outside rows, merged sources) and its complaint wave, each traced in memory against the
 * access history before the file was seen. Seed random, printed on failure (TRACE_SEED).
 */
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { test } from 'node:test';
import { BlindIndex } from '../../src/protect/blind-index.ts';
import { createOrganisation, simulateEvents } from '../../src/sim/index.ts';
import { AccessIndexBuilder } from '../../src/trace/access-index.ts';
import { attribute } from '../../src/trace/attribution.ts';
import { matchRecords, MemoryDigestLookup } from '../../src/trace/leak-matcher.ts';
import { recordsOfTable } from '../../src/trace/leak-records.ts';
import { NullModel } from '../../src/trace/null-model.ts';

const SEED = Number(process.env['TRACE_SEED'] ?? randomInt(1, 2 ** 31));
const org = createOrganisation({ customers: 10_000, staff: 150, months: 6, seed: SEED });
const pairs: { customer: string; actor: string; t: number }[] = [];
for (const events of simulateEvents(org)) {
  for (const e of events) {
    const t = Date.parse(e.ts);
    for (const customer of e.customers) pairs.push({ customer, actor: e.actor, t });
  }
}
const blindIndex = new BlindIndex(randomBytes(32));
const lookup = new MemoryDigestLookup();
for (const cu of org.customers) {
  lookup.add('phone', blindIndex.blindIndexFor('phone', cu.phone), cu.customer_id);
  lookup.add('id_number', blindIndex.blindIndexFor('id_number', cu.id_number), cu.customer_id);
  lookup.add(
    'name_birth_date',
    blindIndex.blindIndexFor('name_birth_date', { name: cu.name, birthDate: cu.birth_date }),
    cu.customer_id,
  );
}

/** The share of `customers` that `actor` had touched before `ms`. */
function heldShare(actor: string, ms: number, customers: readonly string[]): number {
  const seen = new Set<string>();
  for (const p of pairs) if (p.actor === actor && p.t < ms) seen.add(p.customer);
  return customers.filter((c) => seen.has(c)).length / Math.max(1, customers.length);
}

function modelBefore(ms: number, withTimes = false): NullModel {
  const b = new AccessIndexBuilder();
  for (const p of pairs) if (p.t < ms) b.add(p.customer, p.actor, withTimes ? p.t : undefined);
  return NullModel.build(b.build(org.customerCount));
}

test(`the simulator's leaked files: the true source is top-1 (seed ${SEED})`, async () => {
  let correct = 0;
  let ranked = 0;
  const notes: string[] = [];
  const extra: string[] = [];
  for (const leak of org.leaks) {
    const model = modelBefore(Date.parse(leak.truth.seen_at));
    const records = recordsOfTable({ headers: leak.headers, rows: leak.rows });
    const { ids } = await matchRecords(records, blindIndex, lookup);
    const matched = ids.filter((x): x is string => x !== null);
    const truthRows = leak.customerIds.filter((x) => x !== null).length;
    assert.ok(
      matched.length >= 0.95 * truthRows,
      `${leak.truth.file}: matched ${matched.length}/${truthRows}`,
    );
    const result = attribute(model, matched);
    const truth = new Set(leak.truth.sources.map((s) => s.actor));
    // Other insiders of the simulation with overlapping histories can be named too (reported,
    // not asserted: a second insider whose history holds every residual row is indistinguishable).
    for (const s of result.sources) {
      if (!truth.has(s.actor))
        extra.push(`${leak.truth.file}: also named ${s.actor} (fap ${s.fap.toExponential(1)})`);
    }
    const main = [...leak.truth.sources].sort((a, b) => b.rows - a.rows)[0]!;
    if (main.rows >= 200) {
      const named = result.sources.find((x) => x.actor === main.actor);
      assert.ok(
        named && named.fap <= 1e-6,
        `${leak.truth.file}: ${main.actor} with ${main.rows} rows not named at 1e-6 (seed ${SEED})`,
      );
    }
    const top = result.sources[0] ?? result.others[0];
    // Two histories that both hold (nearly) every row of a file cannot be told apart by access
    // sets: which one ranks first is then decided by the sizes of their histories, not by who
    // leaked. Seed 298894911: a bulk exporter and a drip in the same branch read overlapping
    // thirds of a 10,000-customer organisation, and each one's files named the other at
    // FAP < 1e-30. Such files are reported, not counted; the true source must still be named at
    // FAP ≤ 1e-6 (asserted above).
    const seenAt = Date.parse(leak.truth.seen_at);
    if (top && !truth.has(top.actor) && heldShare(top.actor, seenAt, matched) >= 0.99) {
      extra.push(`${leak.truth.file}: ${top.actor} also holds every row (truth ${[...truth]})`);
      continue;
    }
    ranked++;
    if (top && truth.has(top.actor)) correct++;
    else notes.push(`${leak.truth.file}: top ${top?.actor}, truth ${[...truth]}`);
  }
  if (extra.length > 0) console.log(`# seed ${SEED}: ${extra.join('; ')}`);
  assert.ok(
    correct >= Math.ceil(0.8 * ranked),
    `${correct}/${ranked}: ${notes.join('; ')} (seed ${SEED})`,
  );
});

test(`the simulator's complaint wave: where its source ranks (seed ${SEED})`, () => {
  const truth = org.truth.complaints;
  if (truth.caused_by === undefined) return;
  const byPhone = new Map(org.customers.map((c) => [c.phone, c.customer_id]));
  const cutoffs = new Map<string, number>();
  let last = 0;
  for (const c of org.complaints) {
    const t = Date.parse(c.ts);
    last = Math.max(last, t);
    const id = c.customer ?? byPhone.get((c.phone ?? '').replace(/\D/g, '').slice(-11));
    if (id !== undefined && (!cutoffs.has(id) || t < cutoffs.get(id)!)) cutoffs.set(id, t);
  }
  assert.ok(cutoffs.size >= 0.95 * org.complaints.length, 'complainants resolve to customers');
  const result = attribute(modelBefore(last + 1, true), [...cutoffs.keys()], {
    cutoffs,
    maxRounds: 0,
  });
  const rank = result.others.findIndex((o) => o.actor === truth.caused_by);
  // Reported, not asserted: the simulator draws background complaints from the customers the
  // organisation deals with most, which the call centre has also called — see docs/trace.md.
  console.log(
    `# seed ${SEED}: complaint wave ${truth.wave}/${truth.total} from ${truth.caused_by}: rank ${rank + 1}, ` +
      `top ${result.others[0]?.actor} (fap ${result.others[0]?.fap.toExponential(1)})`,
  );
  assert.ok(rank >= 0, 'the source accessed complaining customers before their complaints');
});
