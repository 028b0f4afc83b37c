/**
 * C2SP signed-note: a UTF-8 text ending in a newline, a blank line, then signature lines
 * `— <key name> <base64(4-byte big-endian key ID || signature)>`. The text is everything up to
 * and including the newline before the LAST blank line.
 *
 * Opening follows the spec's verifier rules: signatures by unknown keys (name and key ID must both
 * match) are ignored; a known key whose signature fails rejects the note; a note with no
 * signature by a known key is rejected. Malformed or duplicated signature lines reject the note,
 * so a note has one spelling only.
 */
import { PiguardError } from '../core/errors.ts';
import { isValidKeyName, isWellFormed, type NoteSigner, type NoteVerifier } from './note-keys.ts';
import { decodeBase64Strict } from './strict-base64.ts';

export {
  generateSignerKey,
  keyIdOf,
  NoteKeyError,
  signerFromKey,
  verifierFromKey,
  verifierKeyOf,
  type NoteSigner,
  type NoteVerifier,
} from './note-keys.ts';

/** Start of every signature line: U+2014 EM DASH and a space. */
const SIGNATURE_PREFIX = '\u2014 ';
/**
 * Most signature lines a note may carry. The spec asks verifiers to accept at least 16; the cap
 * bounds the work an attacker can make a verifier do.
 */
export const MAX_SIGNATURES = 100;

/**
 * A note that is malformed, carries a bad signature by a known key, or none by a known key.
 *
 * @example
 * try { openNote(note, [verifier]); } catch (e) { if (e instanceof NoteError) … }
 */
export class NoteError extends PiguardError {}

/**
 * Signs `text` (which must end in "\n") with every signer and returns the whole note.
 *
 * @example
 * const note = signNote('log.example.org\n5\nq1…=\n', [signerFromKey(skey)]);
 */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  checkNoteCharacters(text);
  if (!text.endsWith('\n')) throw new NoteError('note text must end with a newline');
  if (signers.length === 0) throw new NoteError('a note needs at least one signer');
  if (signers.length > MAX_SIGNATURES) throw new NoteError(`more than ${MAX_SIGNATURES} signers`);
  const bytes = Buffer.from(text, 'utf8');
  const lines = signers.map((signer) => {
    if (!isValidKeyName(signer.name)) throw new NoteError('signer has an invalid key name');
    const id = Buffer.alloc(4);
    id.writeUInt32BE(signer.keyId);
    const blob = Buffer.concat([id, signer.sign(bytes)]).toString('base64');
    return `${SIGNATURE_PREFIX}${signer.name} ${blob}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/**
 * Parses a signed note and checks its signatures against the known verifiers.
 * Returns the text and the names of the keys whose signatures verified; throws NoteError.
 *
 * @example
 * const { text, verifiedBy } = openNote(note, [verifierFromKey(vkey)]);
 */
export function openNote(
  note: string,
  verifiers: readonly NoteVerifier[],
): { text: string; verifiedBy: string[] } {
  checkNoteCharacters(note);
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('malformed note: no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) {
    throw new NoteError('malformed note: signature lines must follow and end with a newline');
  }
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError(`more than ${MAX_SIGNATURES} signatures`);

  const bytes = Buffer.from(text, 'utf8');
  const seen = new Set<string>();
  const verifiedBy: string[] = [];
  for (const [i, line] of lines.entries()) {
    const { name, keyId, sig } = parseSignatureLine(line, i + 1);
    const key = `${keyId}:${name}`;
    if (seen.has(key)) throw new NoteError(`signature line ${i + 1} duplicates an earlier key`);
    seen.add(key);
    const verifier = verifiers.find((v) => v.name === name && v.keyId === keyId);
    if (verifier === undefined) continue; // unknown keys are ignored, as the spec requires
    if (!verifier.verify(bytes, sig)) {
      throw new NoteError(`signature by known key ${name} does not verify`);
    }
    verifiedBy.push(name);
  }
  if (verifiedBy.length === 0) throw new NoteError('note has no signature by a known key');
  return { text, verifiedBy };
}

function parseSignatureLine(
  line: string,
  number: number,
): { name: string; keyId: number; sig: Buffer } {
  const bad = (why: string): NoteError =>
    new NoteError(`malformed signature line ${number}: ${why}`);
  if (!line.startsWith(SIGNATURE_PREFIX)) throw bad('does not start with an em dash and a space');
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space < 0) throw bad('no signature after the key name');
  const name = rest.slice(0, space);
  if (!isValidKeyName(name)) throw bad('invalid key name');
  const blob = decodeBase64Strict(rest.slice(space + 1));
  if (blob === undefined) throw bad('signature is not canonical base64');
  if (blob.length < 5) throw bad('signature is shorter than a key ID and one byte');
  return { name, keyId: blob.readUInt32BE(0), sig: blob.subarray(4) };
}

/** Valid UTF-8 (no lone surrogates) and no ASCII control characters other than newline. */
function checkNoteCharacters(text: string): void {
  if (!isWellFormed(text)) throw new NoteError('note is not valid UTF-8');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text)) {
    throw new NoteError('note contains an ASCII control character other than newline');
  }
}
