/**
 * Ed25519 keys for C2SP signed notes, and their text encodings (the golang.org/x/mod/sumdb/note
 * convention the spec's ecosystem uses):
 *
 * - verifier key: `name+hexkeyid+base64(0x01 || 32-byte public key)`
 * - signer key:   `PRIVATE+KEY+name+hexkeyid+base64(0x01 || 32-byte seed)`
 *
 * Key ID = SHA-256(name || 0x0A || 0x01 || public key)[:4], read big-endian. Ed25519 runs through
 * node:crypto: the raw seed becomes a PKCS#8 key by prefixing the fixed DER header of RFC 8410.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { PiguardError } from '../core/errors.ts';
import { decodeBase64Strict } from './strict-base64.ts';

/** Signature type byte of Ed25519 in signed-note key IDs and key strings. */
export const ALG_ED25519 = 0x01;
/** Size of an Ed25519 public key and of a seed (RFC 8032). */
const ED25519_KEY_SIZE = 32;
/** DER of PKCS#8 PrivateKeyInfo for Ed25519 (RFC 8410 §7) up to the 32-byte seed. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** DER of SubjectPublicKeyInfo for Ed25519 (RFC 8410 §4) up to the 32-byte public key. */
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const SIGNER_KEY_PREFIX = 'PRIVATE+KEY+';

/**
 * Signs note texts under one key name and key ID.
 *
 * @example
 * const signer = signerFromKey(skey);
 * signer.sign(Buffer.from('text\n')); // 64-byte Ed25519 signature
 */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  sign(text: Buffer): Buffer;
}

/**
 * Checks note signatures made under one key name and key ID.
 *
 * @example
 * verifierFromKey(vkey).verify(Buffer.from('text\n'), sig); // true or false
 */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  verify(text: Buffer, sig: Buffer): boolean;
}

/**
 * A key string that does not parse or whose key ID does not match its key.
 *
 * @example
 * try { verifierFromKey(text); } catch (e) { if (e instanceof NoteKeyError) … }
 */
export class NoteKeyError extends PiguardError {}

/**
 * True for a valid key name: non-empty, no Unicode spaces, no '+' (and no control characters,
 * which a note could not carry anyway).
 *
 * @example
 * isValidKeyName('log.example.org/audit'); // true
 * isValidKeyName('two words');             // false
 */
export function isValidKeyName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name.length > 0 && !/[\s\u0085+\u0000-\u001f\u007f]/u.test(name) && isWellFormed(name);
}

/**
 * Key ID of an Ed25519 key: SHA-256(name || 0x0A || 0x01 || public key)[:4] as a uint32.
 *
 * @example
 * keyIdOf('PeterNeumann', publicKey).toString(16); // 'c74f20a3'
 */
export function keyIdOf(name: string, publicKey: Uint8Array): number {
  const digest = createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, ALG_ED25519]))
    .update(publicKey)
    .digest();
  return digest.readUInt32BE(0);
}

/**
 * A new random Ed25519 key pair as signer and verifier key strings.
 *
 * @example
 * const { signerKey, verifierKey } = generateSignerKey('log.example.org');
 */
export function generateSignerKey(name: string): { signerKey: string; verifierKey: string } {
  checkName(name);
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-ED25519_KEY_SIZE);
  const signerKey = encodeKey(SIGNER_KEY_PREFIX, name, publicKeyOf(privateKey), seed);
  return { signerKey, verifierKey: verifierKeyOf(signerKey) };
}

/**
 * The verifier key string belonging to a signer key string.
 *
 * @example
 * verifierKeyOf('PRIVATE+KEY+PeterNeumann+c74f20a3+AYEK…'); // 'PeterNeumann+c74f20a3+ARpc…'
 */
export function verifierKeyOf(skey: string): string {
  const { name, privateKey } = parseSignerKey(skey);
  return encodeKey('', name, publicKeyOf(privateKey), publicKeyOf(privateKey));
}

/**
 * Parses `PRIVATE+KEY+name+hexkeyid+base64(0x01 || seed)`; checks the key ID against the key.
 *
 * @example
 * const signer = signerFromKey(readFileSync('log.skey', 'utf8').trim());
 */
