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
  { name: 'case', load: async () => (await import('./case-command.ts')).registerCaseCommand },
  {
    name: 'evidence',
    load: async () => (await import('./evidence-command.ts')).registerEvidenceCommand,
  },
  { name: 'keys', load: async () => (await import('./keys-command.ts')).registerKeysCommand },
  {
    name: 'customers',
    load: async () => (await import('./customers-command.ts')).registerCustomersCommand,
  },
  { name: 'posts', load: async () => (await import('./posts-command.ts')).registerPostsCommand },
  { name: 'read', load: async () => (await import('./read-command.ts')).registerReadCommand },
  { name: 'export', load: async () => (await import('./export-command.ts')).registerExportCommand },
  {
    name: 'exports',
    load: async () => (await import('./exports-command.ts')).registerExportsCommand,
  },
  { name: 'staff', load: async () => (await import('./staff-command.ts')).registerStaffCommand },
  { name: 'trace', load: async () => (await import('./trace-command.ts')).registerTraceCommand },
  { name: 'canary', load: async () => (await import('./canary-command.ts')).registerCanaryCommand },
  {
    name: 'complaints',
    load: async () => (await import('./complaints-command.ts')).registerComplaintsCommand,
  },
  { name: 'scan', load: async () => (await import('./scan-command.ts')).registerScanCommand },
  { name: 'sim', load: async () => (await import('./sim-command.ts')).registerSimCommand },
  { name: 'watch', load: async () => (await import('./watch-command.ts')).registerWatchCommand },
  { name: 'demo', load: async () => (await import('./demo-command.ts')).registerDemoCommand },
  { name: 'serve', load: async () => (await import('./serve-command.ts')).registerServeCommand },
  { name: 'users', load: async () => (await import('./users-command.ts')).registerUsersCommand },
  { name: 'tokens', load: async () => (await import('./users-command.ts')).registerTokensCommand },
];
