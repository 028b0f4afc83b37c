/**
 * Login brute-force limit per username + client address: after `maxFailures` failed logins in a
 * window, further attempts for that pair are refused (429) until the window ends, whether or not
 * the password is right — so guessing cannot continue at the attacker's pace. Kept in memory: a
 * restart resets it, which costs an attacker a restart they cannot cause. Keying on the pair (not
 * the username alone) stops an attacker from locking a colleague out from elsewhere.
 */

export interface LoginLimiterOptions {
  /** Failed attempts allowed per window (default 5). */
  maxFailures?: number;
  /** Window length in ms (default 15 minutes). */
  windowMs?: number;
  now?: () => Date;
}

interface Bucket {
  failures: number;
  windowStart: number;
}

/**
 * @example
 * const limiter = new LoginLimiter();
 * const wait = limiter.check('alice', '10.0.0.1'); // 0: may try
 * limiter.failed('alice', '10.0.0.1');
 */
export class LoginLimiter {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #now: () => Date;
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: LoginLimiterOptions = {}) {
    this.#max = options.maxFailures ?? 5;
    this.#windowMs = options.windowMs ?? 15 * 60 * 1000;
    this.#now = options.now ?? (() => new Date());
  }

  /** Milliseconds until this pair may try again; 0 when it may try now. */
  check(username: string, ip: string): number {
    const bucket = this.#live(username, ip);
    if (!bucket || bucket.failures < this.#max) return 0;
    return bucket.windowStart + this.#windowMs - this.#now().getTime();
  }

  /** Records a failed attempt. */
  failed(username: string, ip: string): void {
    const key = keyOf(username, ip);
    const bucket = this.#live(username, ip);
    if (bucket) bucket.failures++;
    else this.#buckets.set(key, { failures: 1, windowStart: this.#now().getTime() });
    if (this.#buckets.size > 100_000) this.#sweep();
  }

  /** A successful login clears the pair's failures. */
  succeeded(username: string, ip: string): void {
    this.#buckets.delete(keyOf(username, ip));
  }

  #live(username: string, ip: string): Bucket | undefined {
    const key = keyOf(username, ip);
    const bucket = this.#buckets.get(key);
    if (bucket && bucket.windowStart + this.#windowMs <= this.#now().getTime()) {
      this.#buckets.delete(key);
      return undefined;
    }
    return bucket;
  }

  #sweep(): void {
    const now = this.#now().getTime();
    for (const [key, b] of this.#buckets) {
      if (b.windowStart + this.#windowMs <= now) this.#buckets.delete(key);
    }
  }
}

function keyOf(username: string, ip: string): string {
  return `${username.toLowerCase()}\u0000${ip}`;
}
