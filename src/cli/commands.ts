/**
 * Every CLI command, one registration function per file. Add a command by writing
 * `src/cli/<name>-command.ts` exporting `register…(program)` and listing it here.
 *
 * Commands are loaded lazily: a run of `piguard scan` imports only the scan command's module
 * graph, not jieba, the database drivers or the audit code — start-up cost is paid per command.
 */
import type { Command } from 'commander';

/** Registers one command (with its subcommands) on the program. */
export type RegisterCommand = (program: Command) => void;

/** A top-level command name and how to load its registration function. */
export interface CommandEntry {
  readonly name: string;
  readonly load: () => Promise<RegisterCommand>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'init', load: async () => (await import('./init-command.ts')).registerInitCommand },
  { name: 'audit', load: async () => (await import('./audit-command.ts')).registerAuditCommand },
  { name: 'import', load: async () => (await import('./import-command.ts')).registerImportCommand },
  { name: 'posts', load: async () => (await import('./posts-command.ts')).registerPostsCommand },
  { name: 'scan', load: async () => (await import('./scan-command.ts')).registerScanCommand },
];
