import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCheckpoint } from '../../src/audit/checkpoint.ts';
import { MemoryTree } from '../../src/audit/memory-tree.ts';
import { inclusionProof } from '../../src/audit/merkle-proofs.ts';
import { hashLeaf } from '../../src/audit/rfc6962.ts';
import { generateSignerKey, signNote, signerFromKey } from '../../src/audit/signed-note.ts';
import {
  TlogProofError,
  formatTlogProof,
  parseTlogProof,
  verifyTlogProof,
  type TlogProof,
} from '../../src/audit/tlog-proof.ts';

const ORIGIN = 'log.example.org/audit';
const KEYS = generateSignerKey(ORIGIN);
const ENTRIES = Array.from({ length: 13 }, (_, i) => Buffer.from(`{"entry":${i}}`));
const TREE = new MemoryTree();
for (const e of ENTRIES) TREE.append(hashLeaf(e));

function signedCheckpoint(size: number, rootHash: Buffer, skey = KEYS.signerKey): string {
  return signNote(formatCheckpoint({ origin: ORIGIN, size, rootHash, extensions: [] }), [
    signerFromKey(skey),
  ]);
}

const CHECKPOINT = signedCheckpoint(TREE.size, TREE.root());

/** Flips one bit of the Ed25519 signature (not of the key ID) in a one-signature note. */
function flipSignatureBit(note: string): string {
  const at = note.lastIndexOf(' ') + 1;
  const blob = Buffer.from(note.slice(at, -1), 'base64');
  blob[20]! ^= 0x10;
  return `${note.slice(0, at)}${blob.toString('base64')}\n`;
}

async function proofFor(index: number): Promise<TlogProof> {
  return { index, proof: await inclusionProof(index, TREE.size, TREE), checkpoint: CHECKPOINT };
}

test('format follows the spec line by line and parse round-trips it', async () => {
  const p = await proofFor(5);
  const text = formatTlogProof(p);
  const lines = text.split('\n');
  assert.equal(lines[0], 'c2sp.org/tlog-proof@v1');
  assert.equal(lines[1], 'index 5');
  assert.deepEqual(
    lines.slice(2, 2 + p.proof.length),
    p.proof.map((h) => h.toString('base64')),
  );
  assert.equal(lines[2 + p.proof.length], '');
  assert.ok(text.endsWith(`\n\n${CHECKPOINT}`));
  assert.deepEqual(parseTlogProof(text), p);

  const withExtra = { ...p, extra: Buffer.from('opaque') };
  const extraText = formatTlogProof(withExtra);
  assert.equal(extraText.split('\n')[1], `extra ${Buffer.from('opaque').toString('base64')}`);
  assert.deepEqual(parseTlogProof(extraText), withExtra);
});

test('a good proof verifies by entry and by leaf hash; index 0 and the last index too', async () => {
  for (const index of [0, 7, 12]) {
    const text = formatTlogProof(await proofFor(index));
    const r = verifyTlogProof(text, KEYS.verifierKey, { entry: ENTRIES[index]! });
    assert.equal(r.index, index);
    assert.equal(r.checkpoint.size, 13);
    assert.equal(r.checkpoint.origin, ORIGIN);
    verifyTlogProof(text, KEYS.verifierKey, { leafHash: hashLeaf(ENTRIES[index]!) });
  }
});

test('a one-entry log has an empty proof', () => {
  const one = hashLeaf(ENTRIES[0]!);
  const text = formatTlogProof({ index: 0, proof: [], checkpoint: signedCheckpoint(1, one) });
  assert.equal(text.split('\n\n')[0], 'c2sp.org/tlog-proof@v1\nindex 0');
  verifyTlogProof(text, KEYS.verifierKey, { entry: ENTRIES[0]! });
});

