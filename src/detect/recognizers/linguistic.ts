/** Recognisers that need language: person names and postal addresses. */
import type { Recognizer } from '../recognizer.ts';

export const LINGUISTIC_RECOGNIZERS: readonly Recognizer[] = [];
