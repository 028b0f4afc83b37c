/**
 * Runs recognisers over a text and returns non-overlapping findings with code-point offsets.
 */
import type { EntityType } from '../core/entity-types.ts';
import type { Finding } from '../core/finding.ts';
import { prepareText } from './prepared-text.ts';
import { defaultRegistry, type RecognizerRegistry } from './registry.ts';

export interface ScanOptions {
  /** Only these types (default: all registered). */
  types?: readonly EntityType[];
  /** Drop findings scoring below this (default 0.5). */
  minScore?: number;
  /** Recognisers to use (default: the built-in registry). */
  registry?: RecognizerRegistry;
}

/** Default score threshold: below it a candidate is a guess, not a finding. */
export const DEFAULT_MIN_SCORE = 0.5;

interface Candidate {
  type: EntityType;
  recognizer: string;
  start: number;
  end: number;
  score: number;
  normalized?: string;
}

/**
 * Finds personal information in one text.
 *
 * Overlaps are resolved greedily: higher score first, then the longer span, so that an ID number
 * is not also reported as a bank card or a phone number inside it.
 *
 * @example
 * scanText('联系人：张伟，手机 138-0013-8000')
 * // [{ type: 'PERSON_NAME', start: 4, end: 6, ... }, { type: 'PHONE_NUMBER', start: 10, end: 23, ... }]
 */
export function scanText(text: string, options: ScanOptions = {}): Finding[] {
  let registry = options.registry ?? defaultRegistry();
  if (options.types) registry = registry.forTypes(options.types);
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  const prepared = prepareText(text);

  const candidates: Candidate[] = [];
  for (const r of registry.all()) {
    for (const m of r.recognize(prepared)) {
      if (m.score < minScore || m.end <= m.start) continue;
      candidates.push({ type: r.type, recognizer: r.name, ...m });
    }
  }
  if (candidates.length === 0) return [];

  candidates.sort(
    (a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  // `kept` stays sorted by start and non-overlapping, so one binary search finds the neighbours.
  const kept: Candidate[] = [];
  for (const c of candidates) {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kept[mid]!.start < c.start) lo = mid + 1;
      else hi = mid;
    }
    const prev = kept[lo - 1];
    const next = kept[lo];
    if ((prev && prev.end > c.start) || (next && next.start < c.end)) continue;
    kept.splice(lo, 0, c);
  }

  const toCodePoint = codePointIndexer(text);
  return kept.map((c) => {
    const f: Finding = {
      type: c.type,
      start: toCodePoint(c.start),
      end: toCodePoint(c.end),
      text: text.slice(c.start, c.end),
      score: Math.round(c.score * 1000) / 1000,
      recognizer: c.recognizer,
    };
    if (c.normalized !== undefined) f.normalized = c.normalized;
    return f;
  });
}

/**
 * Maps UTF-16 offsets to code-point offsets. Offsets must be requested in ascending order for
 * the linear walk; out-of-order requests restart from zero.
 */
export function codePointIndexer(text: string): (utf16: number) => number {
  // Fast path: no surrogate pairs means the two offsets agree.
  if (!/[\uD800-\uDBFF]/.test(text)) return (i) => i;
  let u = 0;
  let cp = 0;
  return (target) => {
    if (target < u) [u, cp] = [0, 0];
    while (u < target) {
      const c = text.charCodeAt(u);
      u += c >= 0xd800 && c <= 0xdbff && u + 1 < text.length ? 2 : 1;
      cp++;
    }
    return cp;
  };
}
