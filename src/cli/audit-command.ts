/**
 * `piguard audit …`: checkpoint, verify, prove, key, entry, verify-proof, consistency
 * (DESIGN §5.2, issue 3). See docs/audit-log.md for the formats.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError, PiguardError, UsageError } from '../core/errors.ts';
import { AuditLog } from '../audit/audit-log.ts';
import {
  DEFAULT_CHECKPOINTS_FILE,
  FileCheckpointPublisher,
  HttpCheckpointPublisher,
  type CheckpointPublisher,
} from '../audit/checkpoint-publisher.ts';
import { loadLogSigner } from '../audit/log-signer.ts';
import { verifyLog } from '../audit/log-verifier.ts';
import { consistencyProof, inclusionProof } from '../audit/merkle-proofs.ts';
import { formatTlogProof, parseTlogProof, verifyTlogProof } from '../audit/tlog-proof.ts';
import { resolveKeyProvider } from '../protect/resolve-key-provider.ts';
import type { Database } from '../store/open-database.ts';
import { globalOptions } from './global-options.ts';

/** Environment variables for where checkpoints are published. */
export const CHECKPOINTS_FILE_ENV = 'PIGUARD_CHECKPOINTS_FILE';
export const WITNESS_URL_ENV = 'PIGUARD_WITNESS_URL';

/**
 * Parses a non-negative decimal integer option or argument; anything else is a usage error.
 *
 * @example
 * parseIndex('42', 'ENTRY') // 42
 */
export function parseIndex(text: string, what: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`${what}: "${text}" is not a non-negative integer`);
  }
  return Number(text);
}

/** A vkey given inline, or the path of a file holding one. */
function readVerifierKey(value: string): string {
  if (!value.includes('+') && existsSync(value)) return readFileSync(value, 'utf8').trim();
  return value.trim();
}

function checkpointsFile(option: string | undefined): string {
  return option ?? (process.env[CHECKPOINTS_FILE_ENV] || DEFAULT_CHECKPOINTS_FILE);
}

async function withLog<T>(
  cmd: Command,
  run: (log: AuditLog, database: Database) => Promise<T>,
): Promise<T> {
  // Loaded on demand: the database drivers cost more start-up time than every other command
  // needs (verify-proof works with no database at all).
  const { openDatabase } = await import('../store/open-database.ts');
  const database = await openDatabase(globalOptions(cmd).dbUrl);
  const log = new AuditLog(database);
  try {
    try {
      await log.size();
    } catch (err) {
      if (err instanceof PiguardError) throw err;
      throw new PiguardError(
        `the database is not initialised (${(err as Error).message}); run \`piguard init\``,
      );
    }
    return await run(log, database);
  } finally {
    await log.close();
    await database.close();
  }
}

function output(text: string | Buffer, out: string | undefined): void {
  if (out === undefined) process.stdout.write(text);
  else writeFileSync(out, text);
}

/**
 * @example
 * registerAuditCommand(program); // piguard audit checkpoint|verify|prove|key|entry|verify-proof|consistency
 */
