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
 * @example
 * for await (const { text, base } of splitAtLines(decoded.chunks)) ...
 */
export async function* splitAtLines(
  chunks: AsyncIterable<string>,
  chunkSize = DEFAULT_CHUNK_SIZE,
): AsyncGenerator<{ text: string; base: TextPosition }> {
  let parts: string[] = [];
  let pending = 0;
  let base = FILE_START;
  for await (const piece of chunks) {
    parts.push(piece);
    pending += piece.length;
    if (pending < chunkSize) continue;
    let text = parts.join('');
    while (text.length >= chunkSize) {
      const cut = cutPoint(text, chunkSize);
      if (cut === 0) break;
      const head = text.slice(0, cut);
      yield { text: head, base };
      base = advancePosition(base, head);
      text = text.slice(cut);
    }
    parts = [text];
    pending = text.length;
  }
  const rest = parts.join('');
  if (rest.length > 0) yield { text: rest, base };
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
