import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import {
  KeyRing,
  KeyRingError,
  WRAPPED_KEY_BYTES,
  type DataKeyRecord,
  type KeyRingRecords,
  type MasterKeySource,
  type RingKeyRecord,
} from '../../src/protect/key-ring.ts';
import { FieldCipher } from '../../src/protect/field-cipher.ts';
import { EnvKeyProvider } from '../../src/protect/env-key-provider.ts';

function provider(key: Buffer = randomBytes(32)): MasterKeySource & { key: Buffer } {
  return { key, getMasterKey: () => Promise.resolve(Buffer.from(key)) };
}

/** What a database round trip does to the records: plain JSON with base64 bytes. */
function persist<T>(value: T): T {
  const json = JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && (v as { type?: string }).type === 'Buffer'
      ? { $b64: Buffer.from((v as { data: number[] }).data).toString('base64') }
      : v,
  );
  return JSON.parse(json, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && '$b64' in v
      ? Buffer.from((v as { $b64: string }).$b64, 'base64')
      : v,
  ) as T;
}

function flipBit(bytes: Uint8Array, bit: number): Buffer {
  const out = Buffer.from(bytes);
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}

test('a DEK created by one ring unwraps to the same bytes in a ring reopened from persisted records', async () => {
  const p = provider();
  const { ring, records } = await KeyRing.initialise(p);
  const dekRecord = ring.createDataKey('C000001');
  assert.equal(dekRecord.keyVersion, 1);
  assert.equal(dekRecord.ringVersion, 1);
  assert.equal(dekRecord.wrappedDek?.length, WRAPPED_KEY_BYTES);
  const dek = Buffer.from(ring.unwrapDataKey(dekRecord));

  const reopened = await KeyRing.open(p, persist(records), { cacheSize: 0 });
  assert.deepEqual(reopened.unwrapDataKey(persist(dekRecord)), dek);
  assert.equal(reopened.currentVersion, 1);
  assert.deepEqual(reopened.liveVersions, [1]);
});

test('property: any customer id round-trips its DEK through a fresh ring', async () => {
  const p = provider();
  const { ring, records } = await KeyRing.initialise(p);
  const fresh = await KeyRing.open(p, records, { cacheSize: 0 });
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (customerId) => {
      const rec = ring.createDataKey(customerId);
      assert.deepEqual(fresh.unwrapDataKey(rec), ring.unwrapDataKey(rec));
    }),
    { numRuns: 200 },
  );
});

test('opening with the wrong master key, a short master key or tampered records fails clearly', async () => {
  const p = provider();
  const { records } = await KeyRing.initialise(p);
  await assert.rejects(KeyRing.open(provider(), records), KeyRingError);
  await assert.rejects(KeyRing.open(provider(randomBytes(16)), records), /must be 32 bytes/);
  const badRing: KeyRingRecords = {
    ...records,
    ringKeys: [{ ...records.ringKeys[0]!, wrapped: flipBit(records.ringKeys[0]!.wrapped, 200) }],
  };
  await assert.rejects(KeyRing.open(p, badRing), /does not open ring key v1/);
  const badBlind: KeyRingRecords = {
    ...records,
    blindIndexKey: { ...records.blindIndexKey, wrapped: flipBit(records.blindIndexKey.wrapped, 9) },
  };
  await assert.rejects(KeyRing.open(p, badBlind), /blind-index key/);
});

test('key separation: a wrapped ring key cannot stand in for the blind-index key or another version', async () => {
  const p = provider();
  const { records } = await KeyRing.initialise(p);
  const ringKey = records.ringKeys[0]!;
  await assert.rejects(
    KeyRing.open(p, {
      ...records,
      blindIndexKey: { ...records.blindIndexKey, wrapped: ringKey.wrapped },
    }),
    /blind-index key/,
  );
  await assert.rejects(
    KeyRing.open(p, { ...records, ringKeys: [{ ...ringKey, version: 2 }] }),
    /ring key v2/,
  );
});

test('a wrapped DEK moved to another customer, key version or ring version does not unwrap', async () => {
  const { ring } = await KeyRing.initialise(provider(), { cacheSize: 0 });
  const a = ring.createDataKey('C-A');
  assert.throws(() => ring.unwrapDataKey({ ...a, customerId: 'C-B' }), /failed authentication/);
  assert.throws(() => ring.unwrapDataKey({ ...a, keyVersion: 2 }), /failed authentication/);
  assert.throws(() => ring.unwrapDataKey({ ...a, ringVersion: 7 }), /unknown ring version 7/);
  for (const bit of [0, 8, 100, 8 * WRAPPED_KEY_BYTES - 1]) {
    assert.throws(
      () => ring.unwrapDataKey({ ...a, wrappedDek: flipBit(a.wrappedDek!, bit) }),
      KeyRingError,
    );
  }
});

