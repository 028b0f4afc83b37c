import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Recognizer } from '../../src/detect/recognizer.ts';
import { RecognizerRegistry } from '../../src/detect/registry.ts';
import { extractContacts } from '../../src/monitor/contact-extractor.ts';
import { findPiSamples } from '../../src/monitor/pi-samples.ts';

// A stand-in mobile-number recogniser, so the test does not depend on which recognisers of the
// detection engine have landed yet.
const phones: Recognizer = {
  name: 'test-phone',
  type: 'PHONE_NUMBER',
  recognize: (t) =>
    [...t.folded.matchAll(/1[3-9]\d{9}/g)].map((m) => ({
      start: m.index,
      end: m.index + m[0].length,
      score: 0.9,
      normalized: m[0],
    })),
};
const registry = new RecognizerRegistry([phones]);
// A stand-in name recogniser: the costly kind that only runs when a sample row is likely.
const names: Recognizer = {
  name: 'test-name',
  type: 'PERSON_NAME',
  recognize: (t) =>
    [...t.original.matchAll(/王伟|李娜/g)].map((m) => ({
      start: m.index,
      end: m.index + m[0].length,
      score: 0.9,
    })),
};
const both = new RecognizerRegistry([phones, names]);

test('samples are masked and typed', () => {
  const r = findPiSamples('样本：王伟 13900139001，李娜 13700137002', [], { registry });
  assert.deepEqual(r.types, ['PHONE_NUMBER']);
  assert.deepEqual(
    r.samples.map((s) => s.masked),
    ['139****9001', '137****7002'],
  );
  for (const s of r.samples) assert.doesNotMatch(s.masked, /13900139001|13700137002/);
});

test("the seller's own phone handle is not a sample", () => {
  const text = '出车主资料，样本 13900139001，联系电话 13800138003';
  const r = findPiSamples(text, extractContacts(text), { registry });
  assert.deepEqual(
    r.samples.map((s) => s.masked),
    ['139****9001'],
  );
});

test('maxSamples bounds the samples but not the types', () => {
  const r = findPiSamples('13900139001 13900139002 13900139003', [], { registry, maxSamples: 1 });
  assert.equal(r.samples.length, 1);
  assert.deepEqual(r.types, ['PHONE_NUMBER']);
});

test('a post without PI has no samples', () => {
  assert.deepEqual(findPiSamples('出车主资料', [], { registry }), { types: [], samples: [] });
});

test('names are looked for only where a fast recogniser found a sample, unless asked', () => {
  assert.deepEqual(findPiSamples('联系人王伟', [], { registry: both }).types, []);
  assert.deepEqual(findPiSamples('联系人王伟', [], { registry: both, deep: 'always' }).types, [
    'PERSON_NAME',
  ]);
  assert.deepEqual(findPiSamples('样本：王伟 13900139001', [], { registry: both }).types, [
    'PERSON_NAME',
    'PHONE_NUMBER',
  ]);
  assert.deepEqual(
    findPiSamples('样本：王伟 13900139001', [], { registry: both, deep: 'never' }).types,
    ['PHONE_NUMBER'],
  );
});
