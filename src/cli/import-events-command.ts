/**
 * `piguard import events FILE` — being written (issue 4/5); registers nothing yet.
 */
import type { Command } from 'commander';

/**
 * @example
 * registerImportEventsCommand(program.command('import'));
 */
export function registerImportEventsCommand(group: Command): void {
  void group;
}
