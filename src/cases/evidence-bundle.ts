/**
 * The evidence bundle format (`piguard-evidence/v1`): one JSON document, described in
 * docs/evidence.md. This module holds its types and the hashing both export and verify use.
 */
import { createHash } from 'node:crypto';
import { canonicalJsonString } from '../audit/canonical-json.ts';
import type { CaseChange, CaseDetail, CaseItemKind, CaseStatus } from './case-model.ts';
import type { LegalAssessment } from './legal-count.ts';

/** Value of the bundle's `format` member. */
export const EVIDENCE_FORMAT = 'piguard-evidence/v1';

/** The parts whose hashes the manifest lists, in order. */
export const MANIFEST_PARTS = ['case', 'entries', 'items', 'legal'] as const;
export type ManifestPart = (typeof MANIFEST_PARTS)[number];

/** What the bundle is about and the hashes of its content parts. */
export interface EvidenceManifest {
  case: string;
  suspect: string;
  /** When the bundle was made (ISO-8601). */
  created: string;
  /** Who made it. */
  created_by: string;
  tool: { name: string; version: string };
  log: { origin: string; verifier_key: string; key_fingerprint: string };
  /** SHA-256 hex of each part's canonical JSON. */
  parts: Record<ManifestPart, string>;
}

/** The case as it stood when the bundle was made. */
export interface EvidenceCasePart {
  case_id: string;
  suspect: string;
  title: string;
  status: CaseStatus;
  assignee: string | null;
  created_at: string;
  created_by: string;
  history: Array<{
    seq: number;
    ts: string;
    actor: string;
    change: CaseChange;
    audit_index: number;
  }>;
  notes: Array<{
    note_no: number;
    author: string;
    text: string;
    created_at: string;
    audit_index: number;
  }>;
}

/** One audit entry: its index and exact leaf bytes (base64). */
export interface EvidenceEntry {
  index: number;
  /** `access` (the suspect's accesses) or `case` (this case's history). */
  role: 'access' | 'case';
  entry: string;
}

/** One item with its snapshot. */
export interface EvidenceItem {
  item_no: number;
  kind: CaseItemKind;
  ref: string;
  attached_at: string;
  attached_by: string;
  audit_index: number;
  snapshot_sha256: string;
  snapshot: unknown;
}

/** A consistency proof between the bundle's checkpoint and one published checkpoint. */
export interface EvidenceConsistency {
  /** Where the published checkpoint was read (file path and 1-based note number). */
  source: string;
  /** The published signed note, verbatim. */
  checkpoint: string;
  /** RFC 9162 consistency proof hashes (base64) from the smaller tree to the larger. */
  proof: string[];
}

/** The log part: not hashed by the manifest, because it proves the manifest (see docs). */
export interface EvidenceLogPart {
  /** The one signed checkpoint every inclusion proof leads to. */
  checkpoint: string;
  /** The custody entry (`change.what = 'evidence'`) that records the manifest's hash. */
  custody: { index: number; entry: string; proof: string };
  /** C2SP tlog-proof text for each entry, same order as `entries`. */
  proofs: string[];
  consistency: EvidenceConsistency[];
}

/** The whole bundle. */
export interface EvidenceBundle {
  format: typeof EVIDENCE_FORMAT;
  manifest: EvidenceManifest;
  case: EvidenceCasePart;
  entries: EvidenceEntry[];
  items: EvidenceItem[];
  legal: LegalAssessment;
  log: EvidenceLogPart;
}

/**
 * SHA-256 hex of a value's canonical JSON (RFC 8785 style, as the audit log uses).
 *
 * @example
 * partHash({ a: 1 }) // sha256 of '{"a":1}'
 */
export function partHash(value: unknown): string {
  return createHash('sha256').update(canonicalJsonString(value), 'utf8').digest('hex');
}

/**
 * Fingerprint of a verifier key, to read out over the phone: `SHA256:` and the unpadded base64
 * of SHA-256 over the vkey string's UTF-8 bytes (the style of `ssh-keygen -l`).
 *
 * @example
 * keyFingerprint('example.com/audit+1a2b3c4d+AQ…') // 'SHA256:3q2+7w…'
 */
export function keyFingerprint(verifierKey: string): string {
  const digest = createHash('sha256').update(verifierKey, 'utf8').digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/**
 * The bundle's `case` part for a case as read from the database.
 *
 * @example
 * const part = casePartOf(await store.get('CASE-1'));
 */
export function casePartOf(d: CaseDetail): EvidenceCasePart {
  return {
    case_id: d.caseId,
    suspect: d.suspect,
    title: d.title,
    status: d.status,
    assignee: d.assignee,
    created_at: d.createdAt,
    created_by: d.createdBy,
    history: d.history.map((h) => ({
      seq: h.seq,
      ts: h.ts,
      actor: h.actor,
      change: h.change,
      audit_index: h.auditIdx,
    })),
    notes: d.notes.map((n) => ({
      note_no: n.noteNo,
      author: n.author,
      text: n.text,
      created_at: n.createdAt,
      audit_index: n.auditIdx,
    })),
  };
}

/**
 * The bundle's `items` part for a case as read from the database.
 *
 * @example
 * const items = itemsOf(await store.get('CASE-1'));
 */
export function itemsOf(d: CaseDetail): EvidenceItem[] {
  return d.items.map((i) => ({
    item_no: i.itemNo,
    kind: i.kind,
    ref: i.ref,
    attached_at: i.attachedAt,
    attached_by: i.attachedBy,
    audit_index: i.auditIdx,
    snapshot_sha256: i.snapshotSha256,
    snapshot: i.snapshot,
  }));
}
