/**
 * Builds an evidence bundle for a case (DESIGN §4.7, docs/evidence.md):
 *
 * 1. collect the case, the suspect's access entries, the case's history entries and the
 *    legal-threshold count;
 * 2. write the manifest (hashes of the content parts) and record its SHA-256 in the log as the
 *    case's custody entry (`change.what = 'evidence'`) — this is what authenticates the manifest;
 * 3. sign a fresh checkpoint covering the custody entry (and publish it like `audit checkpoint`);
 * 4. prove every entry's inclusion in that checkpoint (C2SP tlog-proof), and prove consistency
 *    between it and every checkpoint published outside the database.
 */
import { readFileSync } from 'node:fs';
import type { CheckpointPublisher } from '../audit/checkpoint-publisher.ts';
import { parseCheckpoint } from '../audit/checkpoint.ts';
import { LogIntegrityError } from '../audit/audit-log.ts';
import { consistencyProof, inclusionProof, rootAt } from '../audit/merkle-proofs.ts';
import { verifyConsistency } from '../audit/proof-verification.ts';
import { openNote, verifierFromKey, type NoteSigner } from '../audit/signed-note.ts';
import { formatTlogProof } from '../audit/tlog-proof.ts';
import { NotFoundError } from '../core/errors.ts';
import { inclusionProofs } from './batched-proofs.ts';
import type { CaseStore } from './case-store.ts';
import { collectCaseFacts, readEntries, type FactEntry } from './case-facts.ts';
import {
  EVIDENCE_FORMAT,
  keyFingerprint,
  partHash,
  casePartOf,
  itemsOf,
  type EvidenceBundle,
  type EvidenceConsistency,
  type EvidenceEntry,
  type EvidenceManifest,
} from './evidence-bundle.ts';
import type { LegalConfig } from './legal-categories.ts';

/** Checkpoints published somewhere outside the database (e.g. the checkpoints file's notes). */
export interface PublishedSource {
  /** File path or URL, for the bundle's `source` lines. */
  source: string;
  /** Read AFTER the bundle's checkpoint is published, so it is there too. */
  read(): Array<string | Error>;
}

export interface EvidenceExportOptions {
  /** Who exports (recorded in the custody entry). */
  actor: string;
  legalConfig: LegalConfig;
  /** The log's signer (unwrapped with the master key). */
  signer: NoteSigner;
  /** Where the fresh checkpoint is published (as `audit checkpoint` does). */
  publishers?: readonly CheckpointPublisher[];
  /** Published checkpoints to prove consistency with. */
  published?: readonly PublishedSource[];
  now?: () => Date;
}

/** The bundle and what did not go perfectly. */
export interface EvidenceExportResult {
  bundle: EvidenceBundle;
  /** Publishing failures and published notes that could not be used (not this log's, torn). */
  warnings: string[];
}

/**
 * The running tool's version from package.json ("unknown" if it cannot be read).
 *
 * @example
 * toolVersion() // '0.1.0'
 */
