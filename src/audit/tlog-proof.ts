/**
 * C2SP tlog-proof files (`.tlog-proof`): an inclusion proof for one entry together with the
 * signed checkpoint it leads to, checkable offline with nothing but the log's verifier key.
 *
 * ```
 * c2sp.org/tlog-proof@v1
 * extra <base64>          (optional, opaque, not authenticated)
 * index <n>
 * <base64 hash>           (zero or more: the leaf's sibling first, up to the root's child)
 *
 * <signed checkpoint note, verbatim>
 * ```
 */
import { PiguardError } from '../core/errors.ts';
import { type Checkpoint, parseCheckpoint } from './checkpoint.ts';
import { ProofError, verifyInclusion } from './proof-verification.ts';
import { HASH_SIZE, hashLeaf } from './rfc6962.ts';
import { openNote, verifierFromKey } from './signed-note.ts';
import { decodeBase64Strict } from './strict-base64.ts';

/** First line of every tlog-proof. */
export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

/**
 * One tlog-proof.
 *
 * @example
 * const p: TlogProof = { index: 3, proof: await inclusionProof(3, size, source), checkpoint: note };
 */
export interface TlogProof {
  index: number;
  extra?: Buffer;
  proof: Buffer[];
  /** The signed checkpoint note, verbatim (text, blank line, signature lines). */
  checkpoint: string;
}

/**
 * A tlog-proof that is malformed or does not verify. The message starts with the part that failed:
 * `tlog-proof line N`, `checkpoint signature`, `checkpoint` or `inclusion proof`.
 *
 * @example
 * try { verifyTlogProof(text, vkey, { entry }); } catch (e) { if (e instanceof TlogProofError) … }
 */
export class TlogProofError extends PiguardError {}

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

/**
 * Writes a tlog-proof file's text.
 *
 * @example
 * writeFileSync('entry-3.tlog-proof', formatTlogProof({ index: 3, proof, checkpoint: note }));
 */
export function formatTlogProof(p: TlogProof): string {
  if (!Number.isSafeInteger(p.index) || p.index < 0) {
    throw new TlogProofError(`tlog-proof index must be a non-negative integer, got ${p.index}`);
  }
  for (const h of p.proof) {
    if (h.length !== HASH_SIZE) throw new TlogProofError(`proof hash is ${h.length} bytes`);
  }
  if (p.checkpoint.length === 0) throw new TlogProofError('tlog-proof needs a signed checkpoint');
  const lines = [TLOG_PROOF_HEADER];
  if (p.extra !== undefined) lines.push(`extra ${p.extra.toString('base64')}`);
  lines.push(`index ${p.index}`, ...p.proof.map((h) => h.toString('base64')));
  return `${lines.join('\n')}\n\n${p.checkpoint}`;
}

/**
 * Parses a tlog-proof file's text; throws TlogProofError naming the offending line.
 *
 * @example
 * const { index, proof, checkpoint } = parseTlogProof(readFileSync(file, 'utf8'));
 */
export function parseTlogProof(text: string): TlogProof {
  const blank = text.indexOf('\n\n');
  if (blank < 0) throw new TlogProofError('tlog-proof: no empty line before the checkpoint');
  const lines = text.slice(0, blank).split('\n');
  const checkpoint = text.slice(blank + 2);
  const bad = (line: number, why: string): TlogProofError =>
    new TlogProofError(`tlog-proof line ${line}: ${why}`);

  if (lines[0] !== TLOG_PROOF_HEADER) throw bad(1, `expected "${TLOG_PROOF_HEADER}"`);
  let at = 1;
  let extra: Buffer | undefined;
  if (lines[at]?.startsWith('extra ')) {
    extra = decodeBase64Strict(lines[at]!.slice('extra '.length));
    if (extra === undefined) throw bad(at + 1, 'extra data is not canonical base64');
    at++;
  }
  const indexLine = lines[at];
  if (indexLine === undefined || !indexLine.startsWith('index ')) {
    throw bad(at + 1, 'expected "index <n>"');
  }
  const indexText = indexLine.slice('index '.length);
  if (!DECIMAL.test(indexText) || !Number.isSafeInteger(Number(indexText))) {
    throw bad(at + 1, 'index is not a decimal number without leading zeros');
  }
  const proof = lines.slice(at + 1).map((line, i) => {
    const hash = decodeBase64Strict(line);
    if (hash === undefined || hash.length !== HASH_SIZE) {
      throw bad(at + 2 + i, 'not the base64 of a 32-byte hash');
    }
    return hash;
  });
  if (checkpoint.length === 0) throw new TlogProofError('tlog-proof: the checkpoint is missing');
  const result: TlogProof = { index: Number(indexText), proof, checkpoint };
  if (extra !== undefined) result.extra = extra;
  return result;
}

/**
 * Offline check: signature by vkey, checkpoint parse, inclusion of leafHash (or of hashLeaf(entry)).
 * Throws TlogProofError saying which of these failed (`key`, `tlog-proof line N`, `checkpoint
 * signature`, `checkpoint` or `inclusion proof` starts the message).
 *
 * @example
 * const { checkpoint, index } = verifyTlogProof(text, vkey, { entry: leafBytes });
 */
export function verifyTlogProof(
  text: string,
  verifierKey: string,
  leaf: { entry: Uint8Array } | { leafHash: Buffer },
): { checkpoint: Checkpoint; index: number } {
  const verifier = step('key', () => verifierFromKey(verifierKey));
  const p = parseTlogProof(text);
  const noteText = step('checkpoint signature', () => openNote(p.checkpoint, [verifier]).text);
  const checkpoint = step('checkpoint', () => parseCheckpoint(noteText));
  const leafHash = 'leafHash' in leaf ? leaf.leafHash : hashLeaf(leaf.entry);
  step('inclusion proof', () => {
    verifyInclusion(leafHash, p.index, checkpoint.size, p.proof, checkpoint.rootHash);
  });
  return { checkpoint, index: p.index };
}

/** Runs one verification step, prefixing any failure with the step's name. */
function step<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (!(err instanceof PiguardError)) throw err;
    const detail =
      err instanceof ProofError
        ? `entry is not in the log at this index: ${err.message}`
        : err.message;
    throw new TlogProofError(`${what}: ${detail}`, 1, { cause: err });
  }
}
