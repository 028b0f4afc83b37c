import type { EntityType } from './entity-types.ts';

/**
 * One detected piece of personal information, located in the original (decoded) text.
 *
 * Offsets are in Unicode code points (not UTF-16 units), as DESIGN §5.2 fixes for `scan --format
 * jsonl`: `start` inclusive, `end` exclusive.
 */
export interface Finding {
  type: EntityType;
  /** Code-point offset of the first character, inclusive. */
  start: number;
  /** Code-point offset after the last character, exclusive. */
  end: number;
  /** The matched text exactly as it appears in the input. */
  text: string;
  /** Confidence in [0, 1]. */
  score: number;
  /** Canonical form (e.g. 11-digit phone, upper-case ID) when the recogniser computes one. */
  normalized?: string;
  /** Short name of the recogniser that produced it. */
  recognizer?: string;
}
