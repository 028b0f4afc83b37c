/**
 * `piguard import staff FILE` — being written (issue 4/5); registers nothing yet.
 */
import type { Command } from 'commander';

/**
 * @example
 * registerImportStaffCommand(program.command('import'));
 */
export function registerImportStaffCommand(group: Command): void {
  void group;
}