export function registerAuditCommand(program: Command): void {
  const audit = program
    .command('audit')
    .description('the tamper-evident audit log: checkpoints, proofs, verification');

  audit
    .command('checkpoint')
    .description('sign a checkpoint of the current log, store and publish it, and print it')
    .option(
      '--checkpoints-file <file>',
      `publish to this file (default $${CHECKPOINTS_FILE_ENV} or ${DEFAULT_CHECKPOINTS_FILE})`,
    )
    .option('--witness-url <url>', `also POST it to this URL (default $${WITNESS_URL_ENV})`)
    .action(async (opts: { checkpointsFile?: string; witnessUrl?: string }, cmd: Command) => {
      await withLog(cmd, async (log, database) => {
        const signer = await loadLogSigner(
          database.db,
          await resolveKeyProvider().getMasterKey(),
          log.logId,
        );
        const publishers: CheckpointPublisher[] = [
          new FileCheckpointPublisher(checkpointsFile(opts.checkpointsFile)),
        ];
        const url = opts.witnessUrl ?? process.env[WITNESS_URL_ENV];
        if (url) {
          if (!/^https?:\/\//.test(url))
            throw new UsageError(`--witness-url ${url}: must be an http(s) URL`);
          publishers.push(new HttpCheckpointPublisher(url));
        }
        const result = await log.signCheckpoint(signer, publishers);
        process.stdout.write(result.note);
        if (!result.created)
          process.stderr.write(
            `piguard: the log has not grown since this checkpoint (size ${result.size})\n`,
          );
        for (const e of result.publishErrors) process.stderr.write(`piguard: ${e.message}\n`);
        if (result.publishErrors.length > 0) process.exitCode = 1;
      });
    });

  audit
    .command('verify')
    .description(
      're-derive the tree from the stored entries and check every stored and published checkpoint',
    )
    .option(
      '--checkpoints-file <file>',
      `published checkpoints to check (default $${CHECKPOINTS_FILE_ENV} or ${DEFAULT_CHECKPOINTS_FILE})`,
    )
    .option(
      '--key <vkey>',
      'pin the verifier key (string or file) instead of trusting the database',
    )
    .action(async (opts: { checkpointsFile?: string; key?: string }, cmd: Command) => {
      const file = checkpointsFile(opts.checkpointsFile);
      if (opts.checkpointsFile !== undefined && !existsSync(file)) {
        throw new UsageError(`--checkpoints-file ${file}: no such file`);
      }
      const published = existsSync(file)
        ? [{ source: file, notes: new FileCheckpointPublisher(file).readAll() }]
        : [];
      await withLog(cmd, async (log, database) => {
        const cliProgress = process.stderr.isTTY
          ? (await import('cli-progress')).default
          : undefined;
        const bar = cliProgress
          ? new cliProgress.SingleBar(
              { stream: process.stderr, clearOnComplete: true },
              cliProgress.Presets.shades_classic,
            )
          : undefined;
        bar?.start(1, 0);
        const report = await verifyLog(database.db, {
          logId: log.logId,
          ...(opts.key === undefined ? {} : { verifierKey: readVerifierKey(opts.key) }),
          published,
          onProgress: (done, total) => {
            bar?.setTotal(total);
            bar?.update(done);
          },
        }).finally(() => bar?.stop());
        for (const p of report.problems) process.stdout.write(`${p.message}\n`);
        const where =
          published.length > 0 ? `, published file ${file}` : ', no published checkpoints file';
        if (report.ok) {
          process.stdout.write(
            `OK: ${report.derivedSize} entries, ${report.checkpointsChecked} checkpoints verified (${report.origin}${where}); root ${report.derivedRoot.toString('base64')}\n`,
          );
        } else {
          process.stdout.write(
            `FAILED: ${report.problems.length} problem(s) in audit log ${report.origin}\n`,
          );
          process.exitCode = 1;
        }
      });
    });

  audit
    .command('prove')
    .description('print a C2SP tlog-proof of entry ENTRY (0-based) against the latest checkpoint')
    .argument('<entry>', 'entry index')
    .option('--out <file>', 'write the proof to FILE (.tlog-proof) instead of stdout')
    .option(
      '--no-extra',
      'do not carry the entry bytes in the proof (the verifier then needs --entry)',
    )
    .action(async (entryArg: string, opts: { out?: string; extra: boolean }, cmd: Command) => {
      const index = parseIndex(entryArg, 'ENTRY');
      await withLog(cmd, async (log) => {
        const entry = await log.entry(index);
        const latest = await log.latestCheckpoint();
        if (!latest || index >= latest.size) {
          throw new InputError(
            `entry ${index} is not covered by the latest checkpoint (size ${latest?.size ?? 0}); run \`piguard audit checkpoint\` first`,
          );
        }
        const proof = await inclusionProof(index, latest.size, log.nodeSource());
        const text = formatTlogProof({
          index,
          proof,
          checkpoint: latest.note,
          ...(opts.extra ? { extra: entry } : {}),
        });
        output(text, opts.out);
      });
    });

  audit
    .command('key')
    .description("print the log's verifier key (C2SP vkey)")
    .action(async (_opts: unknown, cmd: Command) => {
      await withLog(cmd, async (log) => {
        process.stdout.write(`${(await log.info()).verifierKey}\n`);
      });
    });

  audit
    .command('entry')
    .description("print entry ENTRY's exact leaf bytes (canonical JSON, no trailing newline)")
    .argument('<entry>', 'entry index')
    .action(async (entryArg: string, _opts: unknown, cmd: Command) => {
      const index = parseIndex(entryArg, 'ENTRY');
      await withLog(cmd, async (log) => {
        process.stdout.write(await log.entry(index));
      });
    });

  audit
    .command('verify-proof')
    .description('check a tlog-proof offline with nothing but the verifier key (no database)')
    .argument('<file>', '.tlog-proof file')
    .requiredOption('--key <vkey>', 'the log verifier key (string or file)')
    .option('--entry <file>', 'the entry bytes (default: the proof’s extra line)')
    .action((file: string, opts: { key: string; entry?: string }) => {
      const read = (path: string) => {
        try {
          return readFileSync(path);
        } catch (err) {
          throw new InputError(`cannot read: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, {
            file: path,
          });
        }
      };
      const text = read(file).toString('utf8');
      let entry: Uint8Array | undefined;
      if (opts.entry !== undefined) entry = read(opts.entry);
      else {
        try {
          entry = parseTlogProof(text).extra;
        } catch (err) {
          throw new PiguardError(`${file}: not a valid tlog-proof (${(err as Error).message})`);
        }
        if (!entry) throw new UsageError(`${file} carries no entry; pass --entry FILE`);
      }
      let result;
      try {
        result = verifyTlogProof(text, readVerifierKey(opts.key), { entry });
      } catch (err) {
        throw new PiguardError(`${file}: proof does not verify: ${(err as Error).message}`);
      }
      process.stdout.write(
        `OK: entry ${result.index} is included in ${result.checkpoint.origin} at size ${result.checkpoint.size} (root ${result.checkpoint.rootHash.toString('base64')})\n`,
      );
    });

  audit
    .command('consistency')
    .description(
      'print a consistency proof from size FROM to the checkpoint at size TO (tlog-witness style)',
    )
    .requiredOption('--from <size>', 'the older tree size (e.g. of a published checkpoint)')
    .option('--to <size>', 'size of a stored checkpoint (default: the latest)')
    .option('--out <file>', 'write to FILE instead of stdout')
    .action(async (opts: { from: string; to?: string; out?: string }, cmd: Command) => {
      const from = parseIndex(opts.from, '--from');
      const to = opts.to === undefined ? undefined : parseIndex(opts.to, '--to');
      await withLog(cmd, async (log) => {
        const cp = await log.latestCheckpoint(to);
        if (!cp) {
          throw new InputError(
            to === undefined ? 'the log has no checkpoint yet' : `no checkpoint at size ${to}`,
          );
        }
        if (from > cp.size) throw new InputError(`--from ${from} is larger than --to ${cp.size}`);
        const proof = from === 0 ? [] : await consistencyProof(from, cp.size, log.nodeSource());
        const lines = [`old ${from}`, ...proof.map((h) => h.toString('base64')), ''];
        output(`${lines.join('\n')}\n${cp.note}`, opts.out);
      });
    });
}
