/**
 * Cases (DESIGN §4.7): what a case is, its statuses and the moves between them, the kinds of
 * item it gathers, and the audit entry every change becomes.
 */
import { createHash } from 'node:crypto';

/** Statuses in their normal order; `closed` can be reached from any other. */
export const CASE_STATUSES = ['open', 'investigating', 'referred', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Kinds of item a case gathers. */
export const CASE_ITEM_KINDS = ['alert', 'trace', 'complaint', 'canary_hit', 'note'] as const;
export type CaseItemKind = (typeof CASE_ITEM_KINDS)[number];

/**
 * An item to attach: its kind, its id in its own module, and its JSON at attach time (an alert per
 * DESIGN §5.4, a trace per §5.5, a complaint per §5.3, a canary hit, or any JSON note).
 */
export interface CaseItemInput {
  kind: CaseItemKind;
  ref: string;
  snapshot: unknown;
}

/** An attached item as stored. */
export interface CaseItem {
  itemNo: number;
  kind: CaseItemKind;
  ref: string;
  /** The frozen JSON (PI masked). */
  snapshot: unknown;
  /** SHA-256 hex of the snapshot's canonical JSON — also in the audit entry of the attach. */
  snapshotSha256: string;
  attachedAt: string;
  attachedBy: string;
  auditIdx: number;
}

/** A note as stored. */
export interface CaseNote {
  noteNo: number;
  author: string;
  text: string;
  createdAt: string;
  auditIdx: number;
}

/**
 * What changed, as recorded in the audit entry. Free text (titles, notes) appears only as its
 * SHA-256: audit entries are public through the log's tiles, a note may name people.
 */
export type CaseChange =
  | { what: 'opened'; suspect: string; title_sha256: string }
  | { what: 'status'; from: CaseStatus; to: CaseStatus }
  | { what: 'assignee'; from: string | null; to: string | null }
  | { what: 'item'; item: number; kind: CaseItemKind; ref: string; snapshot_sha256: string }
  | { what: 'note'; note: number; text_sha256: string }
  | { what: 'evidence'; manifest_sha256: string };

/** One history line. */
export interface CaseHistoryEntry {
  seq: number;
  ts: string;
  actor: string;
  change: CaseChange;
  auditIdx: number;
}

/** The audit entry of a case change (`type: 'case'`, DESIGN §4.4: canonical JSON is the leaf). */
export interface CaseAuditEntry {
  type: 'case';
  case: string;
  change: CaseChange;
  actor: string;
  ts: string;
}

/** A case with everything it gathered. */
export interface CaseRecord {
  caseId: string;
  suspect: string;
  title: string;
  status: CaseStatus;
  assignee: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

/** A case with its items, notes and history. */
export interface CaseDetail extends CaseRecord {
  items: CaseItem[];
  notes: CaseNote[];
  history: CaseHistoryEntry[];
}

/**
 * @example
 * isCaseStatus('referred') // true
 */
export function isCaseStatus(s: string): s is CaseStatus {
  return (CASE_STATUSES as readonly string[]).includes(s);
}

/**
 * @example
 * isCaseItemKind('canary_hit') // true
 */
export function isCaseItemKind(s: string): s is CaseItemKind {
  return (CASE_ITEM_KINDS as readonly string[]).includes(s);
}

/**
 * Whether a case may move from `from` to `to`: one step forward along open → investigating →
 * referred, or to closed from anywhere but closed. A closed case stays closed (a new case is
 * opened instead, so the closed one's evidence does not change under anyone's feet).
 *
 * @example
 * canMove('open', 'investigating') // true
 * canMove('referred', 'open')      // false
 */
export function canMove(from: CaseStatus, to: CaseStatus): boolean {
  if (from === 'closed' || from === to) return false;
  if (to === 'closed') return true;
  return CASE_STATUSES.indexOf(to) === CASE_STATUSES.indexOf(from) + 1;
}

/**
 * SHA-256 hex of a string's UTF-8 bytes.
 *
 * @example
 * sha256Hex('') // 'e3b0c442…b855'
 */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
