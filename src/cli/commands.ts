/**
 * Every CLI command, one registration function per file. Add a command by writing
 * `src/cli/<name>-command.ts` exporting `register…(program)` and listing it here.
 */
import type { Command } from 'commander';
import { registerAuditCommand } from './audit-command.ts';
import { registerInitCommand } from './init-command.ts';
import { registerPostsCommand } from './posts-command.ts';
import { registerScanCommand } from './scan-command.ts';

/** Registers one command (with its subcommands) on the program. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: readonly RegisterCommand[] = [
  registerInitCommand,
  registerAuditCommand,
  registerPostsCommand,
  registerScanCommand,
];
