import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CanonicalJsonError,
  canonicalJson,
  canonicalJsonString,
} from '../../src/audit/canonical-json.ts';

test('sorted keys, no whitespace, nested', () => {
  assert.equal(
    canonicalJsonString({ z: 1, a: { y: [1, 'two', null, false], b: {} }, m: -0 }),
    '{"a":{"b":{},"y":[1,"two",null,false]},"m":0,"z":1}',
  );
});

test('keys sort by UTF-16 code units (RFC 8785 order)', () => {
  // U+20AC (€) < U+FB33 < U+1F600 (surrogates D83D…) by code units: € (0x20ac), 😀 (0xd83d), דּ (0xfb33)
  assert.equal(
    canonicalJsonString({ '\ufb33': 1, '😀': 2, '€': 3, a: 4 }),
    '{"a":4,"€":3,"😀":2,"דּ":1}',
  );
});

test('strings: UTF-8 out, control characters escaped, no other escapes', () => {
  const bytes = canonicalJson({ name: '张三\n"/' });
  assert.equal(bytes.toString('utf8'), '{"name":"张三\\n\\"/"}');
  assert.equal(bytes.length, Buffer.byteLength('{"name":"张三\\n\\"/"}'));
});

test('numbers use the shortest round-trip form', () => {
  assert.equal(canonicalJsonString([1e21, 1.5, 0.1, 1e-7, 100]), '[1e+21,1.5,0.1,1e-7,100]');
});

test('rejects what JSON cannot carry, naming the path', () => {
  const bad: Array<[unknown, RegExp]> = [
    [{ a: undefined }, /\$\.a: undefined/],
    [[NaN], /\$\[0\]: NaN/],
    [{ x: Infinity }, /Infinity/],
    [{ n: 1n }, /bigint/],
    [{ d: new Date(0) }, /Date is not a plain object/],
    [{ f: () => 1 }, /function/],
    [new Map(), /Map/],
  ];
  for (const [value, re] of bad)
    assert.throws(
      () => canonicalJson(value),
      (e: unknown) => e instanceof CanonicalJsonError && re.test(e.message),
    );
  const cyclic: Record<string, unknown> = {};
  cyclic['self'] = cyclic;
  assert.throws(() => canonicalJson(cyclic), /cycle/);
});

test('property: canonical form parses back to an equal value and is stable under key order', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      const s = canonicalJsonString(v);
      const parsed: unknown = JSON.parse(s);
      assert.equal(canonicalJsonString(parsed), s);
      // Shuffling keys (by rebuilding objects in reverse order) does not change the bytes.
      const reversed = JSON.parse(s, (_k, val: unknown) =>
        val && typeof val === 'object' && !Array.isArray(val)
          ? Object.fromEntries(Object.entries(val).reverse())
          : val,
      ) as unknown;
      assert.equal(canonicalJsonString(reversed), s);
    }),
    { numRuns: 200 },
  );
});
