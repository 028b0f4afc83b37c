/**
 * The master key from the PIGUARD_MASTER_KEY environment variable (base64 or hex of 32 bytes).
 */
import { UsageError } from '../core/errors.ts';
import { decodeMasterKey, type KeyProvider } from './key-provider.ts';

/** The environment variable holding the master key. */
export const MASTER_KEY_ENV = 'PIGUARD_MASTER_KEY';

/**
 * @example
 * const key = await new EnvKeyProvider(process.env).getMasterKey();
 */
export class EnvKeyProvider implements KeyProvider {
  readonly source = MASTER_KEY_ENV;
  readonly #env: NodeJS.ProcessEnv;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.#env = env;
  }

  /** True when the variable is set (even if malformed: then getMasterKey explains). */
  static isConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
    return (env[MASTER_KEY_ENV] ?? '') !== '';
  }

  async getMasterKey(): Promise<Buffer> {
    const key = decodeMasterKey(this.#env[MASTER_KEY_ENV] ?? '');
    // Never echo the value: it is the key.
    if (!key)
      throw new UsageError(`${MASTER_KEY_ENV} must be 32 bytes written as 64 hex digits or base64`);
    return key;
  }
}
