/**
 * Kysely table interfaces of src/cases, created by migration 0005-cases: cases, the items they
 * gather (with the item's JSON frozen at attach time), investigators' notes, and the history of
 * every change. Each row also names the audit entry that recorded it (`audit_idx`), so the
 * history is provable from the log (DESIGN §4.7).
 */

/** One case about one suspect. */
export interface CasesTable {
  /** `CASE-<n>`, n counting from 1 per database. */
  case_id: string;
  /** Staff id (actor) the case is about. */
  suspect: string;
  title: string;
  /** open | investigating | referred | closed. */
  status: string;
  /** Principal or staff id the case is assigned to, or null. */
  assignee: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
}

/** Something a case gathers: an alert, a trace, a complaint, a canary hit or a note file. */
export interface CaseItemsTable {
  case_id: string;
  /** 1, 2, … in attach order within the case. */
  item_no: number;
  /** alert | trace | complaint | canary_hit | note. */
  kind: string;
  /** The item's id in its own module (alert id, trace id, …) or a label. */
  ref: string;
  /** The item's JSON at attach time (canonical JSON, PI masked). */
  snapshot: string;
  /** SHA-256 (hex) of `snapshot`'s UTF-8 bytes; the audit entry carries the same hash. */
  snapshot_sha256: string;
  attached_at: string;
  attached_by: string;
  audit_idx: number;
}

/** An investigator's note. */
export interface CaseNotesTable {
  case_id: string;
  note_no: number;
  author: string;
  text: string;
  created_at: string;
  audit_idx: number;
}

/** Every change to a case, in order, with the audit entry that recorded it. */
export interface CaseHistoryTable {
  case_id: string;
  seq: number;
  ts: string;
  actor: string;
  /** JSON of the change (the `change` member of the audit entry). */
  change: string;
  audit_idx: number;
}

/** cases tables, merged into the database's Schema. */
export interface CaseTables {
  cases: CasesTable;
  case_items: CaseItemsTable;
  case_notes: CaseNotesTable;
  case_history: CaseHistoryTable;
}