export function toolVersion(): string {
  try {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function entryPart(e: FactEntry, role: EvidenceEntry['role']): EvidenceEntry {
  return { index: e.index, role, entry: e.bytes.toString('base64') };
}

/**
 * Exports the evidence bundle of `caseId`.
 *
 * @example
 * const { bundle } = await exportEvidence(store, 'CASE-1', { actor: 'inv1', legalConfig, signer,
 *   publishers: [new FileCheckpointPublisher(file)],
 *   published: [{ source: file, read: () => new FileCheckpointPublisher(file).readAll() }] });
 * writeFileSync('case-1.evidence.json', JSON.stringify(bundle, null, 2));
 */
export async function exportEvidence(
  store: CaseStore,
  caseId: string,
  options: EvidenceExportOptions,
): Promise<EvidenceExportResult> {
  const log = store.log;
  const warnings: string[] = [];
  const facts = await collectCaseFacts(store, caseId, options.legalConfig);
  const d = facts.detail;
  const info = await log.info();

  const casePart = casePartOf(d);
  const entries: EvidenceEntry[] = [
    ...facts.accessEntries.map((e) => entryPart(e, 'access')),
    ...facts.caseEntries.map((e) => entryPart(e, 'case')),
  ].sort((a, b) => a.index - b.index);
  const items = itemsOf(d);
  const manifest: EvidenceManifest = {
    case: d.caseId,
    suspect: d.suspect,
    created: (options.now ?? (() => new Date()))().toISOString(),
    created_by: options.actor,
    tool: { name: 'piguard', version: toolVersion() },
    log: {
      origin: info.origin,
      verifier_key: info.verifierKey,
      key_fingerprint: keyFingerprint(info.verifierKey),
    },
    parts: {
      case: partHash(casePart),
      entries: partHash(entries),
      items: partHash(items),
      legal: partHash(facts.legal),
    },
  };

  const custodyIndex = await store.recordEvidence(caseId, partHash(manifest), options.actor);
  const signed = await log.signCheckpoint(options.signer, options.publishers ?? []);
  for (const e of signed.publishErrors) warnings.push(e.message);
  if (signed.size <= custodyIndex) {
    throw new LogIntegrityError('the signed checkpoint does not cover the custody entry');
  }
  const source = log.nodeSource();
  const prove = async (index: number): Promise<string> =>
    formatTlogProof({
      index,
      proof: await inclusionProof(index, signed.size, source),
      checkpoint: signed.note,
    });
  const proofs = (
    await inclusionProofs(
      log.db,
      log.logId,
      entries.map((e) => e.index),
      signed.size,
    )
  ).map((proof, i) =>
    formatTlogProof({ index: entries[i]!.index, proof, checkpoint: signed.note }),
  );
  const [custodyEntry] = await readEntries(log.db, log.logId, [custodyIndex]);
  if (!custodyEntry) throw new NotFoundError(`custody entry ${custodyIndex} is missing`);

  const verifier = verifierFromKey(info.verifierKey);
  const consistency: EvidenceConsistency[] = [];
  for (const pub of options.published ?? []) {
    const notes = pub.read();
    for (const [i, note] of notes.entries()) {
      const where = `${pub.source}#${i + 1}`;
      if (typeof note !== 'string') {
        warnings.push(`${where}: ${note.message}; not included`);
        continue;
      }
      let size: number;
      let root: Buffer;
      try {
        const cp = parseCheckpoint(openNote(note, [verifier]).text);
        if (cp.origin !== info.origin) throw new Error(`origin ${cp.origin}`);
        size = cp.size;
        root = cp.rootHash;
      } catch (err) {
        warnings.push(
          `${where}: not a checkpoint of this log (${(err as Error).message}); not included`,
        );
        continue;
      }
      const [small, large] = size <= signed.size ? [size, signed.size] : [signed.size, size];
      let proof: Buffer[] = [];
      if (small > 0 && small < large) {
        proof = await consistencyProof(small, large, source);
        const [r1, r2] =
          size <= signed.size
            ? [root, signed.rootHash]
            : [signed.rootHash, await rootAt(size, source)];
        try {
          verifyConsistency(small, large, proof, r1, r2);
        } catch (err) {
          throw new LogIntegrityError(
            `published checkpoint ${where} (size ${size}) is not consistent with the log: ${(err as Error).message}; run \`piguard audit verify\``,
          );
        }
      } else if (small === large && !root.equals(signed.rootHash)) {
        throw new LogIntegrityError(
          `published checkpoint ${where} has the same size as the log's (${size}) but another root; run \`piguard audit verify\``,
        );
      }
      consistency.push({
        source: where,
        checkpoint: note,
        proof: proof.map((h) => h.toString('base64')),
      });
    }
  }

  const bundle: EvidenceBundle = {
    format: EVIDENCE_FORMAT,
    manifest,
    case: casePart,
    entries,
    items,
    legal: facts.legal,
    log: {
      checkpoint: signed.note,
      custody: {
        index: custodyIndex,
        entry: custodyEntry.bytes.toString('base64'),
        proof: await prove(custodyIndex),
      },
      proofs,
      consistency,
    },
  };
  return { bundle, warnings };
}
