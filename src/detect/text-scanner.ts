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
      const c: Candidate = {
        type: r.type,
        recognizer: r.name,
        start: m.start,
        end: m.end,
        score: m.score,
      };
      if (m.normalized !== undefined) c.normalized = m.normalized;
      candidates.push(c);
    }
  }
  if (candidates.length === 0) return [];

  const kept = resolveOverlaps(candidates);

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

/** Higher score first, then the longer span, then the earlier one. */
function byPreference(a: Candidate, b: Candidate): number {
  return b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start;
}

/**
 * Keeps the preferred candidate wherever candidates overlap, greedily (see `byPreference`).
 * Greedy choices only interact within a cluster of transitively overlapping candidates, so the
 * candidates are cut into clusters in start order and each cluster is resolved on its own: the
 * work stays linear in the number of candidates however many there are (a 50 MB table has
 * hundreds of thousands), where one global greedy pass with ordered inserts is quadratic.
 */
function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Candidate[] = [];
  for (let i = 0; i < candidates.length;) {
    let j = i + 1;
    let clusterEnd = candidates[i]!.end;
    while (j < candidates.length && candidates[j]!.start < clusterEnd) {
      clusterEnd = Math.max(clusterEnd, candidates[j]!.end);
      j++;
    }
    if (j === i + 1) kept.push(candidates[i]!);
    else kept.push(...greedy(candidates.slice(i, j).sort(byPreference)));
    i = j;
  }
  return kept;
}

/** Greedy choice over candidates in preference order; the result is sorted by start. */
function greedy(preferred: readonly Candidate[]): Candidate[] {
  // `chosen` stays sorted by start and non-overlapping, so one binary search finds the neighbours.
  const chosen: Candidate[] = [];
  for (const c of preferred) {
    let lo = 0;
    let hi = chosen.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (chosen[mid]!.start < c.start) lo = mid + 1;
      else hi = mid;
    }
    const prev = chosen[lo - 1];
    const next = chosen[lo];
    if ((prev && prev.end > c.start) || (next && next.start < c.end)) continue;
    chosen.splice(lo, 0, c);
  }
  return chosen;
}

/**
 * Maps UTF-16 offsets to code-point offsets. Offsets must be requested in ascending order for
 * the linear walk; out-of-order requests restart from zero.
 *
 * @example
 * codePointIndexer('😀ab')(3) // 2
 */
export function codePointIndexer(text: string): (utf16: number) => number {
  // Fast path: no surrogate pairs means the two offsets agree.
  HIGH_SURROGATE.lastIndex = 0;
  let next = HIGH_SURROGATE.exec(text)?.index ?? -1;
  if (next < 0) return (i) => i;
  // Offsets differ by one per surrogate pair before them. The regex jumps from pair to pair
  // (emoji are rare but spread through chat exports), where walking every unit up to each
  // finding cost as much as placing the findings.
  let pairs = 0; // pairs counted: those whose high surrogate `h` has h + 1 < the last target
  let last = 0;
  const reset = (): void => {
    HIGH_SURROGATE.lastIndex = 0;
    next = HIGH_SURROGATE.exec(text)?.index ?? -1;
    pairs = 0;
  };
  return (target) => {
    if (target < last) reset();
    last = target;
    // As a walk unit by unit would: a high surrogate and the unit after it are one code point
    // (whatever that unit is), counted once the target is past both.
    while (next >= 0 && next + 1 < target) {
      pairs++;
      HIGH_SURROGATE.lastIndex = next + 2;
      next = HIGH_SURROGATE.exec(text)?.index ?? -1;
    }
    return target - pairs;
  };
}

const HIGH_SURROGATE = /[\uD800-\uDBFF]/g;
