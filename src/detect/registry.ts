/**
 * The set of recognisers a scan uses. The default registry holds one recogniser per entity type
 * (DESIGN §5.1); callers may narrow it by type or add their own.
 */
import type { EntityType } from '../core/entity-types.ts';
import type { Recognizer } from './recognizer.ts';
import { STRUCTURED_RECOGNIZERS } from './recognizers/structured.ts';
import { LINGUISTIC_RECOGNIZERS } from './recognizers/linguistic.ts';

export class RecognizerRegistry {
  readonly #recognizers: Recognizer[] = [];

  constructor(recognizers: Iterable<Recognizer> = []) {
    for (const r of recognizers) this.add(r);
  }

  /** Adds a recogniser; names must be unique. */
  add(r: Recognizer): this {
    if (this.#recognizers.some((x) => x.name === r.name)) {
      throw new Error(`recogniser ${r.name} is already registered`);
    }
    this.#recognizers.push(r);
    return this;
  }

  /** All recognisers, in registration order. */
  all(): readonly Recognizer[] {
    return this.#recognizers;
  }

  /**
   * A registry with only the recognisers for the given types.
   *
   * @example
   * defaultRegistry().forTypes(['PHONE_NUMBER', 'CN_RESIDENT_ID'])
   */
  forTypes(types: readonly EntityType[]): RecognizerRegistry {
    return new RecognizerRegistry(this.#recognizers.filter((r) => types.includes(r.type)));
  }
}

let defaultInstance: RecognizerRegistry | undefined;

/** The shared registry with every built-in recogniser. */
export function defaultRegistry(): RecognizerRegistry {
  defaultInstance ??= new RecognizerRegistry([
    ...STRUCTURED_RECOGNIZERS,
    ...LINGUISTIC_RECOGNIZERS,
  ]);
  return defaultInstance;
}
