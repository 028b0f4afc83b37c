/**
 * Registers trace's export decorators with the vault's registry (canaries first, then marks,
 * so reference codes and date renderings cover canary rows too). Importing this module is
 * enough: the gateway calls every registered decorator on every export. The blind index is
 * opened per export from the master key, inside the export's transaction.
 */
import type { KeyProvider } from '../protect/key-provider.ts';
import { registerExportDecorator } from '../vault/export/decorator-registry.ts';
import { traceDecorators } from './trace-decorators.ts';

/**
 * Registers the canary and mark decorators.
 *
 * @example
 * registerTraceDecorators(resolveKeyProvider());
 */
export function registerTraceDecorators(keys?: KeyProvider): void {
  for (const decorator of traceDecorators(keys)) registerExportDecorator(decorator);
}

registerTraceDecorators();
