/**
 * `piguard evidence export CASE --out F` and `piguard evidence verify F [--key VKEY]`
 * (DESIGN §4.7, docs/evidence.md).
 *
 * Export records a custody entry and signs (and publishes) a fresh checkpoint, so it needs the
 * master key; verify needs nothing but the bundle (and, to pin it, the log's verifier key).
 * Verify exits 0 when everything checks, 1 when anything fails, 2 when the file is unreadable.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  DEFAULT_CHECKPOINTS_FILE,
  FileCheckpointPublisher,
} from '../audit/checkpoint-publisher.ts';
import { InputError, UsageError } from '../core/errors.ts';
import { defaultActor, readInputFile, withCases } from './case-command.ts';

/** Same variable `audit checkpoint` publishes to. */
const CHECKPOINTS_FILE_ENV = 'PIGUARD_CHECKPOINTS_FILE';

/** A vkey given inline, or the path of a file holding one. */
function readVerifierKey(value: string): string {
  if (!value.includes('+') && existsSync(value)) return readFileSync(value, 'utf8').trim();
  return value.trim();
}

/**
 * @example
 * registerEvidenceCommand(program); // piguard evidence export|verify
 */
export function registerEvidenceCommand(program: Command): void {
  const evidence = program
    .command('evidence')
    .description('evidence bundles: export a case with its proofs; verify one offline');

  evidence
    .command('export')
    .description(
      "write the case's evidence bundle: manifest, the suspect's audit entries with tlog-proofs, consistency proofs, items, legal counts",
    )
    .argument('<case>', 'case id')
    .requiredOption('--out <file>', 'bundle file to write (JSON)')
    .option('--mapping <file>', 'legal category mapping (YAML/JSON; see docs/evidence.md)')
    .option('--not-in-duty', 'the records were not obtained while performing duties (no halving)')
    .option(
      '--checkpoints-file <file>',
      `published checkpoints (default $${CHECKPOINTS_FILE_ENV} or ${DEFAULT_CHECKPOINTS_FILE})`,
    )
    .option('--as <actor>', 'who exports (default $PIGUARD_ACTOR or the OS user)')
    .action(
      async (
        caseId: string,
        opts: {
          out: string;
          mapping?: string;
          notInDuty?: boolean;
          checkpointsFile?: string;
          as?: string;
        },
        cmd: Command,
      ) => {
        const { DEFAULT_LEGAL_CONFIG, loadLegalConfig } =
          await import('../cases/legal-categories.ts');
        let legalConfig = opts.mapping ? loadLegalConfig(opts.mapping) : DEFAULT_LEGAL_CONFIG;
        if (opts.notInDuty) legalConfig = { ...legalConfig, obtained_in_duty: false };
        const file =
          opts.checkpointsFile ?? (process.env[CHECKPOINTS_FILE_ENV] || DEFAULT_CHECKPOINTS_FILE);
        const { exportEvidence } = await import('../cases/evidence-export.ts');
        const { loadLogSigner } = await import('../audit/log-signer.ts');
        const { resolveKeyProvider } = await import('../protect/resolve-key-provider.ts');
        await withCases(cmd, async (store, database) => {
          await store.get(caseId); // NotFoundError before the signer is unwrapped
          const signer = await loadLogSigner(
            database.db,
            await resolveKeyProvider().getMasterKey(),
            store.log.logId,
          );
          const publisher = new FileCheckpointPublisher(file);
          const { bundle, warnings } = await exportEvidence(store, caseId, {
            actor: opts.as ?? defaultActor(),
            legalConfig,
            signer,
            publishers: [publisher],
            published: [{ source: file, read: () => publisher.readAll() }],
          });
          writeFileSync(opts.out, `${JSON.stringify(bundle, null, 2)}\n`);
          for (const w of warnings) process.stderr.write(`piguard: warning: ${w}\n`);
          process.stdout.write(
            `${opts.out}: ${bundle.entries.length} entries, ${bundle.items.length} items, ${bundle.log.consistency.length} published checkpoints; key ${bundle.manifest.log.key_fingerprint}\n`,
          );
        });
      },
    );

  evidence
    .command('verify')
    .description(
      'check a bundle offline: proofs, checkpoint signature, consistency, manifest, counts (exit 0 ok, 1 failed, 2 unreadable)',
    )
    .argument('<file>', 'evidence bundle')
    .option('--key <vkey>', "pin the log's verifier key (string or file)")
    .option('--format <format>', 'text or json', 'text')
    .action(async (file: string, opts: { key?: string; format: string }) => {
      if (opts.format !== 'text' && opts.format !== 'json') {
        throw new UsageError(`--format ${opts.format}: expected text or json`);
      }
      const { verifyEvidence, EvidenceUnreadableError } =
        await import('../cases/evidence-verify.ts');
      const text = readInputFile(file);
      let report;
      try {
        report = verifyEvidence(
          text,
          opts.key === undefined ? {} : { key: readVerifierKey(opts.key) },
        );
      } catch (err) {
        if (err instanceof EvidenceUnreadableError) throw new InputError(err.message, { file });
        throw err;
      }
      if (opts.format === 'json') {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        const lines = [`key fingerprint: ${report.fingerprint} (${report.origin})`];
        for (const c of report.checks)
          lines.push(`${c.ok ? 'ok    ' : 'FAILED'} ${c.part}: ${c.message}`);
        const failed = report.checks.filter((c) => !c.ok).length;
        lines.push(failed === 0 ? 'OK: the bundle verifies' : `FAILED: ${failed} check(s) failed`);
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      if (!report.ok) process.exitCode = 1;
    });
}