test('rotation: old data stays readable during the batched re-wrap, then the old version is retired', async () => {
  const p = provider();
  const { ring, records } = await KeyRing.initialise(p);
  const cipher = new FieldCipher(ring);
  let stored: DataKeyRecord[] = [];
  const sealed = new Map<string, Buffer>();
  for (let i = 0; i < 25; i++) {
    const rec = ring.createDataKey(`C${i}`);
    stored.push(rec);
    sealed.set(
      rec.customerId,
      cipher.encrypt(rec, 'phone', `1380013${String(i).padStart(4, '0')}`),
    );
  }
  const ringKeys: RingKeyRecord[] = [...records.ringKeys];

  const v2 = await ring.rotate();
  ringKeys.push(v2);
  assert.equal(v2.version, 2);
  assert.equal(ring.currentVersion, 2);
  assert.deepEqual(ring.liveVersions, [1, 2]);
  const late = ring.createDataKey('C-late');
  assert.equal(late.ringVersion, 2);
  assert.equal(ring.rewrapDataKey(late), late);

  // A reader that opened after the rotation, with an empty cache, reads both versions.
  const reader = await KeyRing.open(
    p,
    { ...records, ringKeys: persist(ringKeys) },
    { cacheSize: 0 },
  );
  const readerCipher = new FieldCipher(reader);
  const check = (): void => {
    for (const rec of stored) {
      const text = readerCipher.decryptString(rec, 'phone', sealed.get(rec.customerId)!);
      assert.match(text, /^1380013\d{4}$/);
    }
  };
  check();

  // Re-wrap in batches of 10; between batches the mixed state is readable.
  assert.throws(() => ring.retire(1, stored.filter((r) => r.ringVersion === 1).length), /re-wrap/);
  for (let from = 0; from < stored.length; from += 10) {
    const batch = stored.slice(from, from + 10);
    const rewrapped = ring.rewrapDataKeys(batch);
    assert.equal(rewrapped.length, batch.length);
    const byId = new Map(rewrapped.map((r) => [r.customerId, r]));
    stored = stored.map((r) => byId.get(r.customerId) ?? r);
    check();
  }
  assert.ok(stored.every((r) => r.ringVersion === 2));
  assert.deepEqual(ring.rewrapDataKeys(stored), []);

  assert.throws(() => ring.retire(2, 0), /is current/);
  const retired = ring.retire(1, stored.filter((r) => r.ringVersion === 1).length);
  assert.equal(retired.wrapped.length, 0);
  assert.ok(retired.retiredAt);
  ringKeys[0] = retired;
  assert.deepEqual(ring.liveVersions, [2]);

  // Fresh process after retirement: data still decrypts; the ring version is never reused.
  const after = await KeyRing.open(
    p,
    { ...records, ringKeys: persist(ringKeys) },
    { cacheSize: 0 },
  );
  const afterCipher = new FieldCipher(after);
  for (const rec of stored)
    assert.ok(afterCipher.decrypt(rec, 'phone', sealed.get(rec.customerId)!));
  assert.equal((await after.rotate()).version, 3);
});

test('a DEK still wrapped under a retired version is refused with a clear error', async () => {
  const p = provider();
  const { ring } = await KeyRing.initialise(p, { cacheSize: 0 });
  const old = ring.createDataKey('C-old');
  await ring.rotate();
  ring.retire(1, 0); // the caller lied about the count
  assert.throws(() => ring.unwrapDataKey(old), /retired ring version 1/);
  assert.throws(() => ring.retire(9, 0), /unknown/);
});

test('sync: a running process adopts a rotation and a retirement made by another process', async () => {
  const p = provider();
  const { ring: admin, records } = await KeyRing.initialise(p);
  const server = await KeyRing.open(p, records, { cacheSize: 0 });
  const v1 = admin.createDataKey('C1');
  const v2 = await admin.rotate();
  const fresh = admin.createDataKey('C2');
  assert.throws(() => server.unwrapDataKey(fresh), /unknown ring version 2; sync/);

  await server.sync(persist([...records.ringKeys, v2]));
  assert.equal(server.currentVersion, 2);
  assert.deepEqual(server.unwrapDataKey(fresh), admin.unwrapDataKey(fresh));
  assert.equal(server.createDataKey('C3').ringVersion, 2);

  const rewrapped = admin.rewrapDataKey(v1);
  const retired = admin.retire(1, 0);
  await server.sync([retired, v2]);
  assert.deepEqual(server.liveVersions, [2]);
  assert.throws(() => server.unwrapDataKey(v1), /retired/);
  assert.ok(server.unwrapDataKey(rewrapped));
});

