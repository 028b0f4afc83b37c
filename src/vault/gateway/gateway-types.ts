/**
 * Requests and results of the gateway (src/vault/gateway/gateway.ts): the shapes the CLI, the
 * API server and the tests exchange with it. Results carry customer ids and values already masked
 * per policy, never more.
 */
import type { Kysely } from 'kysely';
import type { CustomerPiField, CustomerRecord } from '../../core/customer.ts';
import type { BlindIndex, BlindIndexKind, RawNameAndBirthDate } from '../../protect/blind-index.ts';
import type { Schema } from '../../store/schema.ts';
import type { StoredCustomer } from '../customer-vault.ts';

/** How a read names its customer: external id, or a blind-indexed value as written. */
export type CustomerKey =
  | { customerId: string }
  | { phone: string }
  | { idNumber: string }
  | { email: string }
  | { name: string; birthDate: string };

/** One gateway read. */
export interface ReadRequest {
  /** Staff id of the person reading. */
  actor: string;
  purpose: string;
  by: CustomerKey;
}

/** One customer as the policy lets the actor see it. */
export interface MaskedCustomer {
  customerId: string;
  /** Visible fields in policy order; values masked; `null` for the `null` mask or no value. */
  fields: Record<string, string | null>;
  /** True when the customer's PI was crypto-shredded (PIPL art. 47): no field values. */
  shredded?: boolean;
}

/** What a read returns. */
export interface ReadResult {
  /** Matching customers within the actor's scope (a phone may belong to several). */
  customers: MaskedCustomer[];
  /** Visible field names in order. */
  fields: string[];
  /** Index of the audit entry that recorded this read. */
  auditIndex: number;
}

/**
 * Search and export filter: clear columns (agent, branch, region, team of the agent) and
 * blind-indexed values (phone, ID number, email, name + birth date). Never a substring of PI.
 */
export interface CustomerFilter {
  customerId?: string;
  /** Staff id of the assigned agent. */
  agent?: string;
  branch?: string;
  /** Two-digit province code. */
  region?: string;
  /** Team of the assigned agent (staff.team). */
  team?: string;
  phone?: string;
  idNumber?: string;
  email?: string;
  /** Needs `birthDate` too. */
  name?: string;
  birthDate?: string;
}

/** Names of {@link CustomerFilter} keys, for parsing `--filter k=v`. */
export const FILTER_KEYS = [
  'customerId',
  'agent',
  'branch',
  'region',
  'team',
  'phone',
  'idNumber',
  'email',
  'name',
  'birthDate',
] as const satisfies ReadonlyArray<keyof CustomerFilter>;

/** One search page. */
export interface SearchRequest {
  actor: string;
  purpose: string;
  filter: CustomerFilter;
  /** 1-based; default 1. */
  page?: number;
  /** Default 50, at most 500. */
  pageSize?: number;
}

/** A page of search results (ordered by customer id). */
export interface SearchResult {
  customers: MaskedCustomer[];
  fields: string[];
  page: number;
  pageSize: number;
  hasMore: boolean;
  auditIndex: number;
}

/** Export file formats: CSV in UTF-8 with BOM, CSV in GB18030 (Excel in China), XLSX. */
export const EXPORT_FORMATS = ['csv', 'csv-gb18030', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** An export request. */
export interface ExportRequest {
  actor: string;
  purpose: string;
  /** Who the file is for (a person, a firm, a system). */
  recipient?: string | null;
  filter: CustomerFilter;
  format: ExportFormat;
}

/** A produced export file (write `bytes` to disk after the call returns). */
export interface ExportFile {
  exportId: string;
  format: ExportFormat;
  bytes: Buffer;
  /** SHA-256 (hex) of `bytes`, as recorded in the exports row. */
  sha256: string;
  /** Column names in file order. */
  columns: string[];
  /** Real customers in the file (export_rows). */
  rows: number;
  /** All data rows in the file, decorators' rows (canaries) included. */
  fileRows: number;
  auditIndex: number;
}

/** What {@link ExportRequest} led to. */
export type ExportOutcome =
  | { status: 'pending'; exportId: string; rows: number; columns: string[] }
  | { status: 'done'; exportId: string; file: ExportFile };

/** Status of an export record. */
export type ExportStatus = 'pending' | 'approved' | 'denied' | 'done';

/** An export record as an approver or the requester sees it (what, why, how many, which columns). */
export interface ExportSummary {
  exportId: string;
  actor: string;
  purpose: string;
  recipient: string | null;
  format: ExportFormat;
  filter: CustomerFilter;
  status: ExportStatus;
  /** Rows the request matched (pending/approved/denied) or real rows written (done). */
  rows: number;
  /** Columns the file will carry (per the policy now). */
  columns: string[];
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  completedAt: string | null;
  fileSha256: string | null;
}

/** An approver's decision on a pending export. */
export interface ExportDecisionRequest {
  exportId: string;
  /** Staff id of the approver (must differ from the requester). */
  approver: string;
  decision: 'approve' | 'deny';
  reason?: string;
}

/** A customer as the vault loads it (H1's CustomerVault.load result values). */
export type LoadedCustomer = CustomerRecord & { shredded?: boolean };

/**
 * The part of the customer vault the gateway needs (src/vault/customer-vault.ts implements it).
 * A narrow interface so tests can wrap the real vault (e.g. to count calls) without mocking storage.
 */
export interface VaultReader {
  /** Blind-index digests of PI criteria (filters are stored and audited as digests). */
  readonly blindIndex: Pick<BlindIndex, 'blindIndexFor'>;
  lookup(
    db: Kysely<Schema>,
    kind: BlindIndexKind,
    raw: string | RawNameAndBirthDate,
  ): Promise<string[]>;
  load(
    db: Kysely<Schema>,
    ids: readonly string[],
    fields: ReadonlyArray<CustomerPiField | 'extra'>,
  ): Promise<Map<string, LoadedCustomer>>;
  /** Rows with scope attributes and ciphertexts, nothing decrypted (one SELECT per batch). */
  readStored(db: Kysely<Schema>, ids: readonly string[]): Promise<Map<string, StoredCustomer>>;
  /** Decrypts only `fields` of rows from {@link readStored}. */
  open(
    rows: Iterable<StoredCustomer>,
    fields: ReadonlyArray<CustomerPiField | 'extra'>,
  ): Promise<Map<string, LoadedCustomer>>;
}
