import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { KeyRing, KeyRingError, type MasterKeySource } from '../../src/protect/key-ring.ts';
import { FieldCipher } from '../../src/protect/field-cipher.ts';
import { ShreddedError, isShredded, shredDataKey } from '../../src/protect/crypto-shredding.ts';

const PHONE = '13800138000';
const NAME = '张三';

function provider(): MasterKeySource {
  const key = randomBytes(32);
  return { getMasterKey: () => Promise.resolve(Buffer.from(key)) };
}

function isShreddedErrorFor(customerId: string) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof ShreddedError);
    assert.equal(err.customerId, customerId);
    assert.equal(err.message.includes(PHONE) || err.message.includes(NAME), false);
    return true;
  };
}

test('after shredding, every field of the customer is undecryptable with a clear ShreddedError', async () => {
  const { ring } = await KeyRing.initialise(provider());
  const cipher = new FieldCipher(ring);
  const rec = ring.createDataKey('C-del');
  const phone = cipher.encrypt(rec, 'phone', PHONE);
  const name = cipher.encrypt(rec, 'name', NAME);
  assert.equal(cipher.decryptString(rec, 'phone', phone), PHONE); // DEK now cached

  const tombstone = shredDataKey(ring, rec, new Date('2026-11-29T05:00:00Z'));
  assert.equal(tombstone.wrappedDek, null);
  assert.equal(tombstone.shreddedAt, '2026-11-29T05:00:00.000Z');
  assert.equal(tombstone.customerId, 'C-del');
  assert.ok(isShredded(tombstone));
  assert.equal(isShredded(rec), false);

  assert.throws(() => cipher.decrypt(tombstone, 'phone', phone), isShreddedErrorFor('C-del'));
  assert.throws(() => cipher.decrypt(tombstone, 'name', name), isShreddedErrorFor('C-del'));
  assert.throws(() => cipher.encrypt(tombstone, 'phone', PHONE), ShreddedError);
  assert.throws(() => ring.unwrapDataKey(tombstone), ShreddedError);
  // The caller's copy of the wrapped DEK was overwritten and the cached DEK evicted, so even the
  // stale record object no longer opens anything.
  assert.ok(rec.wrappedDek?.every((b) => b === 0));
  assert.throws(() => cipher.decrypt(rec, 'phone', phone), KeyRingError);
});

test('shredding one customer leaves the others readable; shredding twice is a no-op', async () => {
  const { ring } = await KeyRing.initialise(provider());
  const cipher = new FieldCipher(ring);
  const keep = ring.createDataKey('C-keep');
  const gone = ring.createDataKey('C-gone');
  const kept = cipher.encrypt(keep, 'phone', PHONE);
  const tombstone = shredDataKey(ring, gone);
  assert.equal(shredDataKey(ring, tombstone), tombstone);
  assert.equal(cipher.decryptString(keep, 'phone', kept), PHONE);
  assert.deepEqual(ring.rewrapDataKeys([tombstone]), []);
  assert.equal(ring.needsRewrap(tombstone), false);
});

test('a process that cached the DEK refuses it once it reads the tombstone', async () => {
  const p = provider();
  const { ring: admin, records } = await KeyRing.initialise(p);
  const server = await KeyRing.open(p, records);
  const serverCipher = new FieldCipher(server);
  const stored = admin.createDataKey('C1');
  const sealed = new FieldCipher(admin).encrypt(stored, 'phone', PHONE);
  const serverCopy = { ...stored, wrappedDek: Buffer.from(stored.wrappedDek!) };
  assert.equal(serverCipher.decryptString(serverCopy, 'phone', sealed), PHONE);
  assert.equal(server.cachedDataKeys, 1);

  const tombstone = shredDataKey(admin, stored); // `customers delete` in another process
  assert.throws(() => serverCipher.decrypt(tombstone, 'phone', sealed), ShreddedError);
  assert.equal(server.cachedDataKeys, 0);
});

test('a backup copy of a shredded DEK dies with the retirement of its ring version', async () => {
  const p = provider();
  const { ring } = await KeyRing.initialise(p, { cacheSize: 0 });
  const cipher = new FieldCipher(ring);
  const gone = ring.createDataKey('C-gone');
  const other = ring.createDataKey('C-other');
  const sealed = cipher.encrypt(gone, 'phone', PHONE);
  const backup = { ...gone, wrappedDek: Buffer.from(gone.wrappedDek!) };
  shredDataKey(ring, gone);
  // While ring v1 is live, the backup still opens: shredding alone does not reach backups.
  assert.equal(cipher.decryptString(backup, 'phone', sealed), PHONE);

  await ring.rotate();
  const otherNow = ring.rewrapDataKey(other);
  ring.retire(1, 0);
  assert.throws(() => cipher.decrypt(backup, 'phone', sealed), /retired ring version 1/);
  assert.ok(ring.unwrapDataKey(otherNow));
});
