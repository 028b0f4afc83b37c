/**
 * How a data subject receives a one-time access code. Production plugs in SMS or e-mail (looking
 * up the customer's contact through the vault, so the server never handles it); development uses
 * a file or the console. A code is NEVER returned in an HTTP response: whoever asks for a code
 * must prove control of the customer's registered contact by reading it from there.
 */
import { appendFileSync } from 'node:fs';

/** Delivers a one-time code to the customer it was issued for. */
export interface CodeChannel {
  /** Human-readable name (logs, startup line). */
  readonly name: string;
  deliver(message: { customerId: string; code: string; expiresAt: Date }): Promise<void>;
}

/**
 * Appends `customer_id<TAB>code<TAB>expires_at` lines to a file (mode 0600): development and tests.
 *
 * @example
 * const channel = new FileCodeChannel('./subject-codes.txt');
 */
export class FileCodeChannel implements CodeChannel {
  readonly name: string;
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
    this.name = `file:${path}`;
  }

  async deliver(message: { customerId: string; code: string; expiresAt: Date }): Promise<void> {
    appendFileSync(
      this.#path,
      `${message.customerId}\t${message.code}\t${message.expiresAt.toISOString()}\n`,
      { mode: 0o600 },
    );
  }
}

/**
 * Writes the code to the server's stderr (never to the structured log): local development only.
 *
 * @example
 * const channel = new ConsoleCodeChannel();
 */
export class ConsoleCodeChannel implements CodeChannel {
  readonly name = 'console';

  async deliver(message: { customerId: string; code: string; expiresAt: Date }): Promise<void> {
    process.stderr.write(
      `piguard: subject-access code for customer ${message.customerId}: ${message.code} (expires ${message.expiresAt.toISOString()})\n`,
    );
  }
}
