/**
 * Runs recognisers over a text and returns non-overlapping findings with code-point offsets.
 */
import type { EntityType } from '../core/entity-types.ts';
import type { Finding } from '../core/finding.ts';
import { highSurrogates, prepareText } from './prepared-text.ts';
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
  const registry = options.registry ?? defaultRegistry();
  const types = options.types;
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  const prepared = prepareText(text);

  const candidates: Candidate[] = [];
  for (const r of registry.all()) {
    // The recognisers of `registry.forTypes(types)`, without building a registry per call.
    if (types && !types.includes(r.type)) continue;
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

  const toCodePoint = new CodePointIndexer(text, highSurrogates(prepared));
  return kept.map((c) => {
    const f: Finding = {
      type: c.type,
      start: toCodePoint.at(c.start),
      end: toCodePoint.at(c.end),
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
  const indexer = new CodePointIndexer(text, undefined);
  return (utf16) => indexer.at(utf16);
}

/**
 * The walk behind {@link codePointIndexer}, as an object: scanText calls one method on it, where
 * a closure of one of two shapes (with and without surrogate pairs) made its call site change
 * targets and cost scanText a deoptimisation and a recompile early in every process.
 */
class CodePointIndexer {
  readonly #text: string;
  /** The high surrogates' indices when known (from folding), else found by regex as needed. */
  readonly #known: readonly number[] | undefined;
  /** Position in #known of the next high surrogate not yet counted. */
  #k = 0;
  /** Index of the next high surrogate not yet counted, or -1 when there is none. */
  #next: number;
  /** Pairs counted: those whose high surrogate `h` has h + 1 < the last target. */
  #pairs = 0;
  #last = 0;

  constructor(text: string, known: readonly number[] | undefined) {
    this.#text = text;
    this.#known = known;
    this.#next = this.#after(-2);
  }

  /** The code-point offset of UTF-16 offset `target`. */
  at(target: number): number {
    // Fast path: no (more) surrogate pairs means the offsets differ by the pairs counted.
    if (this.#next < 0 && target >= this.#last) {
      this.#last = target;
      return target - this.#pairs;
    }
    if (target < this.#last) {
      this.#k = 0;
      this.#next = this.#after(-2);
      this.#pairs = 0;
    }
    this.#last = target;
    // Offsets differ by one per surrogate pair before them. The walk jumps from pair to pair
    // (emoji are rare but spread through chat exports), where walking every unit up to each
    // finding cost as much as placing the findings. As a walk unit by unit would: a high
    // surrogate and the unit after it are one code point (whatever that unit is), counted once
    // the target is past both.
    while (this.#next >= 0 && this.#next + 1 < target) {
      this.#pairs++;
      this.#next = this.#after(this.#next);
    }
    return target - this.#pairs;
  }

  /**
   * The first high surrogate that a walk meets after the one at `h` (-2: from the start). As the
   * walk steps over a pair's second unit, that unit is never the next high surrogate.
   */
  #after(h: number): number {
    const known = this.#known;
    if (known) {
      while (this.#k < known.length && known[this.#k]! < h + 2) this.#k++;
      return this.#k < known.length ? known[this.#k]! : -1;
    }
    HIGH_SURROGATE.lastIndex = h + 2;
    return HIGH_SURROGATE.exec(this.#text)?.index ?? -1;
  }
}

const HIGH_SURROGATE = /[\uD800-\uDBFF]/g;
