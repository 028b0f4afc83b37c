/**
 * Identity numbers and phone numbers that pass every format check a real one passes:
 * resident identity numbers per GB 11643-1999 (a real county code of birth, the birth date,
 * a sequence whose last digit's parity is the sex, the ISO 7064 MOD 11-2 check character), and
 * mainland mobile numbers on the prefixes libphonenumber knows as mobile, weighted roughly by
 * carriers' subscriber shares.
 *
 * Phone numbers are unique by construction: the eight digits after the prefix are a keyed
 * bijection of the customer index, so no two indices share them (outside people use indices
 * beyond the customers', so they never collide with a customer either).
 */
import { iso7064Mod112CheckChar } from '../detect/validators/iso7064-mod11-2.ts';
import { AliasTable, hashKey, type Prng } from './prng.ts';

/** Mobile prefixes libphonenumber accepts as CN mobile, with rough weights. */
const PREFIX_WEIGHTS: readonly (readonly [string, number])[] = [
  ['130', 3], ['131', 3], ['132', 3], ['133', 3], ['134', 4], ['135', 6], ['136', 6], ['137', 6],
  ['138', 7], ['139', 7], ['145', 0.5], ['147', 1], ['150', 4], ['151', 4], ['152', 3], ['153', 2],
  ['155', 2], ['156', 2], ['157', 2], ['158', 4], ['159', 4], ['162', 0.2], ['165', 0.3],
  ['166', 1], ['167', 0.2], ['170', 0.5], ['171', 0.5], ['172', 0.5], ['173', 1], ['175', 1],
  ['176', 1.5], ['177', 1.5], ['178', 1.5], ['180', 2], ['181', 2], ['182', 3], ['183', 3],
  ['184', 1], ['185', 2], ['186', 3], ['187', 4], ['188', 3], ['189', 3], ['190', 0.3],
  ['191', 1], ['192', 0.5], ['193', 0.5], ['195', 0.5], ['196', 0.3], ['197', 0.5], ['198', 1.5],
  ['199', 1.5],
]; // prettier-ignore

const PREFIXES = PREFIX_WEIGHTS.map(([p]) => p);
const PREFIX_TABLE = new AliasTable(PREFIX_WEIGHTS.map(([, w]) => w));

/** Domain of the eight subscriber digits, and the Feistel domain (2^27 ≥ 10^8) around it. */
const SUBSCRIBERS = 100_000_000;
const HALF_BITS = 14;
const HALF_MASK = (1 << HALF_BITS) - 1;

/** One 28-bit Feistel permutation (4 rounds), walked until it lands below 10^8. */
function permuteSubscriber(key: number, i: number): number {
  let x = i;
  do {
    let l = (x >>> HALF_BITS) & HALF_MASK;
    let r = x & HALF_MASK;
    for (let round = 0; round < 4; round++) {
      const f = hashKey(key, round, r) & HALF_MASK;
      const t = l ^ f;
      l = r;
      r = t;
    }
    x = (l << HALF_BITS) | r;
  } while (x >= SUBSCRIBERS);
  return x;
}

/**
 * A mobile number for person index i (unique per index below 10^8 within a seed).
 *
 * @example
 * mobileNumber(1, 0, new Prng(1)) // e.g. '13812345678'
 */
export function mobileNumber(seed: number, i: number, r: Prng): string {
  const prefix = PREFIXES[PREFIX_TABLE.draw(r)]!;
  return prefix + String(permuteSubscriber(hashKey(seed, 'phone'), i)).padStart(8, '0');
}

/**
 * A resident identity number (GB 11643-1999). `sequence` is 0–999; its last digit's parity
 * must match the sex (odd = male): callers draw it with {@link sequenceFor}.
 *
 * @example
 * residentIdNumber('110105', '1949-12-31', 2) // '11010519491231002X'
 */
export function residentIdNumber(county: string, birthDate: string, sequence: number): string {
  const body = county + birthDate.replaceAll('-', '') + String(sequence).padStart(3, '0');
  return body + iso7064Mod112CheckChar(body)!;
}

/**
 * A sequence number for the sex. Customers of the organisation get 000–899; people outside it
 * (in leaked lists) 900–999, so an outside person never shares a customer's ID number.
 *
 * @example
 * sequenceFor(new Prng(1), '女', false) % 2 // 0
 */
export function sequenceFor(r: Prng, sex: '男' | '女', outside: boolean): number {
  const base = outside ? 900 + r.int(50) * 2 : r.int(450) * 2;
  return base + (sex === '男' ? 1 : 0);
}
