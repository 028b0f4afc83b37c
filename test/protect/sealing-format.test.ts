/**
 * Pins the stored formats that sealing produces (wrapped DEK, record cipher 0x02, blind-index
 * digests) against an independent reference written from the format descriptions with plain
 * node:crypto calls. Sealing is performance work; these tests make sure it stays byte-compatible:
 * rows sealed by the code open with the reference (as the previous code would) and rows sealed by
 * the reference open with the code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { CustomerRecord } from '../../src/core/customer.ts';
import { BlindIndex, type SingleValueKind } from '../../src/protect/blind-index.ts';
import { FieldCipher } from '../../src/protect/field-cipher.ts';
import { KeyRing } from '../../src/protect/key-ring.ts';
import { SEALED_FIELDS, blindIndexesOf, sealCustomer } from '../../src/vault/customer-sealer.ts';

const KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => i)); // 00 01 … 1f

function gcmOpen(key: Buffer, nonce: Buffer, aad: Buffer, body: Buffer, tag: Buffer): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  d.setAAD(aad);
  d.setAuthTag(tag);
  return Buffer.concat([d.update(body), d.final()]);
}

function gcmSeal(key: Buffer, nonce: Buffer, aad: Buffer, plain: Buffer): [Buffer, Buffer] {
  const c = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  c.setAAD(aad);
  const body = Buffer.concat([c.update(plain), c.final()]);
  return [body, c.getAuthTag()];
}

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const u16 = (n: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};

/** key-wrap.ts: `0x01 || nonce || ct || tag`, AAD `"piguard key-wrap v1\n" + purpose`. */
function refUnwrapUnderMaster(master: Buffer, purpose: string, wrapped: Uint8Array): Buffer {
  const w = Buffer.from(wrapped);
  assert.equal(w[0], 0x01);
  const aad = Buffer.from(`piguard key-wrap v1\n${purpose}`, 'utf8');
  return gcmOpen(master, w.subarray(1, 13), aad, w.subarray(13, w.length - 16), w.subarray(-16));
}

/** key-ring.ts: AAD `"piguard/data-key" 0x00 || u32 ring || u32 key version || customer id`. */
function refDataKeyAad(ringVersion: number, keyVersion: number, id: string): Buffer {
  return Buffer.concat([
    Buffer.from('piguard/data-key\u0000', 'latin1'),
    u32(ringVersion),
    u32(keyVersion),
    Buffer.from(id, 'utf8'),
  ]);
}

/** field-cipher.ts record AAD: label, 0x02, key version, u16 id length, id, then per field. */
function refRecordAad(keyVersion: number, id: string, fields: readonly [string, number][]): Buffer {
  const idBytes = Buffer.from(id, 'utf8');
  const parts = [
    Buffer.from('piguard/record\u0000', 'latin1'),
    Buffer.of(0x02),
    u32(keyVersion),
    u16(idBytes.length),
    idBytes,
  ];
  for (const [name, length] of fields) {
    parts.push(Buffer.of(name.length), Buffer.from(name, 'latin1'), u32(length));
  }
  return Buffer.concat(parts);
}

const RECORD: CustomerRecord = {
  customer_id: 'C000042',
  name: '張 三',
  birth_date: '1990年3月7日',
  phone: '+86 138-0013-8000',
  id_number: '110105491231002',
  email: ' Zhang.San@Example.CN ',
  address: '北京市东城区幸福路1号',
  premium: '1000',
  extra: { 备注: 'VIP' },
};

async function setup() {
  const master = randomBytes(32);
  const { ring, records } = await KeyRing.initialise({
    getMasterKey: () => Promise.resolve(Buffer.from(master)),
  });
  const ringKey = refUnwrapUnderMaster(master, 'ring-key:1', records.ringKeys[0]!.wrapped);
  const keys = { ring, cipher: new FieldCipher(ring), blindIndex: new BlindIndex(KEY) };
  return { ring, ringKey, keys };
}

test('blind-index digests of a sealed customer are pinned (values from the previous code)', () => {
  const { kinds, digests } = blindIndexesOf(new BlindIndex(KEY), RECORD);
  assert.deepEqual(kinds, ['phone', 'id_number', 'email', 'name_birth_date']);
  assert.deepEqual(
    digests.map((d) => d.toString('hex')),
    [
      '60b1a06f8bb341d015b2c5d4de216b2138bffd04d8d0d7fd961671f4986644a4',
      '474b6407d98e39ed36d44dad79508c1a6c074320af99574bb210f02769e6bca8',
      '0c5492ea23bf1da9070f8fbf2ef6e5ff5a3788a69dd8617197f89bdf17900a41',
      '2e58943afb2c637ce33688dbcd5e9fe9baa60126cafc378c67da33d78259e6e0',
    ],
  );
});

test('property: blind indexes equal createHmac(key, kind || 0x00 || value) for any key and value', () => {
  const kind = fc.constantFrom<SingleValueKind>('phone', 'id_number', 'email');
  // Values shorter and longer than a SHA-256 block, with multi-byte and astral characters.
  const value = fc
    .string({ unit: 'binary', minLength: 1, maxLength: 200 })
    .filter((s) => !s.includes('\u0000'));
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), kind, value, (key, k, v) => {
      const index = new BlindIndex(key);
      const expected = createHmac('sha256', key).update(`${k}\u0000${v}`, 'utf8').digest();
      assert.deepEqual(index.compute(k, v), expected);
      const date = '2001-02-03';
      const nbd = createHmac('sha256', key)
        .update(`name_birth_date\u0000${v}\u0000${date}`, 'utf8')
        .digest();
      assert.deepEqual(index.nameAndBirthDate(v, date), nbd);
    }),
    { numRuns: 300 },
  );
});

