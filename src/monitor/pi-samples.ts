/**
 * The personal data a post shows as a "sample" of what it sells, found by the detection engine
 * (`scanText`) and masked at once: a takedown report must prove there was PI in the post without
 * spreading it further (invariant 2).
 */
import { ENTITY_TYPES, type EntityType } from '../core/entity-types.ts';
import type { RecognizerRegistry } from '../detect/registry.ts';
import type { Finding } from '../core/finding.ts';
import { scanText, type ScanOptions } from '../detect/text-scanner.ts';
import { maskByType } from '../protect/masking.ts';
import type { Contact } from './contact-extractor.ts';

/** One masked sample. */
export interface PiSample {
  type: EntityType;
  /** The value masked by the convention of DESIGN §4.2 (`138****5678`, `张**`). */
  masked: string;
  score: number;
}

export interface PiSamples {
  /** Distinct entity types, in order of first appearance. */
  types: EntityType[];
  samples: PiSample[];
}

export interface PiSampleOptions {
  /** Recognisers to use (default: the detection engine's built-in registry). */
  registry?: RecognizerRegistry;
  /** Findings scoring below this are not samples (default: the scanner's default). */
  minScore?: number;
  /** Most samples kept per post; the types list is always complete. */
  maxSamples?: number;
  /**
   * When to run the costly recognisers (names, addresses: word segmentation):
   * `auto` (default) only when the fast ones found PI other than the seller's handles — a sample
   * row carries a number or a code next to the name; `always`; `never`.
   */
  deep?: 'auto' | 'always' | 'never';
}

/** Types whose recognisers segment words; about five times slower than all the others. */
export const COSTLY_TYPES: readonly EntityType[] = ['PERSON_NAME', 'ADDRESS'];
const FAST_TYPES: readonly EntityType[] = ENTITY_TYPES.filter((t) => !COSTLY_TYPES.includes(t));

const canonical = (s: string): string => s.replace(/[\s\-.]/g, '').toLowerCase();

/**
 * Finds and masks the PI samples in a post. The seller's own contact handles are not samples:
 * a finding whose value equals one of `contacts` is left out.
 *
 * @example
 * const { types, samples } = findPiSamples('样本：张** 139****0001，王伟 13800138000', []);
 * // types: ['PHONE_NUMBER', ...]; samples[0].masked: '138****8000'
 */
export function findPiSamples(
  text: string,
  contacts: readonly Contact[],
  options: PiSampleOptions = {},
): PiSamples {
  const handles = new Set(contacts.map((c) => canonical(c.value)));
  const isHandle = (f: Finding): boolean => {
    const value = canonical(f.normalized ?? f.text);
    return handles.has(value) || handles.has(value.replace(/^\+?86/, ''));
  };
  const scan = (types?: readonly EntityType[]): Finding[] => {
    const o: ScanOptions = {};
    if (options.registry) o.registry = options.registry;
    if (options.minScore !== undefined) o.minScore = options.minScore;
    if (types) o.types = types;
    return scanText(text, o).filter((f) => !isHandle(f));
  };
  const deep = options.deep ?? 'auto';
  let findings = scan(deep === 'always' ? undefined : FAST_TYPES);
  if (deep === 'auto' && findings.length > 0) findings = scan();

  const types: EntityType[] = [];
  const samples: PiSample[] = [];
  const max = options.maxSamples ?? 5;
  for (const f of findings) {
    if (!types.includes(f.type)) types.push(f.type);
    if (samples.length < max) {
      samples.push({ type: f.type, masked: maskByType(f.type, f.text), score: f.score });
    }
  }
  return { types, samples };
}
