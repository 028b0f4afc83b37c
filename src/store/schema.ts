/**
 * Kysely table interfaces for the whole database. Each table is keyed by the id of the thing it
 * belongs to first (`log_id` for the audit log) so it can be sharded later (DESIGN §6).
 *
 * Integers are JavaScript numbers (SQLite returns them so; the PostgreSQL dialect parses BIGINT
 * as number), byte strings are Buffers.
 */
import type { CaseTables } from './schema-cases.ts';
import type { TraceTables } from './schema-trace.ts';
import type { VaultTables } from './schema-vault.ts';
import type { WatchTables } from './schema-watch.ts';

/** One audit log: its identity, keys and head (the lock row for sequencing). */
export interface AuditLogsTable {
  log_id: number;
  /** Checkpoint origin line; also the signing key's name. */
  origin: string;
  /** Number of entries; updated in the same transaction as the entries it counts. */
  size: number;
  /** RFC 6962 root of the first `size` entries. */
  root_hash: Buffer;
  /** C2SP verifier key string (`name+hexid+base64`). */
  verifier_key: string;
  /** The C2SP signer key string, AES-256-GCM wrapped by the master key (see key-wrap.ts). */
  signer_key_wrapped: Buffer;
  created_at: string;
}

/** One audit entry: its canonical JSON bytes and leaf hash (the tree's level-0 node). */
export interface AuditEntriesTable {
  log_id: number;
  idx: number;
  leaf_hash: Buffer;
  entry: Buffer;
}

/**
 * Perfect-subtree hashes at the stored tree levels: positive multiples of 4 (src/audit/node-layout.ts;
 * level 0 lives in audit_entries.leaf_hash, other levels are folded from the stored level below).
 */
export interface AuditNodesTable {
  log_id: number;
  level: number;
  idx: number;
  hash: Buffer;
}

/** Every checkpoint the log signed, by size (a log signs at most one checkpoint per size). */
export interface AuditCheckpointsTable {
  log_id: number;
  size: number;
  root_hash: Buffer;
  /** The signed note, verbatim. */
  note: string;
  created_at: string;
}

/** The database as Kysely sees it. */
export interface Schema extends VaultTables, TraceTables, WatchTables, CaseTables {
  audit_logs: AuditLogsTable;
  audit_entries: AuditEntriesTable;
  audit_nodes: AuditNodesTable;
  audit_checkpoints: AuditCheckpointsTable;
}
