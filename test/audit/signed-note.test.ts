import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  NoteError,
  NoteKeyError,
  generateSignerKey,
  keyIdOf,
  openNote,
  signNote,
  signerFromKey,
  verifierFromKey,
  verifierKeyOf,
} from '../../src/audit/signed-note.ts';
import { independentlyVerifyNote } from './independent-note-verifier.ts';
import { TESTDATA } from './reference-corpus.ts';

const dir = join(TESTDATA, 'signed-note');
const SKEY = readFileSync(join(dir, 'peterneumann.skey'), 'utf8').trim();
const VKEY = readFileSync(join(dir, 'peterneumann.vkey'), 'utf8').trim();
const NOTE = readFileSync(join(dir, 'signed.note'), 'utf8');
const TEXT = NOTE.slice(0, NOTE.lastIndexOf('\n\n') + 1);

test('the vector note verifies with the vector vkey', () => {
  const { text, verifiedBy } = openNote(NOTE, [verifierFromKey(VKEY)]);
  assert.equal(text, TEXT);
  assert.ok(text.startsWith('If you think cryptography'));
  assert.deepEqual(verifiedBy, ['PeterNeumann']);
});

test('signing the vector text with the vector skey reproduces signed.note byte for byte', () => {
  assert.equal(signNote(TEXT, [signerFromKey(SKEY)]), NOTE);
});

test('key ID and vkey derivation match the vector', () => {
  const signer = signerFromKey(SKEY);
  const verifier = verifierFromKey(VKEY);
  assert.equal(signer.name, 'PeterNeumann');
  assert.equal(signer.keyId, 0xc74f20a3);
  assert.equal(verifier.keyId, 0xc74f20a3);
  assert.equal(verifierKeyOf(SKEY), VKEY);
  const publicKey = Buffer.from(VKEY.split('+')[2]!, 'base64').subarray(1);
  assert.equal(keyIdOf('PeterNeumann', publicKey), 0xc74f20a3);
});

test('a note signed by piguard verifies with the independent verifier', () => {
  const { signerKey, verifierKey } = generateSignerKey('log.example.org/audit');
  const text = 'log.example.org/audit\n42\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n';
  const other = generateSignerKey('witness.example.net');
  const note = signNote(text, [signerFromKey(other.signerKey), signerFromKey(signerKey)]);
  assert.equal(independentlyVerifyNote(note, verifierKey), text);
  assert.equal(independentlyVerifyNote(note, other.verifierKey), text);
  assert.equal(independentlyVerifyNote(NOTE, VKEY), TEXT, 'and it agrees on the vector');
  assert.throws(() => independentlyVerifyNote(note.replace('42', '43'), verifierKey));
  assert.deepEqual(openNote(note, [verifierFromKey(verifierKey)]).verifiedBy, [
    'log.example.org/audit',
  ]);
});

test('tampered text, wrong key and unknown key are rejected', () => {
  const verifier = verifierFromKey(VKEY);
  assert.throws(() => openNote(NOTE.replace('answer', 'Answer'), [verifier]), /does not verify/);
  // Same name and key ID, different public key: a known key whose signature fails.
  const impostor = { ...verifier, verify: () => false };
  assert.throws(() => openNote(NOTE, [impostor]), NoteError);
  // A key with another name or ID is unknown: its lines are ignored, leaving no known signature.
  const other = verifierFromKey(generateSignerKey('PeterNeumann').verifierKey);
  assert.throws(() => openNote(NOTE, [other]), /no signature by a known key/);
  assert.throws(() => openNote(NOTE, []), /no signature by a known key/);
});

test('signatures by unknown keys are ignored when a known key verifies', () => {
  const stranger = generateSignerKey('stranger');
  const note = signNote(TEXT, [signerFromKey(stranger.signerKey), signerFromKey(SKEY)]);
  assert.deepEqual(openNote(note, [verifierFromKey(VKEY)]).verifiedBy, ['PeterNeumann']);
  // An unknown key's garbage signature (valid syntax) is ignored too.
  const junk = `${NOTE}\u2014 stranger ${Buffer.alloc(68, 7).toString('base64')}\n`;
  assert.deepEqual(openNote(junk, [verifierFromKey(VKEY)]).verifiedBy, ['PeterNeumann']);
});

