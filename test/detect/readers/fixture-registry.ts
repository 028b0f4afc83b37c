/**
 * A tiny registry for testing the scanning plumbing independently of the real recognisers:
 * mainland mobile numbers (optionally split by spaces or dashes) and e-mail addresses, by regex
 * alone. The default export is what `registryModule` loads in worker threads.
 */
import type { Recognizer } from '../../../src/detect/recognizer.ts';
import { RecognizerRegistry } from '../../../src/detect/registry.ts';

function regexRecognizer(name: string, type: Recognizer['type'], re: RegExp): Recognizer {
  return {
    name,
    type,
    recognize(p) {
      return [...p.folded.matchAll(re)].map((m) => ({
        start: m.index,
        end: m.index + m[0].length,
        score: 0.9,
      }));
    },
  };
}

export function fixtureRegistry(): RecognizerRegistry {
  return new RecognizerRegistry([
    regexRecognizer('test-phone', 'PHONE_NUMBER', /(?<!\d)1[3-9]\d(?:[ -]?\d){8}(?!\d)/g),
    regexRecognizer('test-email', 'EMAIL_ADDRESS', /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g),
  ]);
}

export default fixtureRegistry;

/** URL of this module, for `registryModule`. */
export const FIXTURE_REGISTRY_URL = import.meta.url;