export function signerFromKey(skey: string): NoteSigner {
  const { name, keyId, privateKey } = parseSignerKey(skey);
  return {
    name,
    keyId,
    sign: (text: Buffer): Buffer => sign(null, text, privateKey),
  };
}

/**
 * Parses `name+hexkeyid+base64(0x01 || public key)`; checks the key ID against the key.
 *
 * @example
 * const verifier = verifierFromKey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW');
 */
export function verifierFromKey(vkey: string): NoteVerifier {
  const { name, keyId, key } = splitKey(vkey, 'verifier');
  const publicKey = asKeyError('verifier', () =>
    createPublicKey({
      key: Buffer.concat([SPKI_ED25519_PREFIX, key]),
      format: 'der',
      type: 'spki',
    }),
  );
  if (keyIdOf(name, key) !== keyId) {
    throw new NoteKeyError('verifier key: key ID does not match the name and public key');
  }
  return {
    name,
    keyId,
    verify: (text: Buffer, sig: Buffer): boolean =>
      sig.length === 64 && verify(null, text, publicKey, sig),
  };
}

function parseSignerKey(skey: string): { name: string; keyId: number; privateKey: KeyObject } {
  if (!skey.startsWith(SIGNER_KEY_PREFIX)) {
    throw new NoteKeyError('signer key does not start with PRIVATE+KEY+');
  }
  const { name, keyId, key } = splitKey(skey.slice(SIGNER_KEY_PREFIX.length), 'signer');
  const privateKey = asKeyError('signer', () =>
    createPrivateKey({
      key: Buffer.concat([PKCS8_ED25519_PREFIX, key]),
      format: 'der',
      type: 'pkcs8',
    }),
  );
  if (keyIdOf(name, publicKeyOf(privateKey)) !== keyId) {
    throw new NoteKeyError('signer key: key ID does not match the name and key');
  }
  return { name, keyId, privateKey };
}

/** Splits `name+hexkeyid+base64(0x01 || 32 bytes)`; the base64 part may itself contain '+'. */
function splitKey(
  text: string,
  kind: 'signer' | 'verifier',
): { name: string; keyId: number; key: Buffer } {
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) throw new NoteKeyError(`${kind} key is not name+keyid+key`);
  const name = text.slice(0, first);
  const hex = text.slice(first + 1, second);
  const body = decodeBase64Strict(text.slice(second + 1));
  if (!isValidKeyName(name)) throw new NoteKeyError(`${kind} key has an invalid key name`);
  if (!/^[0-9a-f]{8}$/.test(hex)) {
    throw new NoteKeyError(`${kind} key ID is not 8 lowercase hex digits`);
  }
  if (body === undefined || body.length !== 1 + ED25519_KEY_SIZE || body[0] !== ALG_ED25519) {
    throw new NoteKeyError(`${kind} key is not base64 of 0x01 and a 32-byte Ed25519 key`);
  }
  return { name, keyId: Number.parseInt(hex, 16), key: body.subarray(1) };
}

function encodeKey(prefix: string, name: string, publicKey: Buffer, key: Buffer): string {
  const id = keyIdOf(name, publicKey).toString(16).padStart(8, '0');
  const body = Buffer.concat([Buffer.from([ALG_ED25519]), key]).toString('base64');
  return `${prefix}${name}+${id}+${body}`;
}

function publicKeyOf(privateKey: KeyObject): Buffer {
  return createPublicKey(privateKey)
    .export({ format: 'der', type: 'spki' })
    .subarray(-ED25519_KEY_SIZE);
}

function checkName(name: string): void {
  if (!isValidKeyName(name)) {
    throw new NoteKeyError('key name must be non-empty, without spaces or "+"');
  }
}

/** Runs a node:crypto key import, turning its failure into a NoteKeyError. */
function asKeyError(kind: 'signer' | 'verifier', load: () => KeyObject): KeyObject {
  try {
    return load();
  } catch (err) {
    throw new NoteKeyError(`${kind} key is not a valid Ed25519 key`, 1, { cause: err });
  }
}

/**
 * False for strings with lone surrogates, which have no UTF-8 encoding.
 *
 * @example
 * isWellFormed('ok'); // true
 * isWellFormed('\uD800'); // false
 */
export function isWellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
