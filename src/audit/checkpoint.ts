/**
 * C2SP tlog-checkpoint note text: origin, tree size, base64 root hash, then optional extension
 * lines. Parsing is strict — one spelling per checkpoint — because a checkpoint is what a log
 * signs and what witnesses compare.
 */
import { PiguardError } from '../core/errors.ts';
import { HASH_SIZE } from './rfc6962.ts';
import { decodeBase64Strict } from './strict-base64.ts';

/**
 * The signed statement "the log `origin` has `size` entries with this root".
 *
 * @example
 * const cp: Checkpoint = { origin: 'log.example.org/audit', size: 5, rootHash, extensions: [] };
 */
export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Buffer;
  extensions: string[];
}

/**
 * A checkpoint text that does not follow tlog-checkpoint, or a checkpoint that cannot be written.
 *
 * @example
 * try { parseCheckpoint(text); } catch (e) { if (e instanceof CheckpointError) … }
 */
export class CheckpointError extends PiguardError {}

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

/**
 * The note text of a checkpoint, ending with "\n".
 *
 * @example
 * formatCheckpoint({ origin: 'log.example.org', size: 0, rootHash: emptyRoot(), extensions: [] });
 * // 'log.example.org\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n'
 */
export function formatCheckpoint(cp: Checkpoint): string {
  if (cp.origin.length === 0 || cp.origin.includes('\n')) {
    throw new CheckpointError('checkpoint origin must be one non-empty line');
  }
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) {
    throw new CheckpointError(`checkpoint size must be a non-negative integer, got ${cp.size}`);
  }
  if (cp.rootHash.length !== HASH_SIZE) {
    throw new CheckpointError(`checkpoint root hash is ${cp.rootHash.length} bytes`);
  }
  for (const ext of cp.extensions) {
    if (ext.length === 0 || ext.includes('\n')) {
      throw new CheckpointError('checkpoint extension lines must be single non-empty lines');
    }
  }
  const lines = [cp.origin, String(cp.size), cp.rootHash.toString('base64'), ...cp.extensions];
  return `${lines.join('\n')}\n`;
}

/**
 * Parses checkpoint note text (as returned by openNote); throws CheckpointError when malformed.
 *
 * @example
 * const { origin, size, rootHash } = parseCheckpoint(openNote(note, [verifier]).text);
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new CheckpointError('checkpoint text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new CheckpointError('checkpoint needs origin, size and root lines');
  const [origin, sizeText, rootText, ...extensions] = lines as [
    string,
    string,
    string,
    ...string[],
  ];
  if (origin.length === 0) throw new CheckpointError('checkpoint origin line is empty');
  if (!DECIMAL.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    throw new CheckpointError('checkpoint size is not a decimal number without leading zeros');
  }
  const rootHash = decodeBase64Strict(rootText);
  if (rootHash === undefined || rootHash.length !== HASH_SIZE) {
    throw new CheckpointError('checkpoint root is not the base64 of a 32-byte hash');
  }
  if (extensions.some((ext) => ext.length === 0)) {
    throw new CheckpointError('checkpoint extension lines must not be empty');
  }
  return { origin, size: Number(sizeText), rootHash, extensions };
}
