/**
 * Plain text: the decoded stream cut into units of whole lines, so that memory stays bounded on
 * files of any size and no value on one line is split between two units.
 */
import { advancePosition, type ScanUnit, type TextPosition } from './scan-unit.ts';

/** Default unit size in UTF-16 units: large enough to amortise per-unit costs, small for RAM. */
export const DEFAULT_CHUNK_SIZE = 1 << 17;

/**
 * A line longer than this many chunks is cut anyway (at a space if one is near), so that a file
 * without line breaks cannot make a unit grow without bound.
 */
const MAX_LINE_CHUNKS = 4;

/** The start of the decoded text of every file. */
export const FILE_START: TextPosition = Object.freeze({ offset: 0, line: 1, column: 1 });

/**
 * Groups streamed text into pieces of about `chunkSize` UTF-16 units, each ending with a line
 * break (except the last), together with where each piece starts.
 *
 * Where the pieces are cut depends only on the whole text and `chunkSize`, never on how the
 * stream happened to be split (each cut is decided with at least `chunkSize` units in hand).
 *
 * @example
 * for await (const { text, base } of splitAtLines(decoded.chunks)) ...
 */
export async function* splitAtLines(
  chunks: AsyncIterable<string>,
  chunkSize = DEFAULT_CHUNK_SIZE,
): AsyncGenerator<{ text: string; base: TextPosition }> {
  const pending = new PendingText();
  let base = FILE_START;
  for await (const piece of chunks) {
    pending.push(piece);
    while (pending.length >= chunkSize) {
      const cut = pending.cutPoint(chunkSize);
      if (cut === 0) break;
      const head = pending.take(cut);
      yield { text: head, base };
      base = advancePosition(base, head);
    }
  }
  const rest = pending.take(pending.length);
  if (rest.length > 0) yield { text: rest, base };
}

/**
 * Text received and not yet cut off, kept as the pieces it arrived in rather than joined.
 *
 * Joining the pending text with each new piece made a large new string per read and copied
 * characters more than once (what was left after a cut was copied again with the next piece):
 * ~6% of a profile of a structured `piguard scan`. Kept as pieces, a cut inside one piece is a
 * slice (V8 shares the characters, no copy) and a cut across pieces is a concatenation, copied
 * once when the unit is first searched. A slice keeps its whole piece alive as long as the unit
 * (or a finding's text sliced from it) is: pieces are one read each (see `READ_BLOCK_BYTES` in
 * file-scanner.ts), so that is bounded by the units in flight.
 */
class PendingText {
  /** The pieces, oldest first; the text starts at `#start` in the first. */
  #parts: string[] = [];
  #start = 0;
  #length = 0;

  /** UTF-16 units pending. */
  get length(): number {
    return this.#length;
  }

  push(piece: string): void {
    if (piece.length === 0) return;
    this.#parts.push(piece);
    this.#length += piece.length;
  }

  /** {@link cutPoint} of the pending text (requires `length >= chunkSize`). */
  cutPoint(chunkSize: number): number {
    const before = this.#lastLineBreakBefore(chunkSize);
    if (before >= 0) return before + 1;
    // No line break in the first chunk: a long line, rare. Join and decide on the whole text.
    if (this.#parts.length > 1 || this.#start > 0) {
      const all = this.take(this.#length);
      this.push(all);
    }
    return cutPoint(this.#parts[0]!, chunkSize);
  }

  /** Removes and returns the first `n` units of the pending text. */
  take(n: number): string {
    const parts = this.#parts;
    if (n === 0) return '';
    let first = parts[0]!;
    let head: string;
    if (this.#start + n <= first.length) {
      head = first.slice(this.#start, this.#start + n);
      this.#start += n;
    } else {
      head = first.slice(this.#start);
      let left = n - head.length;
      parts.shift();
      first = parts[0]!;
      while (left > first.length) {
        head += first;
        left -= first.length;
        parts.shift();
        first = parts[0]!;
      }
      head += first.slice(0, left);
      this.#start = left;
    }
    if (parts.length > 0 && this.#start === parts[0]!.length) {
      parts.shift();
      this.#start = 0;
    }
    this.#length -= n;
    return head;
  }

  /** Index in the pending text of the last line break before index `end`, or -1. */
  #lastLineBreakBefore(end: number): number {
    const parts = this.#parts;
    // Find the piece holding index end - 1, then search backwards from there.
    let offset = -this.#start;
    let i = 0;
    while (offset + parts[i]!.length < end) {
      offset += parts[i]!.length;
      i++;
    }
    for (; i >= 0; i--) {
      const part = parts[i]!;
      const from = Math.min(end - 1 - offset, part.length - 1);
      const at = part.lastIndexOf('\n', from);
      if (at >= 0 && at + offset >= 0) return at + offset;
      if (i > 0) offset -= parts[i - 1]!.length;
    }
    return -1;
  }
}

/**
 * Where to cut `text` (at least `chunkSize` long): after the last line break within the first
 * `chunkSize` units, else after the first one beyond; 0 to wait for more text.
 */
function cutPoint(text: string, chunkSize: number): number {
  const before = text.lastIndexOf('\n', chunkSize - 1);
  if (before >= 0) return before + 1;
  const limit = chunkSize * MAX_LINE_CHUNKS;
  const after = text.indexOf('\n', chunkSize);
  if (after >= 0 && after < limit) return after + 1;
  if (after < 0 && text.length < limit) return 0;
  const space = text.lastIndexOf(' ', chunkSize);
  let cut = space > chunkSize / 2 ? space + 1 : chunkSize;
  const c = text.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--; // never split a surrogate pair
  return cut;
}

/**
 * Units of a plain-text file: the text itself is scanned, so offsets need no mapping.
 *
 * @example
 * for await (const unit of readTextUnits('notes.txt', decoded.chunks)) scanUnit(unit)
 */
export async function* readTextUnits(
  path: string,
  chunks: AsyncIterable<string>,
  chunkSize = DEFAULT_CHUNK_SIZE,
): AsyncGenerator<ScanUnit> {
  for await (const { text, base } of splitAtLines(chunks, chunkSize)) {
    yield { path, text, base };
  }
}
