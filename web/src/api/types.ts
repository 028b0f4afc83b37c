/**
 * Shapes of the API answers the dashboard reads (DESIGN §5.4–§5.6). Everything personal in them
 * arrives masked by the server; the dashboard never unmasks and only renders text through React.
 */

export type Right =
  | 'admin'
  | 'read'
  | 'export'
  | 'approve'
  | 'import:customers'
  | 'events:write'
  | 'complaints:write'
  | 'investigate'
  | 'audit:read'
  | 'posts:classify';

/** `GET /auth/me`. */
export interface Me {
  id: string;
  kind: 'person' | 'system';
  staffId: string | null;
  rights: Right[];
  name?: string;
}

/** One page of a server-side paginated list. */
export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * Paging of a list that keeps its own array key (`{cases, total, page, pageSize}`): the array
 * holds one page, `total` counts every row matching the filters.
 */
export interface PageInfo {
  total: number;
  page: number;
  pageSize: number;
}

export const ALERT_STATUSES = ['open', 'acknowledged', 'dismissed', 'escalated'] as const;

/** A watch alert (§5.4) with its id and investigation status. */
export interface Alert {
  id: string | number;
  actor: string;
  day: string;
  score: number;
  kind: string;
  reasons: string[];
  customers: number;
  status?: (typeof ALERT_STATUSES)[number];
  /** First day of the evidence (a slow drip spans weeks). */
  since?: string;
  /** Every detector that fired for this actor and day. */
  kinds?: string[];
}

/** `GET /actors/:id/activity`: the actor's daily series against the peer band. */
export interface ActivitySeries {
  actor?: string;
  role?: string | null;
  branch?: string | null;
  /** Size of the peer group behind the band. */
  peers?: number;
  days: string[];
  values: number[];
  peerLow: number[];
  peerMedian: number[];
  peerHigh: number[];
}

/** §5.5 trace output, plus its stored id. */
export interface TraceResult {
  id?: string | number;
  /** Stored trace id (e.g. `T85283dfc931aeed6`). */
  trace_id?: string;
  seen_at?: string;
  actors_tested?: number;
  unexplained?: number;
  /** The stated chance model behind every probability (DESIGN invariant 4). */
  null_model?: string;
  rows: number;
  matched: number;
  canaries: Array<{ identity: string; export_id: string | number | null; actor: string | null }>;
  suspects: Suspect[];
}

export interface Suspect {
  actor: string;
  export_id?: string | number | null;
  matched_in_access: number;
  expected_by_chance: number;
  false_accusation_probability: number;
  signals: string[];
  /** Peeling round that explained this source (merged leaks). */
  round?: number;
  share?: number;
  /** Actors with (nearly) the same leaked customers: access history cannot tell them apart. */
  indistinguishable_from?: string[];
}

/** `GET /complaints` (ids, times, kinds, customer ids — no personal data). */
export interface Complaint {
  complaint_id: string;
  ts: string;
  customer_id: string | null;
  kind: string;
  caller: string | null;
  source: string;
}

export const CASE_STATUSES = ['open', 'investigating', 'referred', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** A case as `GET /cases` lists it. */
export interface CaseSummary {
  case_id: string;
  suspect: string;
  title: string;
  status: CaseStatus;
  assignee: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
}

/** `GET /cases/:id`: the case with what it gathered, its notes and its (audited) history. */
export interface CaseDetail extends CaseSummary {
  items: Array<{
    item_no: number;
    kind: string;
    ref: string;
    attached_at: string;
    attached_by: string;
    audit_index: number;
    snapshot_sha256: string;
  }>;
  notes: Array<{
    note_no: number;
    author: string;
    text: string;
    created_at: string;
    audit_index: number;
  }>;
  history: Array<{
    seq: number;
    ts: string;
    actor: string;
    change: { what: string } & Record<string, unknown>;
    audit_index: number;
  }>;
}

/** `GET /audit/checkpoint`. */
export interface AuditCheckpoint {
  origin: string;
  verifier_key: string;
  /** Entries committed, signed or not. */
  log_size: number;
  checkpoint: {
    size: number;
    root_hash: string;
    /** C2SP signed note, verbatim. */
    note: string;
    created_at: string;
  } | null;
}

/** `POST /audit/verify`. */
export interface AuditVerifyReport {
  ok: boolean;
  origin: string;
  size: number;
  root_hash?: string;
  checkpoints_checked: number;
  /** Published checkpoints file checked (the witness copy), when there is one. */
  published_file: string | null;
  problems: string[];
}

export interface PostResult {
  id: string;
  label: 'pi_trade' | 'other';
  score: number;
  contacts: string[];
  pii_types: string[];
  signals?: string[];
}
