/**
 * `piguard import customers|staff|events FILE`: the import group. Each subcommand lives in its own
 * file (`import-<what>-command.ts`) and loads its heavy code only when it runs.
 */
import type { Command } from 'commander';
import { registerImportCustomersCommand } from './import-customers-command.ts';
import { registerImportEventsCommand } from './import-events-command.ts';
import { registerImportStaffCommand } from './import-staff-command.ts';

/**
 * @example
 * registerImportCommand(program); // piguard import customers customers.csv
 */
export function registerImportCommand(program: Command): void {
  const group = program
    .command('import')
    .description('import customers, staff or access events from files (DESIGN §5.3)');
  registerImportCustomersCommand(group);
  registerImportStaffCommand(group);
  registerImportEventsCommand(group);
}
