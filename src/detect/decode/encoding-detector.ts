/**
 * Guesses how a file's bytes encode text, from a sample of its first bytes: exports from Chinese
 * office software are often GB18030/GBK or UTF-16 rather than UTF-8 (DESIGN §4.1). A file that
 * does not look like text at all is reported as binary so that the scanner can skip it.
 */
import { isUtf8 } from 'node:buffer';
import { iconvLite } from './iconv-lite.ts';

/** Encodings piguard decodes; names as iconv-lite knows them. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** Outcome of detection: an encoding (and how many BOM bytes to drop) or `binary`. */
export type DetectedEncoding =
  { kind: 'text'; encoding: TextEncoding; bomLength: number } | { kind: 'binary'; reason: string };

/** How many leading bytes detection looks at; callers may pass less (a short file). */
export const DETECTION_SAMPLE_BYTES = 64 * 1024;

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/**
 * Share of C0 control bytes (other than tab, line breaks, form feed and escape) above which a
 * sample is binary. Text files hold a handful at most; executables and images hold many.
 */
const MAX_CONTROL_SHARE = 0.01;

/**
 * Detects the encoding of a sample taken from the start of a file.
 *
 * Order matters: a BOM is decisive; NUL bytes mean UTF-16 when they sit on one parity of byte
 * positions (the high byte of ASCII characters) and binary otherwise; bytes that are not UTF-8
 * but read as UTF-16 almost entirely in CJK ranges are BOM-less all-Chinese UTF-16; many control
 * bytes mean binary; valid UTF-8 wins over GB18030, which takes the rest.
 *
 * @param sample first bytes of the file (up to {@link DETECTION_SAMPLE_BYTES})
 * @param complete true when the sample is the whole file (no truncated character at its end)
 *
 * @example
 * detectEncoding(Buffer.from([0xff, 0xfe, 0x31, 0x00]), true)
 * // { kind: 'text', encoding: 'utf-16le', bomLength: 2 }
 */
export function detectEncoding(sample: Uint8Array, complete: boolean): DetectedEncoding {
  if (sample.length >= 3 && UTF8_BOM.every((b, i) => sample[i] === b)) {
    return { kind: 'text', encoding: 'utf-8', bomLength: 3 };
  }
  if (sample.length >= 2 && sample[0] === 0xff && sample[1] === 0xfe) {
    return { kind: 'text', encoding: 'utf-16le', bomLength: 2 };
  }
  if (sample.length >= 2 && sample[0] === 0xfe && sample[1] === 0xff) {
    return { kind: 'text', encoding: 'utf-16be', bomLength: 2 };
  }
  if (sample.length === 0) return { kind: 'text', encoding: 'utf-8', bomLength: 0 };

  if (sample.includes(0)) {
    const utf16 = utf16ByNulPattern(sample);
    return utf16
      ? { kind: 'text', encoding: utf16, bomLength: 0 }
      : { kind: 'binary', reason: 'contains NUL bytes' };
  }
  // All-Chinese UTF-16 has no NULs but many bytes below 0x20: test it before control bytes.
  // A character cut off at the end is tolerated even in a whole file (e.g. one cut with
  // `head -c`): a UTF-8 file whose last character is torn is still UTF-8. In a whole file it is
  // only tolerated with other multi-byte UTF-8 before it, so a lone stray byte stays GB18030.
  const whole = withoutTruncatedUtf8Tail(sample);
  const utf8 = isUtf8(whole) && (!complete || whole.length === sample.length || hasNonAscii(whole));
  const utf16 = utf8 ? undefined : utf16ByCjkShare(sample);
  if (utf16) return { kind: 'text', encoding: utf16, bomLength: 0 };
  if (controlShare(sample) > MAX_CONTROL_SHARE) {
    return { kind: 'binary', reason: 'contains control bytes' };
  }
  return { kind: 'text', encoding: utf8 ? 'utf-8' : 'gb18030', bomLength: 0 };
}

/** Share of code units a UTF-16 reading must put in CJK or ASCII ranges to be believed. */
const MIN_UTF16_TEXT_SHARE = 0.95;

/**
 * UTF-16 without a BOM and without ASCII (so without NULs): all-Chinese text. Read as UTF-16,
 * nearly every code unit is then a CJK ideograph or CJK/full-width punctuation; GB18030 bytes
 * read the same way scatter over the whole range.
 */
function utf16ByCjkShare(sample: Uint8Array): TextEncoding | undefined {
  const units = sample.length >> 1;
  if (units < 8) return undefined;
  let le = 0;
  let be = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (isCjkTextUnit(sample[i]! | (sample[i + 1]! << 8))) le++;
    if (isCjkTextUnit((sample[i]! << 8) | sample[i + 1]!)) be++;
  }
  if (le >= units * MIN_UTF16_TEXT_SHARE) return 'utf-16le';
  if (be >= units * MIN_UTF16_TEXT_SHARE) return 'utf-16be';
  return undefined;
}

function isCjkTextUnit(u: number): boolean {
  return (
    (u >= 0x4e00 && u <= 0x9fff) || // CJK unified ideographs
    (u >= 0x3000 && u <= 0x303f) || // CJK symbols and punctuation
    (u >= 0xff00 && u <= 0xffef) || // half-width and full-width forms
    (u >= 0x20 && u < 0x7f) ||
    u === 0x0a ||
    u === 0x0d
  );
}

/**
 * UTF-16 without a BOM: ASCII characters put a NUL in every high byte, so NULs cluster on odd
 * positions (little-endian) or even positions (big-endian). The decoded sample must then read as
 * text, which rules out binary formats whose NULs happen to lean to one side.
 */
function utf16ByNulPattern(sample: Uint8Array): TextEncoding | undefined {
  const pairs = sample.length >> 1;
  if (pairs === 0) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) even++;
    if (sample[i + 1] === 0) odd++;
  }
  let candidate: TextEncoding | undefined;
  // Characters whose low byte is 0 (U+4E00, some emoji halves) put a few NULs on the other side.
  if (odd >= pairs * 0.1 && even * 8 <= odd) candidate = 'utf-16le';
  else if (even >= pairs * 0.1 && odd * 8 <= even) candidate = 'utf-16be';
  if (!candidate) return undefined;
  const text = iconvLite().decode(
    Buffer.from(sample.buffer, sample.byteOffset, pairs * 2),
    candidate,
  );
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && !isTextControl(c)) || c === 0xfffd) bad++;
  }
  return bad <= text.length * MAX_CONTROL_SHARE ? candidate : undefined;
}

/** Tab, LF, VT, FF, CR and ESC (ANSI colours in logs) occur in text files. */
function isTextControl(c: number): boolean {
  return (c >= 0x09 && c <= 0x0d) || c === 0x1b;
}

function controlShare(sample: Uint8Array): number {
  let n = 0;
  for (const b of sample) if ((b < 0x20 && !isTextControl(b)) || b === 0x7f) n++;
  return n / sample.length;
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return true;
  return false;
}

/** Drops a multi-byte UTF-8 sequence cut off by the end of the sample. */
function withoutTruncatedUtf8Tail(sample: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, sample.length); back++) {
    const b = sample[sample.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? sample.subarray(0, sample.length - back) : sample;
  }
  return sample;
}
