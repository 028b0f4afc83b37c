/**
 * Messages between the import's main thread and its sealing workers (seal-worker-pool.ts).
 */
import type { KeyRingRecords } from '../../protect/key-ring.ts';
import type { SealedCustomer } from '../customer-sealer.ts';
import type { ColumnMapping } from './column-mapping.ts';
import type { RowBatch } from './row-batch.ts';

/** How a worker validates rows: the same inputs as the main thread's CustomerRowValidator. */
export interface RowValidation {
  /** The file as named in `FILE:ROW: problem`. */
  file: string;
  mapping: ColumnMapping[];
  headers: string[];
  /** ISO time of "today" (plausible birth dates end there). */
  today: string;
}

/** `workerData` of a sealing worker: the ring records and the master key that opens them. */
export interface SealWorkerData {
  records: KeyRingRecords;
  /** The 32-byte master key (copied into the worker; zeroed there once the ring is open). */
  masterKey: Uint8Array;
  validation: RowValidation;
}

/** Main → worker: validate these rows and seal them under data keys of these generations. */
export interface SealRequest {
  id: number;
  batch: RowBatch;
}

/** Worker → main. */
export type SealResponse =
  | { ready: true }
  | { id: number; packed: PackedSealed }
  /** The batch's lowest bad row (`input`), or another failure (`line` absent). */
  | { id: number; error: string; input: boolean; line?: number };

/**
 * Sealed customers packed for the trip back to the main thread: every byte string of a batch
 * in one transferable buffer (lengths alongside, -1 for null). Structured-cloning a dozen small
 * Uint8Arrays per customer cost the main thread — the import's bottleneck — more in allocation
 * and garbage collection than the SQL it then runs; unpacked rows are views into the buffer.
 */
export interface PackedSealed {
  ids: string[];
  agents: (string | null)[];
  branches: (string | null)[];
  regions: (string | null)[];
  keyVersions: number[];
  ringVersions: number[];
  indexKinds: SealedCustomer['indexKinds'][];
  buffer: ArrayBuffer;
  lengths: Int32Array;
}

/**
 * @example
 * const packed = packSealed(sealed); port.postMessage(packed, [packed.buffer, packed.lengths.buffer]);
 */
export function packSealed(sealed: readonly SealedCustomer[]): PackedSealed {
  // Two plain passes (sizes, then copies): this runs for every customer on the sealing workers.
  let count = 0;
  let total = 0;
  for (const c of sealed) {
    count += 1 + c.sealed.length + c.indexDigests.length;
    total += c.wrapped_dek.length;
    for (const b of c.sealed) if (b !== null) total += b.length;
    for (const b of c.indexDigests) total += b.length;
  }
  const lengths = new Int32Array(count);
  const bytes = new Uint8Array(total);
  let blob = 0;
  let at = 0;
  const put = (b: Uint8Array | null): void => {
    if (b === null) {
      lengths[blob++] = -1;
      return;
    }
    lengths[blob++] = b.length;
    bytes.set(b, at);
    at += b.length;
  };
  for (const c of sealed) {
    put(c.wrapped_dek);
    for (const b of c.sealed) put(b);
    for (const b of c.indexDigests) put(b);
  }
  return {
    ids: sealed.map((c) => c.customer_id),
    agents: sealed.map((c) => c.agent_id),
    branches: sealed.map((c) => c.branch),
    regions: sealed.map((c) => c.region),
    keyVersions: sealed.map((c) => c.key_version),
    ringVersions: sealed.map((c) => c.ring_version),
    indexKinds: sealed.map((c) => c.indexKinds),
    buffer: bytes.buffer,
    lengths,
  };
}

/**
 * Reverses {@link packSealed}; byte strings are Buffer views into the packed buffer.
 *
 * @example
 * const sealed = unpackSealed(message);
 */
export function unpackSealed(packed: PackedSealed, fieldCount: number): SealedCustomer[] {
  const out: SealedCustomer[] = [];
  let blob = 0;
  let at = 0;
  const next = (): Buffer | null => {
    const n = packed.lengths[blob++]!;
    if (n < 0) return null;
    const view = Buffer.from(packed.buffer, at, n);
    at += n;
    return view;
  };
  packed.ids.forEach((id, i) => {
    const wrapped = next()!;
    const sealed: (Uint8Array | null)[] = [];
    for (let f = 0; f < fieldCount; f++) sealed.push(next());
    const kinds = packed.indexKinds[i]!;
    const digests = kinds.map(() => next()!);
    out.push({
      customer_id: id,
      agent_id: packed.agents[i]!,
      branch: packed.branches[i]!,
      region: packed.regions[i]!,
      key_version: packed.keyVersions[i]!,
      ring_version: packed.ringVersions[i]!,
      wrapped_dek: wrapped,
      sealed,
      indexKinds: kinds,
      indexDigests: digests,
    });
  });
  return out;
}
