/**
 * `evidence verify`: checks an evidence bundle offline with nothing but the log's verifier key
 * (DESIGN §4.7, docs/evidence.md) and names every part that fails:
 *
 * - `key`: the bundle's verifier key parses, matches its fingerprint and the pinned key (--key);
 * - `checkpoint`: the one checkpoint is signed by that key and is a checkpoint of that origin;
 * - `entry at index N` / `proof of entry at index N`: each entry is included in the checkpoint;
 * - `custody`: the custody entry is included and records the SHA-256 of this exact manifest;
 * - `manifest` / `<part>`: each content part hashes to the manifest's value;
 * - `consistency[i]`: each published checkpoint is signed and consistent with the bundle's;
 * - `case`, `items`: the case's history, title, notes and item snapshots are what the audited
 *   case entries recorded;
 * - `legal`: the counts equal the ones recomputed from the included access entries.
 */
import { z } from 'zod';
import { canonicalJsonString } from '../audit/canonical-json.ts';
import { parseCheckpoint, type Checkpoint } from '../audit/checkpoint.ts';
import { verifyConsistency, verifyInclusion } from '../audit/proof-verification.ts';
import { hashLeaf } from '../audit/rfc6962.ts';
import { openNote, verifierFromKey, type NoteVerifier } from '../audit/signed-note.ts';
import { decodeBase64Strict } from '../audit/strict-base64.ts';
import { parseTlogProof } from '../audit/tlog-proof.ts';
import { PiguardError } from '../core/errors.ts';
import { sha256Hex } from './case-model.ts';
import {
  EVIDENCE_FORMAT,
  MANIFEST_PARTS,
  keyFingerprint,
  partHash,
  type EvidenceBundle,
} from './evidence-bundle.ts';
import { legalConfigFrom } from './legal-categories.ts';
import { countLegalCategories } from './legal-count.ts';

/**
 * The file is not an evidence bundle at all (exit 2).
 *
 * @example
 * try { parseEvidenceBundle(text); } catch (e) { if (e instanceof EvidenceUnreadableError) … }
 */
export class EvidenceUnreadableError extends PiguardError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** One named check's outcome. */
export interface EvidenceCheck {
  part: string;
  ok: boolean;
  message: string;
}

/** What verification found. */
export interface EvidenceVerifyReport {
  ok: boolean;
  /** Fingerprint of the key everything was checked against. */
  fingerprint: string;
  origin: string;
  checks: EvidenceCheck[];
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const shape = z.object({
  format: z.literal(EVIDENCE_FORMAT),
  manifest: z.object({
    case: z.string(),
    suspect: z.string(),
    created: z.string(),
    log: z.object({ origin: z.string(), verifier_key: z.string(), key_fingerprint: z.string() }),
    parts: z.object({ case: hex64, entries: hex64, items: hex64, legal: hex64 }),
  }),
  case: z.object({
    case_id: z.string(),
    suspect: z.string(),
    title: z.string(),
    history: z.array(
      z.object({ seq: z.number(), ts: z.string(), actor: z.string(), audit_index: z.number() }),
    ),
    notes: z.array(z.object({ note_no: z.number(), text: z.string(), audit_index: z.number() })),
  }),
  entries: z.array(
    z.object({ index: z.number(), role: z.enum(['access', 'case']), entry: z.string() }),
  ),
  items: z.array(
    z.object({
      item_no: z.number(),
      kind: z.string(),
      ref: z.string(),
      audit_index: z.number(),
      snapshot_sha256: z.string(),
    }),
  ),
  legal: z.object({ config: z.unknown(), by_category: z.array(z.unknown()) }),
  log: z.object({
    checkpoint: z.string(),
    custody: z.object({ index: z.number(), entry: z.string(), proof: z.string() }),
    proofs: z.array(z.string()),
    consistency: z.array(
      z.object({ source: z.string(), checkpoint: z.string(), proof: z.array(z.string()) }),
    ),
  }),
});

/**
 * Parses a bundle file's text; EvidenceUnreadableError (exit 2) when it is not one.
 *
 * @example
 * const bundle = parseEvidenceBundle(readFileSync('case.evidence.json', 'utf8'));
 */
export function parseEvidenceBundle(text: string): EvidenceBundle {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new EvidenceUnreadableError('not an evidence bundle: not valid JSON');
  }
  const r = shape.safeParse(doc);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new EvidenceUnreadableError(
      `not an evidence bundle (${EVIDENCE_FORMAT}): ${issue.path.join('.') || 'document'}: ${issue.message}`,
    );
  }
  return doc as EvidenceBundle;
}

