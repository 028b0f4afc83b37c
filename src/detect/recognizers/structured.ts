/** Recognisers for entity types with a fixed syntax (numbers, codes, addresses on the wire). */
import type { Recognizer } from '../recognizer.ts';

export const STRUCTURED_RECOGNIZERS: readonly Recognizer[] = [];
