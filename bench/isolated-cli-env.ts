/**
 * The environment for running the `piguard` CLI as a child process against one scratch SQLite
 * database: key, policy and checkpoint files beside it, a fixed actor, and no master key
 * inherited from the caller (it would override the key file).
 *
 * @example
 * execFileSync('node', ['bin/piguard.js', 'init'], { env: isolatedCliEnv('/tmp/x/piguard.db') });
 */
export function isolatedCliEnv(dbPath: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PIGUARD_DB: `sqlite:${dbPath}`,
    PIGUARD_KEY_FILE: `${dbPath}.key`,
    PIGUARD_POLICY: `${dbPath}.policy.yaml`,
    PIGUARD_CHECKPOINTS_FILE: `${dbPath}.checkpoints`,
    PIGUARD_ACTOR: 'bench',
  };
  delete env['PIGUARD_MASTER_KEY'];
  return env;
}
