import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  HASH_SIZE,
  LEAF_HASH_PREFIX,
  NODE_HASH_PREFIX,
  emptyRoot,
  hashChildren,
  hashLeaf,
} from '../../src/audit/rfc6962.ts';

test('empty root is SHA-256 of the empty string and cannot be corrupted by callers', () => {
  const root = emptyRoot();
  assert.equal(
    root.toString('hex'),
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  );
  root.fill(0);
  assert.notEqual(emptyRoot()[0], 0);
});

test('leaf hash of the empty entry matches the reference corpus', () => {
  assert.equal(
    hashLeaf(new Uint8Array()).toString('hex'),
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  );
  assert.equal(hashLeaf(Buffer.from('x')).length, HASH_SIZE);
});

test('leaf and node hashes are domain separated by their prefix bytes', () => {
  const l = Buffer.alloc(32, 1);
  const r = Buffer.alloc(32, 2);
  const manual = createHash('sha256')
    .update(Buffer.from([NODE_HASH_PREFIX]))
    .update(l)
    .update(r)
    .digest();
  assert.deepEqual(hashChildren(l, r), manual);
  // The same 64 bytes hashed as a leaf must give a different hash.
  assert.notDeepEqual(hashLeaf(Buffer.concat([l, r])), manual);
  assert.equal(LEAF_HASH_PREFIX, 0);
  assert.notDeepEqual(hashChildren(l, r), hashChildren(r, l));
});