test('verification names what failed', async () => {
  const good = await proofFor(6);
  const vkey = KEYS.verifierKey;
  const entry = { entry: ENTRIES[6]! };
  const flipped = Buffer.from(good.proof[1]!);
  flipped[0]! ^= 1;
  const cases: [string, string, RegExp][] = [
    [
      'altered proof hash',
      formatTlogProof({ ...good, proof: [good.proof[0]!, flipped, ...good.proof.slice(2)] }),
      /^inclusion proof: /,
    ],
    ['altered index', formatTlogProof({ ...good, index: 7 }), /^inclusion proof: /],
    ['wrong entry', formatTlogProof(good), /^inclusion proof: /],
    [
      'altered checkpoint size',
      formatTlogProof({ ...good, checkpoint: CHECKPOINT.replace('\n13\n', '\n14\n') }),
      /^checkpoint signature: /,
    ],
    [
      'altered signature',
      formatTlogProof({ ...good, checkpoint: flipSignatureBit(CHECKPOINT) }),
      /^checkpoint signature: .*does not verify/,
    ],
    [
      'other key',
      formatTlogProof({
        ...good,
        checkpoint: signedCheckpoint(13, TREE.root(), generateSignerKey(ORIGIN).signerKey),
      }),
      /^checkpoint signature: .*no signature by a known key/,
    ],
    [
      'signed but malformed checkpoint',
      formatTlogProof({
        ...good,
        checkpoint: signNote('not a checkpoint\n', [signerFromKey(KEYS.signerKey)]),
      }),
      /^checkpoint: /,
    ],
    [
      'signed checkpoint of another tree',
      formatTlogProof({ ...good, checkpoint: signedCheckpoint(13, hashLeaf(Buffer.from('x'))) }),
      /^inclusion proof: /,
    ],
  ];
  assert.throws(
    () => verifyTlogProof(formatTlogProof(good), 'nonsense', entry),
    /TlogProofError: key: /,
  );
  for (const [what, text, message] of cases) {
    const leaf = what === 'wrong entry' ? { entry: ENTRIES[5]! } : entry;
    assert.throws(
      () => verifyTlogProof(text, vkey, leaf),
      (err: unknown) => {
        assert.ok(err instanceof TlogProofError, what);
        assert.match(err.message, message, what);
        return true;
      },
    );
  }
});

test('parse enforces the line rules', async () => {
  const good = formatTlogProof(await proofFor(3));
  const [head, ...tail] = good.split('\n\n');
  const rest = tail.join('\n\n');
  const hashes = head!.split('\n').slice(2);
  const bad: [string, string, RegExp][] = [
    ['wrong header', good.replace('@v1', '@v2'), /line 1/],
    ['leading zero index', good.replace('index 3', 'index 03'), /line 2: index/],
    ['negative index', good.replace('index 3', 'index -3'), /line 2: index/],
    ['missing index', good.replace('index 3\n', ''), /line 2: expected "index/],
    ['extra after index', good.replace('index 3', `index 3\nextra AAAA`), /line 3: not the base64/],
    ['bad extra', good.replace('index 3', 'extra !!\nindex 3'), /line 2: extra/],
    ['short hash', good.replace(hashes[0]!, 'AAAA'), /line 3: not the base64/],
    ['no empty line', `${head}\n${rest}`, /line|empty line/],
    ['no checkpoint', `${head}\n\n`, /checkpoint is missing/],
  ];
  for (const [what, text, message] of bad) {
    assert.throws(
      () => parseTlogProof(text),
      (err: unknown) => {
        assert.ok(err instanceof TlogProofError, what);
        assert.match(err.message, message, what);
        return true;
      },
    );
  }
  assert.equal(parseTlogProof(good.replace('index 3', 'index 0')).index, 0);
});

test('format refuses bad values', () => {
  assert.throws(
    () => formatTlogProof({ index: -1, proof: [], checkpoint: CHECKPOINT }),
    TlogProofError,
  );
  assert.throws(
    () => formatTlogProof({ index: 0, proof: [Buffer.alloc(3)], checkpoint: CHECKPOINT }),
    TlogProofError,
  );
  assert.throws(() => formatTlogProof({ index: 0, proof: [], checkpoint: '' }), TlogProofError);
});
