/**
 * JSON and JSON Lines: every string (and number) value is scanned with its key as context
 * (`"mobile": "13800138000"` is scanned as `mobile：13800138000`). A lexer rather than
 * JSON.parse walks the text so that each value keeps its place in the file, escapes included,
 * and so that a malformed line costs only that line's structure, not the scan.
 */
import { splitAtLines, DEFAULT_CHUNK_SIZE, FILE_START } from './text-reader.ts';
import { advancePosition, UnitTextBuilder, type ScanUnit, type TextPosition } from './scan-unit.ts';

interface Frame {
  isObject: boolean;
  /** Key of the member being read (objects) or inherited from the parent member (arrays). */
  key: string | undefined;
  /** Key in force where this container started; restored after each member. */
  outerKey: string | undefined;
  expectKey: boolean;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * Lexes `text` and yields units of about `chunkSize` UTF-16 units, cut between tokens.
 * `lines`: JSON Lines, where a line break at the top level resets the structure.
 */
function* lexJsonUnits(
  path: string,
  text: string,
  base: TextPosition,
  chunkSize: number,
  lines: boolean,
): Generator<ScanUnit> {
  const stack: Frame[] = [];
  const n = text.length;
  let unitStart = 0;
  let unitBase = base;
  let builder = new UnitTextBuilder();
  const context = (): string | undefined => stack[stack.length - 1]?.key;

  const cut = (at: number): ScanUnit | undefined => {
    const raw = text.slice(unitStart, at);
    const unit = builder.size > 0 ? builder.build(path, raw, unitBase) : undefined;
    unitBase = advancePosition(unitBase, raw);
    unitStart = at;
    builder = new UnitTextBuilder();
    return unit;
  };

  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (c === '"') {
      const s = lexString(text, i);
      const top = stack[stack.length - 1];
      if (top?.isObject && top.expectKey) {
        top.key = s.value;
      } else {
        builder.addValue(context(), s.value, s.start - unitStart, s.map);
      }
      i = s.next;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      let j = i + 1;
      while (j < n && /[0-9eE.+-]/.test(text[j]!)) j++;
      builder.addValue(context(), text.slice(i, j), i - unitStart);
      i = j;
    } else {
      if (c === '{' || c === '[') {
        const key = context();
        stack.push({ isObject: c === '{', key, outerKey: key, expectKey: c === '{' });
      } else if (c === '}' || c === ']') {
        stack.pop();
      } else if (c === ':') {
        const top = stack[stack.length - 1];
        if (top) top.expectKey = false;
      } else if (c === ',') {
        const top = stack[stack.length - 1];
        if (top?.isObject) {
          top.expectKey = true;
          top.key = top.outerKey;
        }
      } else if (c === '\n' && lines) {
        stack.length = 0;
      }
      i++;
      if (builder.length >= chunkSize && (c === '\n' || stack.length <= 1)) {
        const unit = cut(i);
        if (unit) yield unit;
      }
    }
  }
  const unit = cut(n);
  if (unit) yield unit;
}

/**
 * A string literal starting at the quote `q`: its value, where the value starts, and a map when
 * escapes make value and text differ. A raw line break ends an unterminated string.
 */
function lexString(
  text: string,
  q: number,
): { value: string; start: number; next: number; map?: number[] } {
  const start = q + 1;
  let j = start;
  let escaped = false;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 0x22 || c === 0x0a) break;
    if (c === 0x5c) {
      escaped = true;
      j += 2;
    } else {
      j++;
    }
  }
  j = Math.min(j, text.length);
  const next = text.charCodeAt(j) === 0x22 ? j + 1 : j;
  const content = text.slice(start, j);
  if (!escaped) return { value: content, start, next };
  let value = '';
  const map: number[] = [];
  for (let r = 0; r < content.length;) {
    const c = content[r]!;
    if (c !== '\\') {
      map.push(r);
      value += c;
      r++;
      continue;
    }
    const e = content[r + 1] ?? '';
    if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(content.slice(r + 2, r + 6))) {
      map.push(r);
      value += String.fromCharCode(parseInt(content.slice(r + 2, r + 6), 16));
      r += 6;
    } else {
      map.push(r);
      value += SIMPLE_ESCAPES[e] ?? e;
      r += 2;
    }
  }
  map.push(content.length);
  return { value, start, next, map };
}

/**
 * Units of a JSON document. The whole document is held in memory (a JSON value cannot be cut
 * into independent pieces); use JSON Lines for large data.
 *
 * @example
 * for await (const unit of readJsonUnits('dump.json', decoded.chunks)) ...
 */
export async function* readJsonUnits(
  path: string,
  chunks: AsyncIterable<string>,
  chunkSize = DEFAULT_CHUNK_SIZE,
): AsyncGenerator<ScanUnit> {
  const parts: string[] = [];
  for await (const piece of chunks) parts.push(piece);
  yield* lexJsonUnits(path, parts.join(''), FILE_START, chunkSize, false);
}

/**
 * Units of a JSON Lines file, streamed in pieces of whole lines.
 *
 * @example
 * for await (const unit of readJsonLinesUnits('events.jsonl', decoded.chunks)) ...
 */
export async function* readJsonLinesUnits(
  path: string,
  chunks: AsyncIterable<string>,
  chunkSize = DEFAULT_CHUNK_SIZE,
): AsyncGenerator<ScanUnit> {
  for await (const { text, base } of splitAtLines(chunks, chunkSize)) {
    yield* lexJsonUnits(path, text, base, Infinity, true);
  }
}
