/**
 * The master key from a file (default ./piguard.key or PIGUARD_KEY_FILE), created by
 * `piguard init` with mode 0600. A key file that group or others can read is refused: the master
 * key unwraps every other key, so a readable copy defeats them all.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { PiguardError, UsageError } from '../core/errors.ts';
import { MASTER_KEY_BYTES, decodeMasterKey, type KeyProvider } from './key-provider.ts';

/** Default key file, relative to the working directory. */
export const DEFAULT_KEY_FILE = './piguard.key';
/** Environment variable naming another key file. */
export const KEY_FILE_ENV = 'PIGUARD_KEY_FILE';

/**
 * @example
 * const provider = new KeyFileProvider(KeyFileProvider.defaultPath());
 * if (!provider.exists()) provider.create();
 * const key = await provider.getMasterKey();
 */
export class KeyFileProvider implements KeyProvider {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  get source(): string {
    return this.path;
  }

  /** PIGUARD_KEY_FILE or ./piguard.key. */
  static defaultPath(env: NodeJS.ProcessEnv = process.env): string {
    return env[KEY_FILE_ENV] || DEFAULT_KEY_FILE;
  }

  exists(): boolean {
    return existsSync(this.path);
  }

  /** Writes a new random key (base64 line) with mode 0600; refuses to overwrite a file. */
  create(): void {
    const key = randomBytes(MASTER_KEY_BYTES).toString('base64');
    writeFileSync(this.path, `${key}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(this.path, 0o600); // the umask cannot widen it, but make the intent explicit
  }

  async getMasterKey(): Promise<Buffer> {
    if (!this.exists()) {
      throw new UsageError(
        `master key file ${this.path} not found; run \`piguard init\` or set PIGUARD_MASTER_KEY`,
      );
    }
    const mode = statSync(this.path).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw new PiguardError(
        `master key file ${this.path} is readable by group or others (mode ${mode.toString(8).padStart(4, '0')}); run: chmod 600 ${this.path}`,
      );
    }
    const key = decodeMasterKey(readFileSync(this.path, 'utf8'));
    if (!key)
      throw new PiguardError(
        `master key file ${this.path} does not hold 32 bytes in base64 or hex`,
      );
    return key;
  }
}
