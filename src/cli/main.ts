/**
 * The `piguard` command line: global options, command registration, and the one place where
 * errors become exit codes and one-line messages (DESIGN §5.2).
 */
import { Command, CommanderError } from 'commander';
import { exitCodeOf } from '../core/errors.ts';
import { COMMANDS, type CommandEntry } from './commands.ts';

/** Options every command accepts. */
export interface GlobalOptions {
  db?: string;
  lang: 'zh-CN' | 'en';
}

/** Global options that take a value, so the command name can be found after them. */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--db', '--lang']);

/**
 * The command entries a run needs: just the named command when argv names a known one,
 * otherwise all of them (for help, and for commander's "unknown command" message).
 */
function entriesFor(argv: readonly string[]): readonly CommandEntry[] {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (GLOBAL_OPTIONS_WITH_VALUE.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    const entry = COMMANDS.find((c) => c.name === arg);
    return entry ? [entry] : COMMANDS;
  }
  return COMMANDS;
}

/**
 * Builds the commander program with the commands `argv` needs registered (all of them when
 * `argv` is omitted). Exposed for tests and docs.
 *
 * @example
 * const help = (await buildProgram()).helpInformation();
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command('piguard')
    .description("Guard customers' personal information; trace leaks to their source.")
    .option(
      '--db <url>',
      'database URL (sqlite:PATH or postgres://...); default $PIGUARD_DB or sqlite:./piguard.db',
    )
    .option('--lang <lang>', 'language of messages: zh-CN or en', 'en')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
  const entries = argv ? entriesFor(argv) : COMMANDS;
  const registers = await Promise.all(entries.map((e) => e.load()));
  for (const register of registers) register(program);
  return program;
}

/**
 * Runs the CLI and returns the exit code instead of exiting, so it can be embedded and tested.
 *
 * @example
 * process.exitCode = await main(['scan', 'notes.txt']);
 */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version requests end through exitOverride too; they are not failures.
      if (err.exitCode === 0) return 0;
      process.stderr.write(`piguard: ${err.message.replace(/^error: /, '')}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`piguard: ${message.split('\n')[0]}\n`);
    if (process.env['PIGUARD_DEBUG'] && err instanceof Error && err.stack) {
      process.stderr.write(`${err.stack}\n`);
    }
    return exitCodeOf(err);
  }
}
