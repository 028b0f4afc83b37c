import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CheckpointError,
  formatCheckpoint,
  parseCheckpoint,
  type Checkpoint,
} from '../../src/audit/checkpoint.ts';
import { emptyRoot, hashLeaf } from '../../src/audit/rfc6962.ts';

const ROOT = hashLeaf(Buffer.from('root'));
const ROOT64 = ROOT.toString('base64');

test('format writes origin, size, base64 root and extensions, one per line', () => {
  const cp: Checkpoint = {
    origin: 'log.example.org/audit',
    size: 70000,
    rootHash: ROOT,
    extensions: [],
  };
  assert.equal(formatCheckpoint(cp), `log.example.org/audit\n70000\n${ROOT64}\n`);
  assert.deepEqual(parseCheckpoint(formatCheckpoint(cp)), cp);
  const ext = { ...cp, extensions: ['— witness note', 'x'] };
  assert.equal(
    formatCheckpoint(ext),
    `log.example.org/audit\n70000\n${ROOT64}\n— witness note\nx\n`,
  );
  assert.deepEqual(parseCheckpoint(formatCheckpoint(ext)), ext);
});

test('the empty tree is size 0 with the SHA-256 of the empty string', () => {
  const text = formatCheckpoint({ origin: 'o', size: 0, rootHash: emptyRoot(), extensions: [] });
  assert.equal(text, 'o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n');
  assert.equal(parseCheckpoint(text).size, 0);
});

test('parse is strict', () => {
  const bad: [string, string][] = [
    ['no final newline', `o\n1\n${ROOT64}`],
    ['two lines', 'o\n1\n'],
    ['empty origin', `\n1\n${ROOT64}\n`],
    ['leading zero', `o\n01\n${ROOT64}\n`],
    ['sign', `o\n+1\n${ROOT64}\n`],
    ['not a number', `o\n1e3\n${ROOT64}\n`],
    ['unsafe size', `o\n9007199254740993\n${ROOT64}\n`],
    ['short root', `o\n1\n${ROOT.subarray(1).toString('base64')}\n`],
    ['unpadded root', `o\n1\n${ROOT64.replace('=', '')}\n`],
    ['empty extension', `o\n1\n${ROOT64}\n\n`],
    ['empty extension in the middle', `o\n1\n${ROOT64}\na\n\nb\n`],
    ['CRLF', `o\r\n1\r\n${ROOT64}\r\n`],
  ];
  for (const [what, text] of bad) assert.throws(() => parseCheckpoint(text), CheckpointError, what);
});

test('format refuses what parse would refuse', () => {
  const ok: Checkpoint = { origin: 'o', size: 1, rootHash: ROOT, extensions: [] };
  assert.throws(() => formatCheckpoint({ ...ok, origin: '' }), CheckpointError);
  assert.throws(() => formatCheckpoint({ ...ok, origin: 'a\nb' }), CheckpointError);
  assert.throws(() => formatCheckpoint({ ...ok, size: -1 }), CheckpointError);
  assert.throws(() => formatCheckpoint({ ...ok, size: 1.5 }), CheckpointError);
  assert.throws(() => formatCheckpoint({ ...ok, rootHash: Buffer.alloc(31) }), CheckpointError);
  assert.throws(() => formatCheckpoint({ ...ok, extensions: [''] }), CheckpointError);
});
