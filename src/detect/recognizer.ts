/**
 * The extension point for detection: one Recognizer per entity type, in the style of Presidio —
 * pattern → validation → context → score. Each lives in its own file under `recognizers/` and is
 * listed in the registry.
 */
import type { EntityType } from '../core/entity-types.ts';
import type { PreparedText } from './prepared-text.ts';

/** A match found by a recogniser, in UTF-16 offsets of `PreparedText.original`. */
export interface RawMatch {
  start: number;
  end: number;
  /** Confidence in [0, 1] after validation and context. */
  score: number;
  /** Canonical value (digits only, upper-case, …) when the recogniser computes one. */
  normalized?: string;
}

export interface Recognizer {
  /** Stable short name, e.g. `cn-resident-id`. */
  readonly name: string;
  readonly type: EntityType;
  /** All matches in the text; the scanner resolves overlaps between recognisers. */
  recognize(text: PreparedText): RawMatch[];
}
