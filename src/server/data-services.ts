/**
 * The vault and the gateway of a running server, opened on first use (a server that only serves
 * logins, tiles or events never needs the key ring or the policy file) and shared by all
 * requests. The policy file is re-read when it changes on disk (checked at most every 2 s), so
 * an administrator's edit applies without a restart; a broken edit keeps the last good policy
 * and is reported to the log.
 */
import { statSync } from 'node:fs';
import type { Logger } from 'pino';
import type { AppContext } from './route-context.ts';
import { traceDecorators } from '../trace/trace-decorators.ts';
import { CustomerVault } from '../vault/customer-vault.ts';
import { Gateway, type GatewayOptions } from '../vault/gateway/gateway.ts';
import { maskHashKey } from '../vault/gateway/mask-hash-key.ts';
import { loadPolicyFile } from '../vault/policy/policy-loader.ts';

const POLICY_CHECK_MS = 2000;

/** Gateway options a server may tune (AppOptions.gateway; benchmarks compare them). */
export type GatewayTuning = Pick<
  GatewayOptions,
  'maxBatch' | 'parallelBatches' | 'cacheStaff' | 'fusedAppend'
>;

/**
 * @example
 * const data = new DataServices(ctx, logger);
 * const gateway = await data.gateway();
 */
export class DataServices {
  readonly #ctx: AppContext;
  readonly #logger: Pick<Logger, 'warn'>;
  #vault: Promise<CustomerVault> | undefined;
  #gateway: Promise<Gateway> | undefined;
  #policyMtime = 0;
  #policyCheckedAt = 0;

  readonly #tuning: GatewayTuning;

  constructor(ctx: AppContext, logger: Pick<Logger, 'warn'>, tuning: GatewayTuning = {}) {
    this.#ctx = ctx;
    this.#logger = logger;
    this.#tuning = tuning;
  }

  /** The customer vault (key ring loaded). */
  vault(): Promise<CustomerVault> {
    this.#vault ??= CustomerVault.open(this.#ctx.database, this.#ctx.keys, { now: this.#ctx.now });
    this.#vault.catch(() => (this.#vault = undefined));
    return this.#vault;
  }

  /** The gateway, with the current policy. */
  async gateway(): Promise<Gateway> {
    if (!this.#gateway) {
      const ctx = this.#ctx;
      this.#gateway = (async () => {
        const vault = await this.vault();
        const policy = loadPolicyFile(ctx.policyPath);
        this.#policyMtime = mtimeOf(ctx.policyPath);
        this.#policyCheckedAt = Date.now();
        return new Gateway({
          database: ctx.database,
          log: ctx.log,
          vault,
          policy,
          hashKey: maskHashKey(await ctx.keys.getMasterKey()),
          // Every export the server writes carries trace's canaries and marks (DESIGN §4.6).
          decorators: traceDecorators(ctx.keys),
          now: ctx.now,
          ...this.#tuning,
        });
      })();
      this.#gateway.catch(() => (this.#gateway = undefined));
      return this.#gateway;
    }
    const gateway = await this.#gateway;
    this.#reloadPolicyIfChanged(gateway);
    return gateway;
  }

  /** Waits for queued gateway work; closes the vault's keys. */
  async close(): Promise<void> {
    const gateway = await this.#gateway?.catch(() => undefined);
    await gateway?.close();
    const vault = await this.#vault?.catch(() => undefined);
    vault?.close();
  }

  #reloadPolicyIfChanged(gateway: Gateway): void {
    const now = Date.now();
    if (now - this.#policyCheckedAt < POLICY_CHECK_MS) return;
    this.#policyCheckedAt = now;
    const mtime = mtimeOf(this.#ctx.policyPath);
    if (mtime === this.#policyMtime) return;
    try {
      gateway.setPolicy(loadPolicyFile(this.#ctx.policyPath));
      this.#policyMtime = mtime;
    } catch (err) {
      this.#logger.warn(
        { err: { message: (err as Error).message } },
        'policy reload failed; keeping the last good policy',
      );
    }
  }
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
