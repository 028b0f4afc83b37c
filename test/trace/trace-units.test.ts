/**
 * The pure pieces of trace: the tail bound against exact binomial tails, synthetic identities
 * against piguard's own checks, date renderings, the access index, leak records, webhook
 * signatures.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { scanText } from '../../src/detect/text-scanner.ts';
import { isValidIso7064Mod112 } from '../../src/detect/validators/iso7064-mod11-2.ts';
import { divisionLexicon } from '../../src/detect/lexicon/divisions.ts';
import { attribute } from '../../src/trace/attribution.ts';
import { AccessIndexBuilder } from '../../src/trace/access-index.ts';
import { canaryCountFor } from '../../src/trace/canary-decorator.ts';
import { normaliseTrapIdentity } from '../../src/trace/canary-pool.ts';
import { renderDate, styleOfWritten } from '../../src/trace/export-marks.ts';
import { recordsOfTable } from '../../src/trace/leak-records.ts';
import { NullModel, partitionStrata } from '../../src/trace/null-model.ts';
import {
  residentIdFor,
  seededRandomInt,
  syntheticIdentity,
} from '../../src/trace/synthetic-identity.ts';
import { logUpperTail } from '../../src/trace/tail-bound.ts';
import { signWebhook, verifyWebhook } from '../../src/trace/webhook-signature.ts';
import { parseWrittenDate } from '../../src/trace/written-date.ts';

function exactBinomialTail(n: number, p: number, k: number): number {
  let logC = 0;
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    if (i >= k) sum += Math.exp(logC + i * Math.log(p) + (n - i) * Math.log1p(-p));
  }
  return sum;
}

test('the Chernoff tail bound is an upper bound, and not a loose one', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 300 }),
      fc.double({ min: 0.001, max: 0.999, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (n, p, q) => {
        const k = Math.round(q * n);
        const exact = exactBinomialTail(n, p, k);
        const bound = Math.exp(logUpperTail({ p: [p], count: [n], length: 1 }, k));
        assert.ok(bound >= exact * (1 - 1e-9), `n=${n} p=${p} k=${k}: ${bound} < ${exact}`);
        if (exact > 1e-300 && k > n * p)
          assert.ok(bound <= Math.max(1, 20 * Math.sqrt(n)) * exact + 1e-300);
      },
    ),
    { numRuns: 300 },
  );
  // All of a certain group plus an impossible k.
  assert.equal(logUpperTail({ p: [1, 0.5], count: [3, 2], length: 2 }, 3), 0);
  assert.equal(logUpperTail({ p: [0.5], count: [2], length: 1 }, 3), -Infinity);
  assert.ok(
    Math.abs(logUpperTail({ p: [0.5], count: [4], length: 1 }, 4) - 4 * Math.log(0.5)) < 1e-12,
  );
});

test('synthetic identities pass piguard’s own checks', () => {
  assert.equal(residentIdFor('110105', '1949-12-31', 2), '11010519491231002X');
  const rnd = seededRandomInt(1234);
  const counties = divisionLexicon().byCode;
  for (let i = 0; i < 200; i++) {
    const p = syntheticIdentity(rnd);
    assert.ok(isValidIso7064Mod112(p.idNumber), p.idNumber);
    assert.equal(p.idNumber.slice(6, 14), p.birthDate.replace(/-/g, ''));
    assert.ok(counties.has(p.idNumber.slice(0, 6)), 'real county code');
    assert.equal(Number(p.idNumber[16]) % 2 === 1, p.sex === 'M');
    const found = scanText(`身份证号：${p.idNumber}`).map((f) => f.type);
    assert.ok(found.includes('CN_RESIDENT_ID'));
  }
  const named = scanText(
    `客户姓名：${syntheticIdentity(rnd).name}，地址：${syntheticIdentity(rnd).address}`,
  );
  assert.ok(named.some((f) => f.type === 'PERSON_NAME'));
  assert.ok(named.some((f) => f.type === 'ADDRESS'));
});

test('canaries per export grow with its size', () => {
  assert.deepEqual(
    [0, 1, 19, 20, 500, 501, 50_000, 10_000_000].map(canaryCountFor),
    [0, 1, 1, 2, 2, 3, 101, 200],
  );
});

test('trap identities normalise', () => {
  assert.deepEqual(normaliseTrapIdentity('+86 170-0000-0001'), {
    identity: '17000000001',
    kind: 'phone',
  });
  assert.deepEqual(normaliseTrapIdentity(' Trap@Example.CN '), {
    identity: 'trap@example.cn',
    kind: 'email',
  });
  assert.equal(normaliseTrapIdentity('hello'), undefined);
});

test('date renderings are equivalent and read back', () => {
  for (const iso of ['2024-03-05', '1990-11-02', '1985-01-30']) {
    for (let s = 0; s < 4; s++) {
      const written = renderDate(iso, s);
      assert.equal(parseWrittenDate(written), iso);
      assert.equal(styleOfWritten(written), s);
    }
  }
  assert.equal(styleOfWritten('2024-11-12'), undefined); // padded and unpadded coincide
  assert.equal(parseWrittenDate('1990年3月7日'), '1990-03-07');
  assert.equal(parseWrittenDate('１９９０/０３/０７'), '1990-03-07');
  assert.equal(parseWrittenDate('1990-02-30'), undefined);
});

test('the access index keeps distinct pairs and the null model covers whole strata', () => {
  const b = new AccessIndexBuilder();
  for (let c = 0; c < 100; c++) {
    b.add(`C${c}`, 'BATCH');
    b.add(`C${c}`, 'BATCH');
    if (c % 2 === 0) b.add(`C${c}`, 'HALF');
  }
  const index = b.build(120);
  assert.equal(index.universe, 120);
  assert.equal(index.actorsOf.length, 150);
  assert.equal(index.events[index.customerIndex('C0')!], 3);
  assert.ok(index.accessed(1, index.customerIndex('C2')!));
  assert.ok(!index.accessed(1, index.customerIndex('C3')!));
  const model = NullModel.build(index, { minStratumSize: 10 });
  // The batch job touched every customer: chance 1, never evidence.
  assert.equal(model.probability(0, index.customerIndex('C3')!), 1);
});

test('leak records come from classified columns, also without a header', () => {
  const records = recordsOfTable({
    headers: [],
    rows: [
      ['張偉', '138 0013 8000', '1990/3/7'],
      ['李娜', '+86-139-1234-5678', '1985年11月2日'],
      ['王芳', '13700001111', '19770101'],
    ],
  });
  assert.equal(records.length, 3);
  assert.equal(records[0]!.name, '張偉');
  assert.equal(records[1]!.phone, '+86-139-1234-5678');
  assert.equal(records[2]!.birthDate, '19770101');
});

test('webhook signatures: valid, forged, stale', () => {
  const secret = Buffer.from('0123456789abcdef0123');
  const now = new Date(Date.UTC(2026, 0, 1));
  const ts = Math.floor(now.getTime() / 1000);
  const body = '{"identity":"17000000001"}';
  const sig = signWebhook(secret, ts, body);
  assert.ok(verifyWebhook(secret, String(ts), sig, body, now));
  assert.ok(!verifyWebhook(secret, String(ts), sig, `${body} `, now));
  assert.ok(
    !verifyWebhook(secret, String(ts - 600), signWebhook(secret, ts - 600, body), body, now),
  );
  assert.ok(!verifyWebhook(secret, undefined, sig, body, now));
});

test('actors with the same leaked customers are named together as indistinguishable', () => {
  // 2,000 customers; 40 background actors each read 60 random ones; TWIN_A and TWIN_B both read
  // the same 300 (say, one branch); the leak is 120 of those 300.
  let seed = 7;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const b = new AccessIndexBuilder();
  for (let a = 0; a < 40; a++) {
    for (let i = 0; i < 60; i++) b.add(`C${Math.floor(rand() * 2000)}`, `BG${a}`);
  }
  for (let c = 0; c < 300; c++) {
    b.add(`C${c}`, 'TWIN_A');
    b.add(`C${c}`, 'TWIN_B');
  }
  const index = b.build(2000);
  const model = NullModel.build(index, { minStratumSize: 10 });
  const leak = Array.from({ length: 120 }, (_, i) => `C${i * 2}`);
  const result = attribute(model, leak);
  const named = result.sources.map((s) => s.actor).sort();
  assert.deepEqual(named, ['TWIN_A', 'TWIN_B']);
  for (const s of result.sources) {
    assert.ok(s.fap < 1e-6, `${s.actor} ${s.fap}`);
    assert.deepEqual(s.indistinguishableFrom, [s.actor === 'TWIN_A' ? 'TWIN_B' : 'TWIN_A']);
  }
  // a lone source is not marked
  const solo = new AccessIndexBuilder();
  for (let a = 0; a < 40; a++) {
    for (let i = 0; i < 60; i++) solo.add(`C${Math.floor(rand() * 2000)}`, `BG${a}`);
  }
  for (let c = 0; c < 300; c++) solo.add(`C${c}`, 'ONLY');
  const alone = attribute(NullModel.build(solo.build(2000), { minStratumSize: 10 }), leak);
  assert.equal(alone.sources[0]?.actor, 'ONLY');
  assert.equal(alone.sources[0]?.indistinguishableFrom, undefined);
});

test('strata pool only neighbouring values, within d first and within the span', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 12 })), {
        minLength: 1,
        maxLength: 400,
      }),
      fc.integer({ min: 1, max: 40 }),
      fc.boolean(),
      (items, minSize, bounded) => {
        const d = items.map(([x]) => x);
        const bin = items.map(([, y]) => y);
        const span = bounded ? 4 : Infinity;
        const { stratumOf, strata } = partitionStrata([d, bin], minSize, [Infinity, span]);
        const members: number[][] = Array.from({ length: strata }, () => []);
        stratumOf.forEach((s, i) => members[s]!.push(i));
        assert.ok(
          members.every((m) => m.length > 0),
          'no empty stratum',
        );
        // The pooled d ranges: each stratum's d values lie within one range of neighbouring d
        // values (the hulls of the strata, overlapping hulls joined).
        const dValues = [...new Set(d)].sort((x, y) => x - y);
        const hull = members.map((m) => {
          const at = m.map((i) => dValues.indexOf(d[i]!));
          return [Math.min(...at), Math.max(...at)] as const;
        });
        const rangeOf = new Int32Array(dValues.length).fill(-1);
        let ranges = 0;
        for (const [lo, hi] of [...hull].sort((x, y) => x[0] - y[0])) {
          // sorted by lo: a hull overlapping an earlier one starts inside it
          const r = rangeOf[lo]! >= 0 ? rangeOf[lo]! : ranges++;
          for (let v = lo; v <= hi; v++) rangeOf[v] = r;
        }
        const count = (v: number): number => d.filter((x) => x === v).length;
        for (let r = 0; r < ranges; r++) {
          const range = dValues.filter((_, v) => rangeOf[v] === r);
          // only a d value with too few customers of its own is a reason to pool
          if (range.length > 1) assert.ok(range.some((v) => count(v) < minSize));
        }
        const root = (v: number): number => rangeOf[dValues.indexOf(v)]!;
        // Within a range, each stratum is an interval of bins, narrower than the span, and the
        // intervals do not overlap.
        const spans = members.map((m) => ({
          range: root(d[m[0]!]!),
          lo: Math.min(...m.map((i) => bin[i]!)),
          hi: Math.max(...m.map((i) => bin[i]!)),
          size: m.length,
        }));
        for (const x of spans) {
          assert.ok(x.hi - x.lo < span, 'within the span');
          if (!bounded && items.length >= minSize) assert.ok(x.size >= minSize, 'big enough');
          for (const y of spans) {
            if (x !== y && x.range === y.range) assert.ok(x.hi < y.lo || y.hi < x.lo, 'disjoint');
          }
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('a most-accessed leak does not accuse the actor who re-reads those customers', () => {
  // Issue 6, seed 1431845713, in miniature: 4,000 customers opened once per accessor (2 or 3
  // accessors); HEAVY re-reads 60 customers of their own 20 times. The 60 busiest customers
  // leak from outside. Pooled with the next d's low-events cells (the old single sort order),
  // HEAVY's 60 would be diluted into a stratum of 2,060 and HEAVY accused with p ≈ 0.03 each.
  const b = new AccessIndexBuilder();
  const agent = (i: number): string => `A${i % 40}`;
  const ids: string[] = [];
  for (let c = 0; c < 4060; c++) {
    const id = `C${String(c).padStart(5, '0')}`;
    ids.push(id);
    b.add(id, 'BATCH');
    if (c < 2000) b.add(id, agent(c));
    else if (c < 4000) {
      b.add(id, agent(c));
      b.add(id, agent(c + 7));
    } else for (let t = 0; t < 20; t++) b.add(id, 'HEAVY');
  }
  const index = b.build(4060);
  const model = NullModel.build(index, { minStratumSize: 100 });
  const busiest = [...ids].sort(
    (x, y) => index.events[index.customerIndex(y)!]! - index.events[index.customerIndex(x)!]!,
  );
  const outside = attribute(model, busiest.slice(0, 60));
  assert.deepEqual(outside.sources, []);
  assert.ok(outside.others.every((t) => t.fap >= 0.01));
  // ...while a leak of one agent's customers still names that agent.
  const book = ids.filter((_, c) => c < 2000 && c % 40 === 3).slice(0, 40);
  const inside = attribute(model, book);
  assert.equal(inside.sources[0]?.actor, 'A3');
  assert.ok(inside.sources[0]!.fap < 1e-6);
});
