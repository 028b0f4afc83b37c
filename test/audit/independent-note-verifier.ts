/**
 * An independent C2SP signed-note (Ed25519) verifier written from the spec text alone, to check
 * that what piguard signs is readable by others. node:crypto only; imports nothing from src/.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';

/** Returns the note's text when `vkey` (name+hexid+base64(0x01||key)) signed it; else throws. */
export function independentlyVerifyNote(note: string, vkey: string): string {
  const [name, hexId, ...rest] = vkey.split('+');
  const keyBytes = Buffer.from(rest.join('+'), 'base64');
  if (keyBytes.length !== 33 || keyBytes[0] !== 0x01) throw new Error('not an Ed25519 vkey');
  const pub = keyBytes.subarray(1);
  const id = createHash('sha256').update(`${name}\n`).update(keyBytes).digest().subarray(0, 4);
  if (id.toString('hex') !== hexId) throw new Error('vkey id does not match its key');
  const cut = note.lastIndexOf('\n\n');
  if (cut < 0 || !note.endsWith('\n')) throw new Error('no signature block');
  const text = note.slice(0, cut + 1);
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), pub]);
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  for (const line of note.slice(cut + 2, -1).split('\n')) {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (m === null) throw new Error('bad signature line');
    const sig = Buffer.from(m[2]!, 'base64');
    if (m[1] !== name || !sig.subarray(0, 4).equals(id)) continue; // another key's line
    if (verify(null, Buffer.from(text, 'utf8'), key, sig.subarray(4))) return text;
    throw new Error('signature does not verify');
  }
  throw new Error('no signature by this key');
}
