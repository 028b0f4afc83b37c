import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { KeyRing } from '../../src/protect/key-ring.ts';
import {
  DecryptionError,
  FIELD_FORMAT_V2_RECORD,
  FIELD_OVERHEAD_BYTES,
  FieldCipher,
} from '../../src/protect/field-cipher.ts';

const FIELDS = ['name', 'phone', 'id_number', 'email', 'extra'] as const;
const VALUES = ['张三', '13800138000', '11010519491231002X', null, '{"备注":"VIP"}'];
const ALL = FIELDS.map(() => true);

async function setup() {
  const key = randomBytes(32);
  const { ring } = await KeyRing.initialise({ getMasterKey: () => Promise.resolve(key) });
  return { ring, cipher: new FieldCipher(ring) };
}

test('record format: one column per field, 33 bytes overhead each, round trip and subsets', async () => {
  const { ring, cipher } = await setup();
  const rec = ring.createDataKey('C000001');
  const cols = cipher.encryptRecord(rec, FIELDS, VALUES);
  cols.forEach((c, i) => {
    const v = VALUES[i];
    if (v === null) return assert.equal(c, null);
    assert.equal(c!.length, Buffer.byteLength(v!) + FIELD_OVERHEAD_BYTES);
    assert.equal(c![0], FIELD_FORMAT_V2_RECORD);
    assert.equal(c!.readUInt32BE(1), 1);
    // Plaintext never appears in a column.
    assert.equal(c!.includes(Buffer.from(v!)), false);
  });
  assert.deepEqual(cipher.decryptRecord(rec, FIELDS, cols, ALL), VALUES);
  assert.deepEqual(cipher.decryptRecord(rec, FIELDS, cols, [false, true, false, true, false]), [
    null,
    '13800138000',
    null,
    null,
    null,
  ]);
  assert.deepEqual(
    cipher.encryptRecord(
      rec,
      FIELDS,
      FIELDS.map(() => null),
    ),
    FIELDS.map(() => null),
  );
});

test('record format: every nonce is fresh', async () => {
  const { ring, cipher } = await setup();
  const rec = ring.createDataKey('C000001');
  const a = cipher.encryptRecord(rec, FIELDS, VALUES)[0]!;
  const b = cipher.encryptRecord(rec, FIELDS, VALUES)[0]!;
  assert.notDeepEqual(a.subarray(5, 17), b.subarray(5, 17));
});

test('record format: a column nulled, swapped, truncated, from another record or customer fails', async () => {
  const { ring, cipher } = await setup();
  const rec = ring.createDataKey('C000001');
  const other = ring.createDataKey('C000002');
  const cols = cipher.encryptRecord(rec, FIELDS, VALUES);
  const again = cipher.encryptRecord(rec, FIELDS, VALUES);
  const elsewhere = cipher.encryptRecord(other, FIELDS, VALUES);
  const attempts: (Buffer | null)[][] = [
    cols.map((c, i) => (i === 0 ? null : c)),
    [cols[1]!, cols[0]!, ...cols.slice(2)],
    cols.map((c, i) => (i === 1 ? c!.subarray(0, c!.length - 1) : c)),
    cols.map((c, i) => (i === 2 ? again[2]! : c)),
  ];
  for (const attempt of attempts) {
    assert.throws(() => cipher.decryptRecord(rec, FIELDS, attempt, ALL), DecryptionError);
  }
  assert.throws(() => cipher.decryptRecord(rec, FIELDS, elsewhere, ALL), DecryptionError);
  // Relabelled key version in every header.
  const relabelled = cols.map((c) => {
    if (c === null) return null;
    const x = Buffer.from(c);
    x.writeUInt32BE(2, 1);
    return x;
  });
  assert.throws(() => cipher.decryptRecord(rec, FIELDS, relabelled, ALL), DecryptionError);
  // Messages name the customer and never a value.
  try {
    cipher.decryptRecord(rec, FIELDS, attempts[0]!, ALL);
  } catch (err) {
    const message = (err as Error).message;
    assert.match(message, /C000001/);
    for (const v of VALUES) if (v !== null) assert.equal(message.includes(v), false);
  }
});

test('record format: any single bit flip anywhere in any column is detected', async () => {
  const { ring, cipher } = await setup();
  const rec = ring.createDataKey('C000009');
  const cols = cipher.encryptRecord(rec, FIELDS, VALUES);
  await fc.assert(
    fc.property(fc.nat(), fc.nat(), (which, bit) => {
      const present = cols.map((c, i) => (c === null ? -1 : i)).filter((i) => i >= 0);
      const col = present[which % present.length]!;
      const target = cols[col]!;
      const flipped = Buffer.from(target);
      const b = bit % (target.length * 8);
      flipped[b >> 3]! ^= 1 << (b & 7);
      const tampered = cols.map((c, i) => (i === col ? flipped : c));
      assert.throws(() => cipher.decryptRecord(rec, FIELDS, tampered, ALL), DecryptionError);
    }),
    { numRuns: 300 },
  );
});

test('record format: property round trip for arbitrary values, and version-1 columns still open', async () => {
  const { ring, cipher } = await setup();
  const rec = ring.createDataKey('C000003');
  await fc.assert(
    fc.property(
      fc.array(fc.option(fc.string({ unit: 'grapheme' })), { minLength: 5, maxLength: 5 }),
      (values) => {
        const cols = cipher.encryptRecord(rec, FIELDS, values);
        assert.deepEqual(cipher.decryptRecord(rec, FIELDS, cols, ALL), values);
      },
    ),
    { numRuns: 200 },
  );
  // Old rows: one ciphertext per field, format 0x01, opened field by field.
  const v1 = FIELDS.map((f, i) => (VALUES[i] === null ? null : cipher.encrypt(rec, f, VALUES[i]!)));
  assert.deepEqual(cipher.decryptRecord(rec, FIELDS, v1, ALL), VALUES);
  assert.deepEqual(cipher.decryptRecord(rec, FIELDS, v1, [true, false, false, false, false]), [
    '张三',
    null,
    null,
    null,
    null,
  ]);
  // A version-1 column is refused by name when moved to another field.
  const moved = [v1[1], v1[0], ...v1.slice(2)];
  assert.throws(() => cipher.decryptRecord(rec, FIELDS, moved, ALL), DecryptionError);
});
