import type { Command } from 'commander';
import { resolveDbUrl } from '../core/config.ts';
import type { GlobalOptions } from './main.ts';

/**
 * Reads the global options from inside a command action.
 *
 * @example
 * .action(async (opts, cmd: Command) => { const { dbUrl } = globalOptions(cmd); ... })
 */
export function globalOptions(cmd: Command): { dbUrl: string; lang: GlobalOptions['lang'] } {
  const opts = cmd.optsWithGlobals<GlobalOptions>();
  return { dbUrl: resolveDbUrl(opts.db), lang: opts.lang === 'zh-CN' ? 'zh-CN' : 'en' };
}
