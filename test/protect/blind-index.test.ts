import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { InputError } from '../../src/core/errors.ts';
import { KeyRing, type MasterKeySource } from '../../src/protect/key-ring.ts';
import {
  BLIND_INDEX_BYTES,
  BlindIndex,
  type SingleValueKind,
} from '../../src/protect/blind-index.ts';

const KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => i)); // 00 01 … 1f
const PHONE = '13800138000';

function provider(): MasterKeySource {
  const key = randomBytes(32);
  return { getMasterKey: () => Promise.resolve(Buffer.from(key)) };
}

test('known answers: HMAC-SHA-256(key, kind || 0x00 || value), full 32 bytes', () => {
  // Expected values computed independently with Python's hmac module.
  const index = new BlindIndex(KEY);
  assert.equal(
    index.hex('phone', PHONE),
    '60b1a06f8bb341d015b2c5d4de216b2138bffd04d8d0d7fd961671f4986644a4',
  );
  assert.equal(
    index.nameAndBirthDate('张三', '1990-03-07').toString('hex'),
    '2e58943afb2c637ce33688dbcd5e9fe9baa60126cafc378c67da33d78259e6e0',
  );
  assert.equal(index.compute('phone', PHONE).length, BLIND_INDEX_BYTES);
});

test('deterministic across instances and across reopening the key ring', async () => {
  const p = provider();
  const { ring, records } = await KeyRing.initialise(p);
  const reopened = await KeyRing.open(p, records);
  const a = BlindIndex.fromKeyRing(ring);
  const b = BlindIndex.fromKeyRing(reopened);
  assert.deepEqual(a.compute('phone', PHONE), b.compute('phone', PHONE));
  assert.deepEqual(a.compute('phone', PHONE), a.compute('phone', PHONE));
  assert.deepEqual(
    a.nameAndBirthDate('张三', '1990-03-07'),
    b.nameAndBirthDate('张三', '1990-03-07'),
  );
});

test('key separation: other keys and other vaults give unrelated indexes', async () => {
  const one = BlindIndex.fromKeyRing((await KeyRing.initialise(provider())).ring);
  const two = BlindIndex.fromKeyRing((await KeyRing.initialise(provider())).ring);
  assert.notDeepEqual(one.compute('phone', PHONE), two.compute('phone', PHONE));
  assert.notDeepEqual(new BlindIndex(KEY).compute('phone', PHONE), one.compute('phone', PHONE));
});

test('kind separation: the same string indexed as another kind does not match', () => {
  const index = new BlindIndex(KEY);
  const value = '11010519491231002X';
  assert.notDeepEqual(index.compute('id_number', value), index.compute('phone', value));
  assert.notDeepEqual(index.compute('email', value), index.compute('phone', value));
});

test('name + birth date: both parts matter, and the split point cannot be shifted', () => {
  const index = new BlindIndex(KEY);
  const base = index.nameAndBirthDate('张三', '1990-03-07');
  assert.notDeepEqual(base, index.nameAndBirthDate('张三', '1990-03-08'));
  assert.notDeepEqual(base, index.nameAndBirthDate('张四', '1990-03-07'));
  assert.throws(() => index.nameAndBirthDate('张三', '1990/03/07'), InputError);
  assert.throws(() => index.nameAndBirthDate('', '1990-03-07'), InputError);
  assert.throws(() => index.nameAndBirthDate('张\u0000三', '1990-03-07'), InputError);
});

test('empty values, NUL characters and unknown kinds are refused without echoing the value', () => {
  const index = new BlindIndex(KEY);
  assert.throws(() => index.compute('phone', ''), /phone blind index is empty/);
  assert.throws(
    () => index.compute('phone', `${PHONE}\u0000`),
    (err: unknown) => err instanceof InputError && !err.message.includes(PHONE),
  );
  assert.throws(() => index.compute('name_birth_date' as SingleValueKind, 'x'), /unknown/);
  assert.throws(() => index.compute('bank_card' as SingleValueKind, 'x'), /unknown/);
  assert.throws(() => index.compute('toString' as SingleValueKind, 'x'), /unknown/);
  assert.throws(() => new BlindIndex(randomBytes(16)), /32 bytes/);
});

test('property: distinct (kind, value) pairs give distinct indexes; equal ones equal indexes', () => {
  const index = new BlindIndex(KEY);
  const kind = fc.constantFrom<SingleValueKind>('phone', 'id_number', 'email');
  const value = fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 24 })
    .filter((s) => !s.includes('\u0000'));
  fc.assert(
    fc.property(kind, value, kind, value, (k1, v1, k2, v2) => {
      const same = index.compute(k1, v1).equals(index.compute(k2, v2));
      assert.equal(same, k1 === k2 && v1 === v2);
      assert.deepEqual(index.compute(k1, v1), new BlindIndex(KEY).compute(k1, v1));
    }),
    { numRuns: 500 },
  );
});

test('destroy() zeroes the key and refuses further use', () => {
  const index = new BlindIndex(KEY);
  index.destroy();
  assert.throws(() => index.compute('phone', PHONE), /destroyed/);
  assert.equal(KEY[31], 31); // the caller's key was copied, not zeroed
});

test('blindIndexFor normalises values as written before indexing them', () => {
  const index = new BlindIndex(KEY);
  const phone = index.compute('phone', PHONE);
  for (const written of [
    '+86 138-0013-8000',
    '0086 13800138000',
    '１３８００１３８０００',
    ' 138 0013 8000 ',
  ]) {
    assert.deepEqual(index.blindIndexFor('phone', written), phone);
  }
  const id = index.compute('id_number', '11010519491231002X');
  assert.deepEqual(index.blindIndexFor('id_number', '110105 19491231 002x'), id);
  assert.deepEqual(index.blindIndexFor('id_number', '110105491231002'), id); // legacy 15 digits
  assert.deepEqual(
    index.blindIndexFor('email', ' Zhang.San@Example.CN '),
    index.compute('email', 'zhang.san@example.cn'),
  );
  const nb = index.nameAndBirthDate('张三', '1990-03-07');
  for (const birthDate of [
    '1990-03-07',
    '1990/3/7',
    '19900307',
    '1990年3月7日',
    '１９９０-03-07',
  ]) {
    assert.deepEqual(index.blindIndexFor('name_birth_date', { name: ' 張 三 ', birthDate }), nb);
  }
});

test('blindIndexFor refuses values that do not normalise, without echoing them', () => {
  const index = new BlindIndex(KEY);
  const noEcho = (value: string) => (err: unknown) =>
    err instanceof InputError &&
    /cannot be normalised/.test(err.message) &&
    !err.message.includes(value);
  assert.throws(() => index.blindIndexFor('phone', '12345'), noEcho('12345'));
  assert.throws(() => index.blindIndexFor('id_number', '1101051949123'), noEcho('1101051949123'));
  assert.throws(() => index.blindIndexFor('email', 'zhang.san'), noEcho('zhang.san'));
  for (const birthDate of ['1990-02-30', '1990-13-01', '90-03-07', '1990111', '']) {
    assert.throws(
      () => index.blindIndexFor('name_birth_date', { name: '张三', birthDate }),
      /birth date for the name_birth_date blind index/,
    );
  }
  assert.throws(
    () => index.blindIndexFor('name_birth_date', { name: ' ', birthDate: '1990-03-07' }),
    /empty/,
  );
});
