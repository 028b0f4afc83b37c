/**
 * Trace's export decorators (canaries first, then marks, so reference codes and date renderings
 * cover canary rows too), built without registering anything: the server hands them to its
 * gateway explicitly; register-export-decorators.ts registers them for the CLI.
 */
import type { Kysely } from 'kysely';
import type { KeyProvider } from '../protect/key-provider.ts';
import { BlindIndex } from '../protect/blind-index.ts';
import { resolveKeyProvider } from '../protect/resolve-key-provider.ts';
import type { Schema } from '../store/schema.ts';
import type { ExportDecorator } from '../vault/export-decorator.ts';
import { ensureKeyRing } from '../vault/vault-keys.ts';
import { CanaryDecorator } from './canary-decorator.ts';
import { MarkDecorator } from './export-marks.ts';

/**
 * The canary and mark decorators, in the order they must run, with their keys from `keys`
 * (default: the environment's key provider, resolved per export).
 *
 * @example
 * new Gateway({ ..., decorators: traceDecorators(keys) });
 */
export function traceDecorators(keys?: KeyProvider): ExportDecorator[] {
  return [
    new CanaryDecorator({
      async blindIndexFor(trx: Kysely<Schema>): Promise<BlindIndex> {
        const { ring } = await ensureKeyRing(trx, keys ?? resolveKeyProvider());
        try {
          return BlindIndex.fromKeyRing(ring);
        } finally {
          ring.close();
        }
      },
    }),
    new MarkDecorator(),
  ];
}
