/**
 * The default policy for an insurer: the repository's `piguard.policy.example.yaml`, which
 * `piguard init` copies to ./piguard.policy.yaml when that file does not exist. One file is the
 * single source: documentation, tests and init all read it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Policy } from './policy.ts';
import { parsePolicy, resolvePolicyPath } from './policy-loader.ts';

/** Path of the default policy file shipped with piguard. */
export const DEFAULT_POLICY_PATH = fileURLToPath(
  new URL('../../../piguard.policy.example.yaml', import.meta.url),
);

/**
 * The default policy's YAML text.
 *
 * @example
 * writeFileSync('piguard.policy.yaml', defaultPolicyText(), { flag: 'wx' });
 */
export function defaultPolicyText(): string {
  return readFileSync(DEFAULT_POLICY_PATH, 'utf8');
}

/**
 * The default policy, parsed.
 *
 * @example
 * const policy = defaultPolicy();
 */
export function defaultPolicy(): Policy {
  return parsePolicy(defaultPolicyText(), DEFAULT_POLICY_PATH);
}

/**
 * Writes the default policy to the policy path (PIGUARD_POLICY, else ./piguard.policy.yaml)
 * unless a file is there; returns the report line, or undefined when nothing was written.
 *
 * @example
 * writeDefaultPolicyIfAbsent(process.env) // 'wrote default policy ./piguard.policy.yaml (edit it…)'
 */
export function writeDefaultPolicyIfAbsent(
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const path = resolvePolicyPath(undefined, env);
  if (existsSync(path)) return undefined;
  try {
    // 'wx': never overwrite a policy another process wrote meanwhile.
    writeFileSync(path, defaultPolicyText(), { flag: 'wx', mode: 0o644 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw err;
  }
  return `wrote default policy ${path} (roles and grants for an insurer; edit it to fit)`;
}
