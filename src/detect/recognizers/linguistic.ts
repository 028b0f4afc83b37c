/** Recognisers that need language: person names and postal addresses. */
import type { Recognizer } from '../recognizer.ts';
import { ADDRESS_RECOGNIZER } from './address.ts';
import { PERSON_NAME_RECOGNIZER } from './person-name.ts';

export const LINGUISTIC_RECOGNIZERS: readonly Recognizer[] = [
  PERSON_NAME_RECOGNIZER,
  ADDRESS_RECOGNIZER,
];
