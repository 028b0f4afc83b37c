/**
 * Kysely table interfaces of the vault (DESIGN §4.2–4.3): customers and their keys, staff, the
 * access-event index that watch and trace read, principals and their credentials, exports.
 * Created by migration 0002. Every table is keyed by the thing it belongs to (DESIGN §6).
 */

/** Ring keys (key-encryption keys) wrapped by the master key; see protect/key-ring.ts. */
export interface KeyRingTable {
  version: number;
  /** Wrapped key; zero-length once retired. */
  wrapped: Buffer;
  created_at: string;
  retired_at: string | null;
}

/** The blind-index HMAC key wrapped by the master key (one row per version). */
export interface BlindIndexKeysTable {
  version: number;
  wrapped: Buffer;
  created_at: string;
}

/**
 * One customer. Only the external id and what row scopes need (assigned agent, branch, province
 * code) are in the clear; every PI field is an AES-256-GCM ciphertext under the customer's data
 * key (field-cipher.ts, additional data binds customer, field and key version). A crypto-shredded
 * customer keeps its row with `wrapped_dek` null and every `*_enc` column null.
 */
export interface CustomersTable {
  /** External customer id (客户编号) — the upsert key and the id audit entries carry. */
  customer_id: string;
  /** Staff id of the assigned agent (the agent's book), or null. */
  agent_id: string | null;
  /** Branch (机构) the customer belongs to, or null. */
  branch: string | null;
  /** Two-digit province code of the address (GB/T 2260), for the `region` row scope. */
  region: string | null;
  /** Data key generation (bound into every field ciphertext). */
  key_version: number;
  /** Ring key version that wraps `wrapped_dek`. */
  ring_version: number;
  /** The customer's data key wrapped by ring key `ring_version`; null once shredded. */
  wrapped_dek: Buffer | null;
  name_enc: Buffer | null;
  birth_date_enc: Buffer | null;
  phone_enc: Buffer | null;
  id_number_enc: Buffer | null;
  address_enc: Buffer | null;
  email_enc: Buffer | null;
  product_enc: Buffer | null;
  premium_enc: Buffer | null;
  start_date_enc: Buffer | null;
  /** JSON object of columns piguard does not know, encrypted (they may hold PI too). */
  extra_enc: Buffer | null;
  created_at: string;
  updated_at: string;
  shredded_at: string | null;
}

/** Blind indexes: HMAC-SHA-256 of a normalised value (protect/blind-index.ts) → customer. */
export interface CustomerIndexTable {
  /** `phone` | `id_number` | `email` | `name_birth_date`. */
  kind: string;
  digest: Buffer;
  customer_id: string;
}

/** Staff members (DESIGN §5.3): ids, the policy role, branch and team. */
export interface StaffTable {
  staff_id: string;
  /** Policy role (a key of the policy file's `roles`). */
  role: string;
  /** The role as written in the source file (free text, e.g. 质检专员). */
  role_raw: string | null;
  branch: string | null;
  team: string | null;
  start_date: string | null;
  end_date: string | null;
  updated_at: string;
}

/**
 * One access event — a gateway read, search, export or refusal, or an event imported from
 * another system — keyed by the index of its audit entry (every access event is one entry).
 */
export interface AccessEventsTable {
  audit_idx: number;
  ts: string;
  actor: string;
  /** view | search | export | print | update. */
  action: string;
  purpose: string | null;
  /** `gateway` for piguard's own reads, else the system that reported the event. */
  source: string;
  role: string | null;
  branch: string | null;
  outcome: string | null;
  /** `allow` or `deny`. Imported events are `allow` (they happened). */
  decision: string;
  /** Number of customers the event touched. */
  customers: number;
  /** Export id when the event produced or requested an export. */
  export_id: string | null;
}

/**
 * Customers touched by an access event, with the event's actor, time and action. Since migration
 * 0007 a VIEW over {@link AccessEventRefsTable} joined to `access_events`: read it freely; the
 * write path (vault/access-recorder.ts) writes the refs table.
 */
export interface AccessEventCustomersTable {
  audit_idx: number;
  customer_id: string;
  actor: string;
  ts: string;
  action: string;
}

/**
 * One row per customer an access event touched (migration 0007): clustered by
 * (audit_idx, customer_id), indexed by customer_id.
 */
export interface AccessEventRefsTable {
  audit_idx: number;
  customer_id: string;
}

/** People and systems that act through piguard (login and API principals). */
export interface PrincipalsTable {
  principal_id: string;
  /** `person` or `system`. */
  kind: string;
  /** Staff id the principal acts as in the gateway (people), or null. */
  staff_id: string | null;
  /** argon2id PHC string; null for systems and disabled logins. */
  password_hash: string | null;
  /** JSON array of rights (see vault/rights.ts). */
  rights: string;
  created_at: string;
  disabled_at: string | null;
}

/** Login sessions: only the SHA-256 of the session secret is stored. */
export interface SessionsTable {
  session_hash: Buffer;
  principal_id: string;
  created_at: string;
  expires_at: string;
}

/** Bearer tokens for systems: only the SHA-256 of the token is stored. */
export interface ApiTokensTable {
  token_hash: Buffer;
  principal_id: string;
  name: string;
  /** JSON array of scopes (rights). */
  scopes: string;
  created_at: string;
  revoked_at: string | null;
}

/** One-time codes for data-subject access (PIPL art. 45); only a hash is stored. */
export interface SubjectCodesTable {
  customer_id: string;
  code_hash: Buffer;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Every export or export request, with its recipient, purpose and status. */
export interface ExportsTable {
  export_id: string;
  actor: string;
  purpose: string;
  recipient: string | null;
  /** csv | csv-gb18030 | xlsx. */
  format: string;
  /** JSON of the request's filter. */
  filter: string;
  /** pending | approved | denied | done. */
  status: string;
  rows: number;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  completed_at: string | null;
  /** SHA-256 (hex) of the file written, once done. */
  file_sha256: string | null;
}

/** The row set of an export: which customer went out in which row. */
export interface ExportRowsTable {
  export_id: string;
  row_no: number;
  customer_id: string;
}

/** Vault tables, merged into the database's {@link Schema}. */
export interface VaultTables {
  key_ring: KeyRingTable;
  blind_index_keys: BlindIndexKeysTable;
  customers: CustomersTable;
  customer_index: CustomerIndexTable;
  staff: StaffTable;
  access_events: AccessEventsTable;
  access_event_customers: AccessEventCustomersTable;
  access_event_refs: AccessEventRefsTable;
  principals: PrincipalsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  subject_codes: SubjectCodesTable;
  exports: ExportsTable;
  export_rows: ExportRowsTable;
}
