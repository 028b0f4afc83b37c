/**
 * Process-wide settings resolved from options and the environment, one place for each default.
 */

/** Default database when neither `--db` nor `PIGUARD_DB` is given (DESIGN §5.2). */
export const DEFAULT_DB_URL = 'sqlite:./piguard.db';

/** Languages the CLI and dashboard speak. */
export type Lang = 'zh-CN' | 'en';

/**
 * Resolves the database URL: explicit option, then `PIGUARD_DB`, then the embedded default.
 *
 * @example
 * resolveDbUrl(undefined, { PIGUARD_DB: 'postgres://127.0.0.1/test' }) // 'postgres://127.0.0.1/test'
 */
export function resolveDbUrl(
  option: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return option ?? env['PIGUARD_DB'] ?? DEFAULT_DB_URL;
}
