import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePhoneNumber } from 'awesome-phonenumber';
import { createOrganisation } from '../../src/sim/index.ts';
import { residentIdLevel } from '../../src/detect/recognizers/cn-resident-id.ts';
import { isCnMobileNumber } from '../../src/detect/validators/cn-mobile-prefixes.ts';
import { surnameLengthAt } from '../../src/detect/lexicon/surnames.ts';
import { isCommonGivenName } from '../../src/detect/lexicon/given-name-chars.ts';
import { scanText } from '../../src/detect/text-scanner.ts';
import { PRODUCTS } from '../../src/sim/catalogue.ts';

const org = createOrganisation({ customers: 4000, staff: 150, months: 6, seed: 11 });
const customers = org.customers;

test('every ID number passes our resident-id validator and carries the birth date', () => {
  for (const c of customers) {
    assert.ok(residentIdLevel(c.id_number) >= 2, `customer ${c.customer_id}: ID number invalid`);
    assert.equal(c.id_number.slice(6, 14), c.birth_date.replaceAll('-', ''), c.customer_id);
    // Sequence parity is the sex (GB 11643: odd for men).
    assert.equal(Number(c.id_number[16]) % 2 === 1, c.gender === '男', c.customer_id);
  }
});

test('phones are unique mainland mobiles valid for our validator and libphonenumber', () => {
  const seen = new Set<string>();
  for (const c of customers) {
    assert.ok(isCnMobileNumber(c.phone), c.customer_id);
    assert.ok(!seen.has(c.phone), `${c.customer_id}: duplicate phone`);
    seen.add(c.phone);
  }
  for (const c of customers.slice(0, 300)) {
    const p = parsePhoneNumber(`+86${c.phone}`);
    assert.ok(p.valid && p.type === 'mobile', c.customer_id);
  }
});

test('names are a known surname and one or two given-name characters', () => {
  const surnames = new Map<string, number>();
  let compound = 0;
  let single = 0;
  for (const c of customers) {
    const n = surnameLengthAt(c.name, 0);
    assert.ok(n > 0, `${c.customer_id}: surname not in the lexicon`);
    const given = c.name.slice(n);
    assert.ok(given.length === 1 || given.length === 2, c.customer_id);
    assert.ok(isCommonGivenName(given), `${c.customer_id}: uncommon given name`);
    if (n === 2) compound++;
    if (given.length === 1) single++;
    surnames.set(c.name.slice(0, n), (surnames.get(c.name.slice(0, n)) ?? 0) + 1);
  }
  // Frequencies like the population's: 王/李/张 lead at ~7% each; many surnames in the tail.
  const top = [...surnames]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([s]) => s);
  assert.ok(
    top.every((s) => '王李张刘陈'.includes(s)),
    top.join(''),
  );
  assert.ok(surnames.size > 150, String(surnames.size));
  assert.ok(compound < customers.length * 0.01);
  assert.ok(single > customers.length * 0.08 && single < customers.length * 0.35);
});

test('addresses are recognised by the address recogniser, across provinces', () => {
  const provinces = new Set<string>();
  let found = 0;
  const sample = customers.slice(0, 400);
  for (const c of sample) {
    provinces.add(c.id_number.slice(0, 2));
    if (scanText(`地址：${c.address}`).some((f) => f.type === 'ADDRESS')) found++;
  }
  assert.ok(found >= sample.length * 0.97, `${found}/${sample.length}`);
  assert.ok(provinces.size >= 20, `birth provinces: ${provinces.size}`);
});

test('products, premiums, start dates and books are filled consistently', () => {
  const staff = new Map(org.staff.map((s) => [s.staff_id, s]));
  const names = new Set(PRODUCTS.map((p) => p.name));
  for (const c of customers) {
    assert.ok(names.has(c.product));
    assert.match(c.premium, /^[0-9]+\.00$/);
    assert.match(c.start_date, /^\d{4}-\d{2}-\d{2}$/);
    const agent = staff.get(c.agent);
    assert.ok(agent && agent.role === 'agent', `${c.customer_id}: book of a non-agent`);
    assert.equal(agent.branch, c.branch);
  }
});

test('customerAt regenerates the same customer', () => {
  const again = createOrganisation({ customers: 4000, staff: 150, months: 6, seed: 11 });
  for (const i of [0, 17, 3999]) assert.deepEqual(again.customerAt(i), customers[i]);
});
