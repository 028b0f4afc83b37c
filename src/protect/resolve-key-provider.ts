/**
 * Chooses the master key source: PIGUARD_MASTER_KEY when set, else the key file.
 */
import { EnvKeyProvider } from './env-key-provider.ts';
import { KeyFileProvider } from './key-file-provider.ts';
import type { KeyProvider } from './key-provider.ts';

/**
 * @example
 * const masterKey = await resolveKeyProvider().getMasterKey();
 */
export function resolveKeyProvider(env: NodeJS.ProcessEnv = process.env): KeyProvider {
  return EnvKeyProvider.isConfigured(env)
    ? new EnvKeyProvider(env)
    : new KeyFileProvider(KeyFileProvider.defaultPath(env));
}
