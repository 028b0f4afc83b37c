/**
 * `piguard init` run inside the test process, for tests whose subject is another command and
 * that only need an initialised database. The CLI's own `init` (output, idempotence, key file)
 * keeps its real child-process tests (test/audit/audit-cli.test.ts, the `init` test in
 * test/cli/keys-and-customers-command.test.ts); here the same `runInit` the command calls runs
 * without a child process, which costs about a CPU-second per call to start through tsx.
 */
import { runInit } from '../../src/cli/init-command.ts';

/**
 * Initialises the database at `url` exactly as `piguard --db URL init` would with `env` added to
 * the environment (as runCli adds it), and returns init's report lines.
 *
 * @example
 * const d = await engine.open(t);
 * await initInProcess(d.url, VAULT_ENV); // schema, audit log, admin user, key ring
 */
export async function initInProcess(
  url: string,
  env: NodeJS.ProcessEnv = {},
  options: { origin?: string } = {},
): Promise<string[]> {
  return runInit(url, options, { ...process.env, ...env });
}
