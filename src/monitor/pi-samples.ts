/**
 * The personal data a post shows as a "sample" of what it sells, found by the detection engine
 * (`scanText`) and masked at once: a takedown report must prove there was PI in the post without
 * spreading it further (invariant 2).
 */
import type { EntityType } from '../core/entity-types.ts';
import type { RecognizerRegistry } from '../detect/registry.ts';
import { scanText } from '../detect/text-scanner.ts';
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
}

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
  const scanOptions: Parameters<typeof scanText>[1] = {};
  if (options.registry) scanOptions.registry = options.registry;
  if (options.minScore !== undefined) scanOptions.minScore = options.minScore;
  const handles = new Set(contacts.map((c) => canonical(c.value)));
  const types: EntityType[] = [];
  const samples: PiSample[] = [];
  const max = options.maxSamples ?? 5;
  for (const f of scanText(text, scanOptions)) {
    const value = canonical(f.normalized ?? f.text);
    if (handles.has(value) || handles.has(value.replace(/^\+?86/, ''))) continue;
    if (!types.includes(f.type)) types.push(f.type);
    if (samples.length < max) {
      samples.push({ type: f.type, masked: maskByType(f.type, f.text), score: f.score });
    }
  }
  return { types, samples };
}
