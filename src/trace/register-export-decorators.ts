/**
 * Registers trace's export decorators with the vault's registry (canaries first, then marks,
 * so reference codes and date renderings cover canary rows too). Importing this module is
 * enough: the gateway calls every registered decorator on every export. The blind index is
 * opened per export from the master key, inside the export's transaction.
 */
import type { Kysely } from 'kysely';
import type { KeyProvider } from '../protect/key-provider.ts';
import { BlindIndex } from '../protect/blind-index.ts';
import { resolveKeyProvider } from '../protect/resolve-key-provider.ts';
import type { Schema } from '../store/schema.ts';
import { registerExportDecorator } from '../vault/export/decorator-registry.ts';
import { ensureKeyRing } from '../vault/vault-keys.ts';
import { CanaryDecorator } from './canary-decorator.ts';
import { MarkDecorator } from './export-marks.ts';

/**
 * Registers the canary and mark decorators.
 *
 * @example
 * registerTraceDecorators(resolveKeyProvider());
 */
export function registerTraceDecorators(keys?: KeyProvider): void {
  registerExportDecorator(
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
  );
  registerExportDecorator(new MarkDecorator());
}

registerTraceDecorators();