test('a sealed customer opens with the reference: wrapped DEK layout and record 0x02 layout', async () => {
  const { ring, ringKey, keys } = await setup();
  const sealed = sealCustomer(keys, RECORD, 3);
  assert.equal(sealed.key_version, 3);
  assert.equal(sealed.ring_version, 1);
  // Wrapped DEK: 0x01 || nonce(12) || ct(32) || tag(16) under the ring key.
  const w = Buffer.from(sealed.wrapped_dek);
  assert.equal(w.length, 61);
  assert.equal(w[0], 0x01);
  const dek = gcmOpen(
    ringKey,
    w.subarray(1, 13),
    refDataKeyAad(1, 3, RECORD.customer_id),
    w.subarray(13, 45),
    w.subarray(45),
  );
  assert.equal(dek.length, 32);
  // Record: each column = 0x02 || u32 key version || nonce || tag || its slice of the body.
  const expectedPlain = SEALED_FIELDS.map((f) =>
    f === 'extra'
      ? JSON.stringify(RECORD.extra)
      : (RECORD[f as keyof CustomerRecord] as string | undefined),
  );
  const present: [string, number][] = [];
  const bodies: Buffer[] = [];
  let head: Buffer | undefined;
  sealed.sealed.forEach((col, i) => {
    const plain = expectedPlain[i];
    if (plain === undefined) return assert.equal(col, null, SEALED_FIELDS[i]);
    const c = Buffer.from(col!);
    assert.equal(c.length, 33 + Buffer.byteLength(plain));
    if (head === undefined) head = c.subarray(0, 33);
    assert.deepEqual(c.subarray(0, 33), head);
    present.push([SEALED_FIELDS[i]!, c.length - 33]);
    bodies.push(c.subarray(33));
  });
  assert.equal(head![0], 0x02);
  assert.equal(head!.readUInt32BE(1), 3);
  const plain = gcmOpen(
    dek,
    head!.subarray(5, 17),
    refRecordAad(3, RECORD.customer_id, present),
    Buffer.concat(bodies),
    head!.subarray(17, 33),
  );
  assert.equal(plain.toString('utf8'), expectedPlain.filter((p) => p !== undefined).join(''));
  // The record also opens through the ring's own path (DEK unwrapped from the stored bytes).
  ring.forget(RECORD.customer_id);
  const rec = {
    customerId: RECORD.customer_id,
    keyVersion: 3,
    ringVersion: 1,
    wrappedDek: sealed.wrapped_dek,
  };
  assert.deepEqual(
    keys.cipher.decryptRecord(
      rec,
      SEALED_FIELDS,
      sealed.sealed,
      SEALED_FIELDS.map(() => true),
    ),
    expectedPlain.map((p) => p ?? null),
  );
});

test('a record sealed by the reference (own DEK, nonce and wrap) opens with the code', async () => {
  const { ring, ringKey, keys } = await setup();
  fc.assert(
    fc.property(
      fc.string({ minLength: 1, maxLength: 30 }),
      fc.array(fc.option(fc.string({ unit: 'binary', maxLength: 80 }), { nil: null }), {
        minLength: SEALED_FIELDS.length,
        maxLength: SEALED_FIELDS.length,
      }),
      fc.integer({ min: 1, max: 0xffff_ffff }),
      (id, values, keyVersion) => {
        if (values.every((v) => v === null)) return;
        const dek = randomBytes(32);
        const wrapNonce = randomBytes(12);
        const [wct, wtag] = gcmSeal(ringKey, wrapNonce, refDataKeyAad(1, keyVersion, id), dek);
        const wrappedDek = Buffer.concat([Buffer.of(0x01), wrapNonce, wct, wtag]);
        const present: [string, number][] = [];
        values.forEach((v, i) => {
          if (v !== null) present.push([SEALED_FIELDS[i]!, Buffer.byteLength(v)]);
        });
        const nonce = randomBytes(12);
        const plain = Buffer.from(values.filter((v) => v !== null).join(''), 'utf8');
        const [body, tag] = gcmSeal(dek, nonce, refRecordAad(keyVersion, id, present), plain);
        const head = Buffer.concat([Buffer.of(0x02), u32(keyVersion), nonce, tag]);
        let at = 0;
        const columns = values.map((v) => {
          if (v === null) return null;
          const n = Buffer.byteLength(v);
          const col = Buffer.concat([head, body.subarray(at, at + n)]);
          at += n;
          return col;
        });
        ring.forget(id);
        const rec = { customerId: id, keyVersion, ringVersion: 1, wrappedDek };
        assert.deepEqual(
          keys.cipher.decryptRecord(
            rec,
            SEALED_FIELDS,
            columns,
            SEALED_FIELDS.map(() => true),
          ),
          values,
        );
        ring.forget(id);
      },
    ),
    { numRuns: 100 },
  );
});
