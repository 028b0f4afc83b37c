/**
 * Kysely table interfaces of src/trace (DESIGN §4.6), created by migration 0003-trace: the trap
 * pool, canary identities and where each went out, per-export marks, canary hits, complaints and
 * stored trace results.
 *
 * Canary identities are synthetic — no real person's data — so their fields are kept in the
 * clear, apart from the customers table (they must never be returned by an ordinary read).
 * Complaints reference customers by external id; the complainant's phone is never stored, only
 * its blind index when it matched no customer.
 */

/** A trap phone number or mailbox the organisation controls. */
export interface CanaryPoolTable {
  /** Normalised value: 11-digit mobile / landline digits, or a lower-case email address. */
  identity: string;
  /** `phone` | `email`. */
  kind: string;
  added_at: string;
  added_by: string | null;
  retired_at: string | null;
}

/** One synthetic customer built on a trap identity, minted for one export. */
export interface CanariesTable {
  canary_id: string;
  /** The trap value (a canary_pool.identity). */
  identity: string;
  kind: string;
  name: string;
  /** YYYY-MM-DD. */
  birth_date: string;
  /** 18-character GB 11643 number with a valid check digit. */
  id_number: string;
  address: string;
  /** The phone written in the row (the trap phone, or null for a mailbox canary). */
  phone: string | null;
  email: string | null;
  created_at: string;
}

/** Blind indexes of canary identities (same keys as customer_index), for leak matching. */
export interface CanaryIndexTable {
  kind: string;
  digest: Buffer;
  canary_id: string;
}

/** Which canaries went out in which export, at which (0-based) row. */
export interface ExportCanariesTable {
  export_id: string;
  canary_id: string;
  row_no: number;
}

/** Per-export keyed marks: the export's mark key and the schemes applied. */
export interface ExportMarksTable {
  export_id: string;
  /** Short export serial written into reference codes (base-32, unique). */
  serial: string;
  /** 32 random bytes; keys the reference codes and rendering choices of this export. */
  mark_key: Buffer;
  /** JSON array of schemes applied (`ref_code`, `date_style`). */
  schemes: string;
  /** Actor of the export (copied for the detector's report). */
  actor: string;
  created_at: string;
}

/** A hit on a trap identity: a call, SMS or mail to it. */
export interface CanaryHitsTable {
  hit_id: string;
  identity: string;
  at: string;
  /** `identity` (synthetic name/address used) or `bare`. */
  evidence: string;
  /** JSON array of canary ids the evidence names (empty for a bare hit). */
  canary_ids: string;
  /** JSON array of export ids named (empty for a bare hit). */
  export_ids: string;
  /** `cli` | `webhook`. */
  source: string;
  /** SHA-256 (hex) of what the caller said, when given (the text itself is not kept). */
  said_sha256: string | null;
  recorded_at: string;
}

/** One complaint about an unsolicited call / SMS (DESIGN §5.3). */
export interface ComplaintsTable {
  complaint_id: string;
  ts: string;
  /** Resolved external customer id, or null when the phone matched no customer. */
  customer_id: string | null;
  /** Blind index (hex) of the complainant's phone when given; never the phone itself. */
  phone_digest: string | null;
  kind: string;
  /** The calling number or sender the customer reported (not customer PI). */
  caller: string | null;
  text_sha256: string | null;
  source: string;
  recorded_at: string;
}

/** A stored trace result (§5.5 JSON), so cases can attach it. */
export interface TracesTable {
  trace_id: string;
  /** `file` | `complaints`. */
  kind: string;
  /** File name (not its content) or the complaint window. */
  subject: string;
  /** SHA-256 (hex) of the leaked file, when the subject is a file. */
  subject_sha256: string | null;
  seen_at: string;
  created_at: string;
  created_by: string | null;
  /** The §5.5 JSON result. */
  result: string;
}

/** Trace tables, merged into the database's Schema. */
export interface TraceTables {
  canary_pool: CanaryPoolTable;
  canaries: CanariesTable;
  canary_index: CanaryIndexTable;
  export_canaries: ExportCanariesTable;
  export_marks: ExportMarksTable;
  canary_hits: CanaryHitsTable;
  complaints: ComplaintsTable;
  traces: TracesTable;
}
