import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { KeyRing } from '../../src/protect/key-ring.ts';
import {
  DecryptionError,
  FIELD_FORMAT_V1,
  FIELD_OVERHEAD_BYTES,
  FieldCipher,
} from '../../src/protect/field-cipher.ts';

const PHONE = '13800138000';
const ID_NUMBER = '11010519491231002X';

async function setup(cacheSize?: number) {
  const key = randomBytes(32);
  const { ring } = await KeyRing.initialise(
    { getMasterKey: () => Promise.resolve(key) },
    cacheSize === undefined ? {} : { cacheSize },
  );
  return { ring, cipher: new FieldCipher(ring) };
}

function flipBit(bytes: Uint8Array, bit: number): Buffer {
  const out = Buffer.from(bytes);
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}

test('round trip of text (incl. Chinese and empty), bytes and the base64 form', async () => {
  const { ring, cipher } = await setup();
  const rec = ring.createDataKey('C000001');
  for (const value of [PHONE, '张三', '北京市东城区东华门街道 1 号', '', 'a\u0000b']) {
    const sealed = cipher.encrypt(rec, 'field', value);
    assert.equal(sealed.length, Buffer.byteLength(value) + FIELD_OVERHEAD_BYTES);
    assert.equal(sealed[0], FIELD_FORMAT_V1);
    assert.equal(sealed.readUInt32BE(1), 1);
    assert.equal(cipher.decryptString(rec, 'field', sealed), value);
    assert.equal(cipher.decryptString(rec, 'field', sealed.toString('base64')), value);
  }
  const bytes = randomBytes(100);
  assert.deepEqual(cipher.decrypt(rec, 'blob', cipher.encrypt(rec, 'blob', bytes)), bytes);
});

test('each encryption uses a fresh nonce; the plaintext does not appear in the ciphertext', async () => {
  const { ring, cipher } = await setup();
  const rec = ring.createDataKey('C1');
  const a = cipher.encrypt(rec, 'phone', PHONE);
  const b = cipher.encrypt(rec, 'phone', PHONE);
  assert.notDeepEqual(a.subarray(5, 17), b.subarray(5, 17));
  assert.notDeepEqual(a, b);
  assert.equal(a.includes(Buffer.from(PHONE)), false);
  const nonces = new Set<string>();
  for (let i = 0; i < 5000; i++) {
    nonces.add(cipher.encrypt(rec, 'phone', PHONE).subarray(5, 17).toString('hex'));
  }
  assert.equal(nonces.size, 5000);
});

test('ciphertext moved to another field or another customer fails; errors carry no plaintext', async () => {
  const { ring, cipher } = await setup();
  const a = ring.createDataKey('C-A');
  const b = ring.createDataKey('C-B');
  const sealed = cipher.encrypt(a, 'phone', PHONE);
  for (const attempt of [
    () => cipher.decrypt(a, 'mobile', sealed),
    () => cipher.decrypt(a, 'id_number', sealed),
    () => cipher.decrypt(b, 'phone', sealed),
  ]) {
    assert.throws(attempt, (err: unknown) => {
      assert.ok(err instanceof DecryptionError);
      assert.equal(err.message.includes(PHONE), false);
      assert.match(err.message, /failed authentication/);
      return true;
    });
  }
});

test('field names are compared exactly: case, spacing and prefixes differ', async () => {
  const { ring, cipher } = await setup();
  const rec = ring.createDataKey('C1');
  const sealed = cipher.encrypt(rec, 'phone', PHONE);
  for (const other of ['Phone', 'phone ', 'phon', 'phone2', '']) {
    assert.throws(() => cipher.decrypt(rec, other, sealed), DecryptionError);
  }
  assert.equal(cipher.decryptString(rec, 'phone', sealed), PHONE);
});

test('tamper: flipping any single bit of a ciphertext makes it fail', async () => {
  const { ring, cipher } = await setup();
  const rec = ring.createDataKey('C1');
  const sealed = cipher.encrypt(rec, 'id_number', ID_NUMBER);
  for (let bit = 0; bit < sealed.length * 8; bit++) {
    assert.throws(() => cipher.decrypt(rec, 'id_number', flipBit(sealed, bit)), DecryptionError);
  }
});

test('property: round trip holds and any bit flip is detected, for arbitrary values and names', async () => {
  const { ring, cipher } = await setup();
  fc.assert(
    fc.property(
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.string({ minLength: 1, maxLength: 12 }),
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.nat(),
      (customerId, field, value, bitSeed) => {
        const rec = ring.createDataKey(customerId);
        const sealed = cipher.encrypt(rec, field, value);
        assert.equal(cipher.decryptString(rec, field, sealed), value);
        const bit = bitSeed % (sealed.length * 8);
        assert.throws(() => cipher.decrypt(rec, field, flipBit(sealed, bit)), DecryptionError);
      },
    ),
    { numRuns: 300 },
  );
});

test('malformed input and key-version mismatch are reported as DecryptionError', async () => {
  const { ring, cipher } = await setup();
  const rec = ring.createDataKey('C1');
  const sealed = cipher.encrypt(rec, 'phone', PHONE);
  assert.throws(() => cipher.decrypt(rec, 'phone', sealed.subarray(0, 20)), /truncated/);
  const v9 = Buffer.from(sealed);
  v9[0] = 9;
  assert.throws(() => cipher.decrypt(rec, 'phone', v9), /unknown format version 9/);
  assert.throws(() => cipher.decrypt({ ...rec, keyVersion: 2 }, 'phone', sealed), /version 1/);

  // A customer re-keyed to DEK version 2: version-1 ciphertexts are refused before decryption.
  const rekeyed = ring.createDataKey('C2', 2);
  const sealed2 = cipher.encrypt(rekeyed, 'phone', PHONE);
  assert.equal(sealed2.readUInt32BE(1), 2);
  assert.equal(cipher.decryptString(rekeyed, 'phone', sealed2), PHONE);
});

test('encryptFields seals every present field under its own name and keeps nulls', async () => {
  const { ring, cipher } = await setup();
  const rec = ring.createDataKey('C1');
  const out = cipher.encryptFields(rec, {
    name: '张三',
    phone: PHONE,
    email: null,
    address: undefined,
  });
  assert.equal(out.email, null);
  assert.equal(out.address, null);
  assert.equal(cipher.decryptString(rec, 'name', out.name!), '张三');
  assert.equal(cipher.decryptString(rec, 'phone', out.phone!), PHONE);
  assert.throws(() => cipher.decrypt(rec, 'name', out.phone!), DecryptionError);
});

test('works with an empty DEK cache (every call unwraps) and across re-wraps', async () => {
  const { ring, cipher } = await setup(0);
  const rec = ring.createDataKey('C1');
  const sealed = cipher.encrypt(rec, 'phone', PHONE);
  await ring.rotate();
  const rewrapped = ring.rewrapDataKey(rec);
  assert.notDeepEqual(rewrapped.wrappedDek, rec.wrappedDek);
  assert.equal(cipher.decryptString(rewrapped, 'phone', sealed), PHONE);
  assert.equal(cipher.decryptString(rec, 'phone', sealed), PHONE);
});
