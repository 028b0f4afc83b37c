/**
 * Legal-threshold counting (法释〔2017〕10号 art. 5), table-driven: categories and their tiers,
 * halving for information obtained in the course of duties, 10× for "especially serious",
 * the combined ratio, and the configurable mapping.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_LEGAL_CONFIG,
  legalConfigFrom,
  loadLegalConfig,
  thresholdsOf,
  type LegalConfig,
} from '../../src/cases/legal-categories.ts';
import { countLegalCategories, type CountableEntry } from '../../src/cases/legal-count.ts';
import { InputError } from '../../src/core/errors.ts';

const ids = (n: number, prefix = 'C') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const entry = (customers: string[], fields?: string[], extra: Partial<CountableEntry> = {}) => ({
  type: 'access',
  actor: 'S1',
  action: 'export',
  decision: 'allow',
  customers,
  ...(fields ? { fields } : {}),
  ...extra,
});
const noDuty: LegalConfig = { ...DEFAULT_LEGAL_CONFIG, obtained_in_duty: false };

test('thresholds: 50 / 500 / 5,000, halved in duty, 10× especially serious', () => {
  const table: Array<[Parameters<typeof thresholdsOf>[0], boolean, number, number]> = [
    ['property', false, 50, 500],
    ['whereabouts', false, 50, 500],
    ['communication_content', false, 50, 500],
    ['credit', false, 50, 500],
    ['transaction', false, 500, 5000],
    ['accommodation', false, 500, 5000],
    ['health', false, 500, 5000],
    ['communication_records', false, 500, 5000],
    ['other', false, 5000, 50000],
    ['property', true, 25, 250],
    ['transaction', true, 250, 2500],
    ['other', true, 2500, 25000],
  ];
  for (const [category, duty, serious, especially] of table) {
    assert.deepEqual(
      thresholdsOf(category, duty),
      { serious, especiallySerious: especially },
      `${category} duty=${duty}`,
    );
  }
});

test('levels per category and overall, table-driven', () => {
  const cases: Array<{
    name: string;
    entries: ReturnType<typeof entry>[];
    config: LegalConfig;
    expect: Record<string, [number, string]>;
    level: string;
  }> = [
    {
      name: '4,999 identity records outside duty: below',
      entries: [entry(ids(4999), ['name', 'phone'])],
      config: noDuty,
      expect: { other: [4999, 'below'] },
      level: 'below',
    },
    {
      name: '5,000 identity records outside duty: serious',
      entries: [entry(ids(5000), ['name', 'phone'])],
      config: noDuty,
      expect: { other: [5000, 'serious'] },
      level: 'serious',
    },
    {
      name: '2,500 identity records in duty: serious (halved)',
      entries: [entry(ids(2500), ['name', 'phone'])],
      config: DEFAULT_LEGAL_CONFIG,
      expect: { other: [2500, 'serious'] },
      level: 'serious',
    },
    {
      name: '250 policy records in duty: serious (transaction, halved)',
      entries: [entry(ids(250), ['name', 'premium'])],
      config: DEFAULT_LEGAL_CONFIG,
      expect: { transaction: [250, 'serious'], other: [0, 'below'] },
      level: 'serious',
    },
    {
      name: '2,500 policy records in duty: especially serious (10×)',
      entries: [entry(ids(2500), ['name', 'product'])],
      config: DEFAULT_LEGAL_CONFIG,
      expect: { transaction: [2500, 'especially_serious'] },
      level: 'especially_serious',
    },
    {
      name: '499 policy records outside duty: below',
      entries: [entry(ids(499), ['premium'])],
      config: noDuty,
      expect: { transaction: [499, 'below'] },
      level: 'below',
    },
    {
      name: '50 bank cards outside duty: serious (property)',
      entries: [entry(ids(50), ['bank_card'])],
      config: noDuty,
      expect: { property: [50, 'serious'] },
      level: 'serious',
    },
    {
      name: 'combined (art. 5 (六)): 300 transaction + 2,000 other outside duty → 0.6 + 0.4 = 1',
      entries: [entry(ids(300, 'T'), ['premium']), entry(ids(2000, 'O'), ['phone'])],
      config: noDuty,
      expect: { transaction: [300, 'below'], other: [2000, 'below'] },
      level: 'serious',
    },
    {
      name: 'a customer counts once, in the most sensitive category seen',
      entries: [entry(['A', 'B'], ['name']), entry(['A'], ['premium'])],
      config: noDuty,
      expect: { transaction: [1, 'below'], other: [1, 'below'] },
      level: 'below',
    },
    {
      name: 'entries without fields take the default fields (a full policy record)',
      entries: [entry(ids(10))],
      config: noDuty,
      expect: { transaction: [10, 'below'], other: [0, 'below'] },
      level: 'below',
    },
    {
      name: 'denied accesses, other actors, other entry types and excluded actions do not count',
      entries: [
        entry(ids(10), ['name'], { decision: 'deny' }),
        entry(ids(10), ['name'], { actor: 'S2' }),
        entry(ids(10), ['name'], { type: 'case' }),
        entry(ids(10), ['name'], { action: 'search' }),
        entry(['X'], ['name'], { action: 'view' }),
      ],
      config: { ...noDuty, actions: ['view', 'export'] },
      expect: { other: [1, 'below'] },
      level: 'below',
    },
  ];
  for (const c of cases) {
    const a = countLegalCategories(c.entries, 'S1', c.config);
    for (const [category, [records, level]] of Object.entries(c.expect)) {
      const line = a.by_category.find((x) => x.category === category)!;
      assert.equal(line.records, records, `${c.name}: ${category} records`);
      assert.equal(line.level, level, `${c.name}: ${category} level`);
    }
    assert.equal(a.level, c.level, `${c.name}: overall level`);
  }
});

test('the combined ratio and distinct customers', () => {
  const a = countLegalCategories(
    [
      entry(ids(300, 'T'), ['premium']),
      entry(ids(2000, 'O'), ['phone']),
      entry(ids(5, 'T'), ['premium']),
    ],
    'S1',
    noDuty,
  );
  assert.equal(a.customers, 2300);
  assert.equal(a.combined_ratio, 1);
  assert.equal(a.entries_counted, 3);
  assert.deepEqual(a.fields, ['phone', 'premium']);
});

test('mapping files: YAML and JSON, merged over the defaults; bad ones name the member', () => {
  const dir = mkdtempSync(join(tmpdir(), 'piguard-legal-'));
  const yaml = join(dir, 'm.yaml');
  writeFileSync(
    yaml,
    'fields:\n  premium: property\n  vehicle_plate: whereabouts\nobtained_in_duty: false\n',
  );
  const c = loadLegalConfig(yaml);
  assert.equal(c.fields['premium'], 'property');
  assert.equal(c.fields['vehicle_plate'], 'whereabouts');
  assert.equal(c.fields['phone'], 'other');
  assert.equal(c.obtained_in_duty, false);
  const a = countLegalCategories([entry(ids(50), ['premium'])], 'S1', c);
  assert.equal(a.by_category.find((x) => x.category === 'property')!.level, 'serious');

  const json = join(dir, 'm.json');
  writeFileSync(json, JSON.stringify({ default_fields: ['phone'], actions: ['export'] }));
  assert.deepEqual(loadLegalConfig(json).default_fields, ['phone']);

  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'fields:\n  premium: gold\n');
  assert.throws(
    () => loadLegalConfig(bad),
    (e: unknown) =>
      e instanceof InputError && /bad\.yaml: legal mapping: fields\.premium/.test(e.message),
  );
  writeFileSync(bad, 'bogus: 1\n');
  assert.throws(() => loadLegalConfig(bad), InputError);
  writeFileSync(bad, 'fields: [\n');
  assert.throws(() => loadLegalConfig(bad), /bad\.yaml:\d+: not valid YAML/);
  assert.throws(() => legalConfigFrom({ obtained_in_duty: 'yes' }), InputError);
});
