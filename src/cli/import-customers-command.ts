/**
 * `piguard import customers FILE` — being written (issue 4/5); registers nothing yet.
 */
import type { Command } from 'commander';

/**
 * @example
 * registerImportCustomersCommand(program.command('import'));
 */
export function registerImportCustomersCommand(group: Command): void {
  void group;
}