test('master-key rotation re-wraps the ring keys; the old master key no longer opens them', async () => {
  const oldP = provider();
  const newP = provider();
  const { ring, records } = await KeyRing.initialise(oldP);
  const dekRecord = ring.createDataKey('C1');
  const index = ring.blindIndexKey();
  const next = await KeyRing.rewrapUnderNewMaster(oldP, newP, records);
  const reopened = await KeyRing.open(newP, next, { cacheSize: 0 });
  assert.deepEqual(reopened.unwrapDataKey(dekRecord), ring.unwrapDataKey(dekRecord));
  assert.deepEqual(reopened.blindIndexKey(), index);
  await assert.rejects(KeyRing.open(oldP, next), KeyRingError);
  await assert.rejects(KeyRing.rewrapUnderNewMaster(newP, oldP, records), /old master key/);
});

test('the DEK cache is bounded and zeroes what it evicts', async () => {
  const { ring } = await KeyRing.initialise(provider(), { cacheSize: 2 });
  const a = ring.createDataKey('A');
  const borrowed = ring.unwrapDataKey(a);
  const copy = Buffer.from(borrowed);
  assert.ok(copy.some((b) => b !== 0));
  ring.createDataKey('B');
  ring.unwrapDataKey(a); // A is now the most recently used
  ring.createDataKey('C'); // evicts B, not A
  assert.deepEqual(borrowed, copy);
  ring.createDataKey('D'); // evicts A
  assert.equal(ring.cachedDataKeys, 2);
  assert.ok(borrowed.every((b) => b === 0));
  assert.deepEqual(ring.unwrapDataKey(a), copy); // unwrapped again from the record
});

test('independent hierarchies share no keys; close() zeroes and disables the ring', async () => {
  const one = await KeyRing.initialise(provider());
  const two = await KeyRing.initialise(provider());
  assert.notDeepEqual(one.ring.blindIndexKey(), two.ring.blindIndexKey());
  const dek = one.ring.unwrapDataKey(one.ring.createDataKey('C1'));
  assert.notDeepEqual(Buffer.from(dek), one.ring.blindIndexKey());
  one.ring.close();
  assert.ok(dek.every((b) => b === 0));
  assert.throws(() => one.ring.createDataKey('C2'), /closed/);
  assert.throws(() => one.ring.retire(1, 0), /closed/);
  assert.throws(() => two.ring.createDataKey('C2', 0), /data key version/);
});

test('works with the PIGUARD_MASTER_KEY provider; another variable value does not open the ring', async () => {
  const env = { PIGUARD_MASTER_KEY: randomBytes(32).toString('hex') };
  const { ring, records } = await KeyRing.initialise(new EnvKeyProvider(env));
  const dekRecord = ring.createDataKey('C1');
  const reopened = await KeyRing.open(new EnvKeyProvider({ ...env }), records);
  assert.deepEqual(reopened.unwrapDataKey(dekRecord), ring.unwrapDataKey(dekRecord));
  const other = new EnvKeyProvider({ PIGUARD_MASTER_KEY: randomBytes(32).toString('base64') });
  await assert.rejects(KeyRing.open(other, records), /wrong master key/);
});

test('discard forgets an unstored rotation: the previous version is current again', async () => {
  const p = provider();
  const { ring } = await KeyRing.initialise(p);
  const v2 = await ring.rotate();
  assert.equal(ring.currentVersion, 2);
  ring.discard(v2.version);
  assert.equal(ring.currentVersion, 1);
  assert.deepEqual(ring.liveVersions, [1]);
  assert.equal(ring.createDataKey('C1').ringVersion, 1);
  // The next rotation reuses the number: nothing was ever stored under it.
  assert.equal((await ring.rotate()).version, 2);
  ring.close();
});

test('the DEK cache is wiped on rotation and on retirement; DEKs still unwrap afterwards', async () => {
  const { ring } = await KeyRing.initialise(provider());
  const a = ring.createDataKey('C1');
  const b = ring.createDataKey('C2');
  assert.equal(ring.cachedDataKeys, 2);
  await ring.rotate();
  assert.equal(ring.cachedDataKeys, 0);
  const dekA = Buffer.from(ring.unwrapDataKey(a));
  assert.equal(ring.cachedDataKeys, 1);
  const [a2, b2] = ring.rewrapDataKeys([a, b]);
  ring.retire(1, 0);
  assert.equal(ring.cachedDataKeys, 0);
  assert.deepEqual(ring.unwrapDataKey(a2!), dekA);
  assert.throws(() => ring.unwrapDataKey(b), KeyRingError);
  assert.equal(ring.unwrapDataKey(b2!).length, 32);
});