/** Decoded and parsed entries of the bundle, by index. */
interface DecodedEntry {
  index: number;
  role: 'access' | 'case';
  bytes: Buffer;
  body: Record<string, unknown> | undefined;
}

function parseBody(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(bytes.toString('utf8')) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies a bundle. Never throws for a bundle that parses: every failure is a check with
 * `ok: false` naming the part. `key` pins the verifier key (the bundle's own key otherwise).
 *
 * @example
 * const report = verifyEvidence(readFileSync(file, 'utf8'), { key: vkey });
 * if (!report.ok) for (const c of report.checks.filter((c) => !c.ok)) console.log(c.part, c.message);
 */
export function verifyEvidence(text: string, options: { key?: string } = {}): EvidenceVerifyReport {
  const b = parseEvidenceBundle(text);
  const checks: EvidenceCheck[] = [];
  const pass = (part: string, message: string) => checks.push({ part, ok: true, message });
  const fail = (part: string, message: string) => checks.push({ part, ok: false, message });
  const m = b.manifest;

  // Key: the pinned one if given, else the bundle's.
  const vkey = options.key?.trim() ?? m.log.verifier_key;
  const fingerprint = keyFingerprint(vkey);
  let verifier: NoteVerifier;
  try {
    verifier = verifierFromKey(vkey);
  } catch (err) {
    fail('key', `the verifier key does not parse (${(err as Error).message})`);
    return { ok: false, fingerprint, origin: m.log.origin, checks };
  }
  let keyOk = true;
  if (options.key !== undefined && vkey !== m.log.verifier_key) {
    fail('key', 'the bundle names another verifier key than the one given with --key');
    keyOk = false;
  }
  if (m.log.key_fingerprint !== keyFingerprint(m.log.verifier_key)) {
    fail('manifest', 'the key fingerprint does not belong to the verifier key');
    keyOk = false;
  }
  if (verifier.name !== m.log.origin) {
    fail('key', `the key is named ${verifier.name}, not after the log origin ${m.log.origin}`);
    keyOk = false;
  }
  if (keyOk) pass('key', `${fingerprint} (${verifier.name})`);

  // Checkpoint.
  let checkpoint: Checkpoint | undefined;
  try {
    const opened = openNote(b.log.checkpoint, [verifier]);
    try {
      checkpoint = parseCheckpoint(opened.text);
      if (checkpoint.origin !== m.log.origin) {
        fail('checkpoint', `origin ${checkpoint.origin} is not the manifest's ${m.log.origin}`);
        checkpoint = undefined;
      } else pass('checkpoint', `signed, size ${checkpoint.size}`);
    } catch (err) {
      fail('checkpoint', (err as Error).message);
    }
  } catch (err) {
    fail('checkpoint', `signature: ${(err as Error).message}`);
  }

  // Inclusion of every entry and of the custody entry.
  const proveInclusion = (
    what: string,
    index: number,
    bytes: Buffer,
    proofText: string,
  ): boolean => {
    if (!checkpoint) return false;
    let p;
    try {
      p = parseTlogProof(proofText);
    } catch (err) {
      fail(`proof of ${what}`, `malformed: ${(err as Error).message}`);
      return false;
    }
    if (p.index !== index) {
      fail(`proof of ${what}`, `it proves index ${p.index}`);
      return false;
    }
    if (p.checkpoint !== b.log.checkpoint) {
      fail(`proof of ${what}`, "it leads to another checkpoint than the bundle's");
      return false;
    }
    try {
      verifyInclusion(hashLeaf(bytes), index, checkpoint.size, p.proof, checkpoint.rootHash);
      return true;
    } catch (err) {
      fail(
        what,
        `inclusion proof does not verify against the checkpoint — the entry bytes or the proof were altered (${(err as Error).message})`,
      );
      return false;
    }
  };

  const decoded: DecodedEntry[] = [];
  let included = 0;
  if (b.log.proofs.length !== b.entries.length) {
    fail('entries', `${b.entries.length} entries but ${b.log.proofs.length} proofs`);
  }
  for (const [i, e] of b.entries.entries()) {
    const what = `entry at index ${e.index}`;
    const bytes = decodeBase64Strict(e.entry);
    if (bytes === undefined) {
      fail(what, 'not canonical base64');
      continue;
    }
    decoded.push({ index: e.index, role: e.role, bytes, body: parseBody(bytes) });
    if (proveInclusion(what, e.index, bytes, b.log.proofs[i] ?? '')) included++;
  }
  if (checkpoint) {
    if (included === b.entries.length) {
      pass('entries', `${included} entries included in the checkpoint`);
    } else fail('entries', `${b.entries.length - included} entries not proven`);
  } else fail('entries', 'not checked: the checkpoint does not verify');

  // Manifest part hashes.
  const partsOk = MANIFEST_PARTS.map((part) => {
    const ok = partHash(b[part]) === m.parts[part];
    if (!ok) fail(part, 'does not match its SHA-256 in the manifest (the part was altered)');
    return ok;
  }).every(Boolean);
  if (partsOk) pass('manifest', `${MANIFEST_PARTS.length} part hashes match`);

  // Custody: the signed record of this manifest.
  const custodyBytes = decodeBase64Strict(b.log.custody.entry);
  if (custodyBytes === undefined) fail('custody', 'entry is not canonical base64');
  else if (proveInclusion('custody', b.log.custody.index, custodyBytes, b.log.custody.proof)) {
    const c = parseBody(custodyBytes);
    const change = c?.['change'] as Record<string, unknown> | undefined;
    if (c?.['type'] !== 'case' || c['case'] !== m.case || change?.['what'] !== 'evidence') {
      fail(
        'custody',
        `the entry at index ${b.log.custody.index} is not this case's evidence record`,
      );
    } else if (change['manifest_sha256'] !== partHash(m)) {
      fail(
        'manifest',
        'its SHA-256 differs from the one the signed custody entry records (the manifest was altered)',
      );
    } else
      pass('custody', `manifest recorded at index ${b.log.custody.index} by ${String(c['actor'])}`);
  }

  // Consistency with published checkpoints.
  let consistent = 0;
  for (const [i, c] of b.log.consistency.entries()) {
    const what = `consistency[${i}] (${c.source})`;
    if (!checkpoint) break;
    let pub: Checkpoint;
    try {
      pub = parseCheckpoint(openNote(c.checkpoint, [verifier]).text);
    } catch (err) {
      fail(what, `published checkpoint: ${(err as Error).message}`);
      continue;
    }
    const proof = c.proof.map((h) => decodeBase64Strict(h));
    if (proof.some((h) => h === undefined)) {
      fail(what, 'a proof hash is not canonical base64');
      continue;
    }
    const [small, large] = pub.size <= checkpoint.size ? [pub, checkpoint] : [checkpoint, pub];
    try {
      if (pub.origin !== checkpoint.origin) throw new Error(`origin ${pub.origin}`);
      if (small.size === 0) {
        if (proof.length !== 0) throw new Error('a proof from the empty tree');
      } else {
        verifyConsistency(
          small.size,
          large.size,
          proof as Buffer[],
          small.rootHash,
          large.rootHash,
        );
      }
      consistent++;
    } catch (err) {
      fail(
        what,
        `consistency proof does not verify (sizes ${pub.size} and ${checkpoint.size}): ${(err as Error).message}`,
      );
    }
  }
  if (checkpoint && consistent === b.log.consistency.length) {
    pass('consistency', `${consistent} published checkpoint(s) consistent`);
  }

  // The case and its items against the audited case entries.
  const byIndex = new Map(decoded.map((d) => [d.index, d]));
  const caseEntry = (index: number): Record<string, unknown> | undefined => {
    const d = byIndex.get(index);
    return d?.role === 'case' ? d.body : undefined;
  };
  let caseOk = true;
  const caseFail = (msg: string) => {
    caseOk = false;
    fail('case', msg);
  };
  if (b.case.case_id !== m.case || b.case.suspect !== m.suspect) {
    caseFail('case id or suspect differ from the manifest');
  }
  for (const h of b.case.history) {
    const expected = canonicalJsonString({
      type: 'case',
      case: b.case.case_id,
      change: (h as { change?: unknown }).change ?? null,
      actor: h.actor,
      ts: h.ts,
    });
    const d = byIndex.get(h.audit_index);
    if (!d || d.role !== 'case')
      caseFail(`history line ${h.seq}: its audit entry ${h.audit_index} is not in the bundle`);
    else if (d.bytes.toString('utf8') !== expected) {
      caseFail(`history line ${h.seq} differs from the audit entry at index ${h.audit_index}`);
    }
  }
  const opened = b.case.history
    .map((h) => caseEntry(h.audit_index))
    .find((e) => (e?.['change'] as { what?: unknown } | undefined)?.what === 'opened');
  const openedChange = opened?.['change'] as
    { title_sha256?: unknown; suspect?: unknown } | undefined;
  if (!openedChange) caseFail('the audited entry that opened the case is missing');
  else {
    if (openedChange.title_sha256 !== sha256Hex(b.case.title))
      caseFail('the title differs from the audited one');
    if (openedChange.suspect !== b.case.suspect)
      caseFail('the suspect differs from the audited one');
  }
  for (const n of b.case.notes) {
    const change = caseEntry(n.audit_index)?.['change'] as Record<string, unknown> | undefined;
    if (change?.['what'] !== 'note' || change['note'] !== n.note_no) {
      caseFail(`note ${n.note_no}: its audit entry ${n.audit_index} is not in the bundle`);
    } else if (change['text_sha256'] !== sha256Hex(n.text)) {
      caseFail(`note ${n.note_no}: the text differs from the audited one`);
    }
  }
  if (caseOk)
    pass(
      'case',
      `${b.case.history.length} history lines and ${b.case.notes.length} notes match the audited entries`,
    );

  let itemsOk = true;
  for (const it of b.items) {
    const label = `item ${it.item_no} (${it.kind} ${it.ref})`;
    let digest: string;
    try {
      digest = sha256Hex(canonicalJsonString(it.snapshot));
    } catch {
      digest = '';
    }
    const change = caseEntry(it.audit_index)?.['change'] as Record<string, unknown> | undefined;
    if (digest !== it.snapshot_sha256) {
      itemsOk = false;
      fail('items', `${label}: the snapshot does not match its SHA-256 (the snapshot was altered)`);
    }
    if (
      change?.['what'] !== 'item' ||
      change['item'] !== it.item_no ||
      change['kind'] !== it.kind ||
      change['ref'] !== it.ref ||
      change['snapshot_sha256'] !== digest
    ) {
      itemsOk = false;
      fail('items', `${label}: differs from the audited attach entry at index ${it.audit_index}`);
    }
  }
  if (itemsOk) pass('items', `${b.items.length} item snapshots match the audited entries`);

  // Access entries belong to the suspect; the legal counts follow from them.
  for (const d of decoded) {
    if (d.role === 'access' && (d.body?.['type'] !== 'access' || d.body['actor'] !== m.suspect)) {
      fail('entries', `entry at index ${d.index} is not an access by the suspect ${m.suspect}`);
    }
  }
  try {
    const config = legalConfigFrom(b.legal.config);
    const recomputed = countLegalCategories(
      decoded.filter((d) => d.role === 'access' && d.body).map((d) => d.body!),
      m.suspect,
      config,
    );
    if (partHash(recomputed) === partHash(b.legal)) {
      pass('legal', `counts recomputed from ${recomputed.entries_counted} access entries`);
    } else {
      const stated = new Map(
        (b.legal.by_category as Array<{ category?: string; records?: unknown }>).map((c) => [
          c.category,
          c.records,
        ]),
      );
      const diffs = recomputed.by_category
        .filter((c) => stated.get(c.category) !== c.records)
        .map(
          (c) =>
            `${c.category}: bundle says ${String(stated.get(c.category))}, entries give ${c.records}`,
        );
      const other = ['customers', 'entries_counted', 'combined_ratio', 'level', 'fields'] as const;
      for (const k of other) {
        if (
          canonicalJsonString(recomputed[k]) !==
          canonicalJsonString((b.legal as unknown as Record<string, unknown>)[k] ?? null)
        ) {
          diffs.push(
            `${k}: bundle says ${canonicalJsonString((b.legal as unknown as Record<string, unknown>)[k] ?? null)}, entries give ${canonicalJsonString(recomputed[k])}`,
          );
        }
      }
      fail(
        'legal',
        `the counts differ from those recomputed from the included entries (${diffs.join('; ') || 'thresholds or layout'})`,
      );
    }
  } catch (err) {
    fail('legal', `the mapping is invalid: ${(err as Error).message}`);
  }

  return { ok: checks.every((c) => c.ok), fingerprint, origin: m.log.origin, checks };
}