test('duplicate and garbled signature lines are rejected', () => {
  const v = [verifierFromKey(VKEY)];
  const sigLine = NOTE.slice(NOTE.lastIndexOf('\n\n') + 2);
  assert.throws(() => openNote(NOTE + sigLine, v), /duplicates/);
  const cases: [string, string][] = [
    ['no em dash', NOTE.replace('\u2014 ', '- ')],
    ['missing signature', `${TEXT}\n\u2014 PeterNeumann\n`],
    ['bad base64', NOTE.replace(/ x08go/, ' x08g!')],
    ['non-canonical base64', NOTE.replace('=\n', '\n')],
    ['short blob', `${TEXT}\n\u2014 PeterNeumann AAAA\n`],
    ['no final newline', NOTE.slice(0, -1)],
    ['no signatures', `${TEXT}\n`],
    ['no blank line', TEXT],
    ['carriage return', NOTE.replace('\n\n', '\r\n\n')],
    ['tab in text', NOTE.replace(' think', '\tthink')],
    ['space in name', `${NOTE}\u2014 Peter Neumann ${Buffer.alloc(68).toString('base64')}\n`],
    ['lone surrogate', NOTE.replace('If', '\uD800If')],
  ];
  for (const [what, note] of cases) assert.throws(() => openNote(note, v), NoteError, what);
  const many = Array.from({ length: 101 }, (_, i) => `\u2014 k${i} ${'A'.repeat(8)}\n`).join('');
  assert.throws(() => openNote(`${NOTE}${many}`, v), /more than 100/);
});

test('at least 16 signatures are accepted', () => {
  const signers = Array.from({ length: 16 }, (_, i) =>
    signerFromKey(generateSignerKey(`witness-${i}`).signerKey),
  );
  const note = signNote(TEXT, [...signers, signerFromKey(SKEY)]);
  assert.deepEqual(openNote(note, [verifierFromKey(VKEY)]).verifiedBy, ['PeterNeumann']);
});

test('signing rejects text that could not be opened again', () => {
  const signer = signerFromKey(SKEY);
  assert.throws(() => signNote('no newline', [signer]), /end with a newline/);
  assert.throws(() => signNote('tab\there\n', [signer]), /control character/);
  assert.throws(() => signNote('text\n', []), /at least one signer/);
});

test('malformed key strings are rejected', () => {
  const bad = [
    VKEY.replace('c74f20a3', 'c74f20a4'), // wrong key id
    VKEY.replace('c74f20a3', 'C74F20A3'), // not lowercase
    VKEY.replace('+ARpc', '+AhpC'), // wrong algorithm byte
    'PeterNeumann+c74f20a3',
    '+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
  ];
  for (const k of bad) assert.throws(() => verifierFromKey(k), NoteKeyError, k);
  assert.throws(() => signerFromKey(VKEY), NoteKeyError);
  assert.throws(() => signerFromKey(SKEY.replace('c74f20a3', '00000000')), NoteKeyError);
  assert.throws(() => generateSignerKey('has space'), NoteKeyError);
  assert.throws(() => generateSignerKey('has+plus'), NoteKeyError);
});

test('generated keys round-trip through their strings', () => {
  const { signerKey, verifierKey } = generateSignerKey('piguard');
  assert.match(signerKey, /^PRIVATE\+KEY\+piguard\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
  assert.equal(verifierKeyOf(signerKey), verifierKey);
  const sig = signerFromKey(signerKey).sign(Buffer.from('x\n'));
  assert.equal(sig.length, 64);
  assert.ok(verifierFromKey(verifierKey).verify(Buffer.from('x\n'), sig));
  assert.ok(!verifierFromKey(verifierKey).verify(Buffer.from('y\n'), sig));
});
