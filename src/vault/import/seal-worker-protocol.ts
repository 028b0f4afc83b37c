/**
 * Messages between the import's main thread and its sealing workers (seal-worker-pool.ts).
 */
import type { CustomerRecord } from '../../core/customer.ts';
import type { KeyRingRecords } from '../../protect/key-ring.ts';
import type { SealedCustomer } from '../customer-sealer.ts';

/** `workerData` of a sealing worker: the ring records and the master key that opens them. */
export interface SealWorkerData {
  records: KeyRingRecords;
  /** The 32-byte master key (copied into the worker; zeroed there once the ring is open). */
  masterKey: Uint8Array;
}

/** Main → worker: seal these records under data keys of these generations. */
export interface SealRequest {
  id: number;
  records: CustomerRecord[];
  keyVersions: number[];
}

/** Worker → main. */
export type SealResponse =
  | { ready: true }
  | { id: number; sealed: SealedCustomer[] }
  | { id: number; error: string; input: boolean };
