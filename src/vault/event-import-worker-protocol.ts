/**
 * Messages between `importEventsFile` (main thread, writes the database) and the event-import
 * worker (reads, parses, validates and encodes the file; event-import-worker-main.ts).
 *
 * Flow control: the worker may run at most `maxAhead` batches ahead of the writer. `flow` is a
 * SharedArrayBuffer holding one Int32 — the number of batches the main thread has written — which
 * the worker waits on (Atomics.wait) before posting more, so memory stays bounded however large
 * the file is.
 */
import type { EncodedEventBatch } from './event-batch-encoder.ts';

/**
 * Slots of the `flow` SharedArrayBuffer (Int32): batches written by the main thread, and 1 once
 * the main thread has posted the tree start ({@link ImportTreeStartMessage}).
 */
export const FLOW_WRITTEN = 0;
export const FLOW_TREE_READY = 1;
export const FLOW_SLOTS = 2;

/**
 * Main → worker, once, after the import's transaction has locked the log: the tree to extend
 * (size and border hashes), so that the worker computes each batch's Merkle nodes and root
 * (audit/batch-tree.ts). Sent only when the worker builds the tree (`buildTree`); the worker
 * then blocks on FLOW_TREE_READY before posting its first batch.
 */
export interface ImportTreeStartMessage {
  kind: 'tree';
  size: number;
  border: Uint8Array[];
}

/** workerData of the event-import worker. */
export interface ImportWorkerData {
  /** File to read. */
  path: string;
  /** Name for error locations (`FILE:LINE: problem`). */
  file: string;
  /** Source recorded for events that carry none. */
  source: string | undefined;
  batchSize: number;
  maxAhead: number;
  /**
   * Whether the worker extends the Merkle tree (audit/batch-tree.ts) and ships each batch's tree
   * part; otherwise the main thread extends it while appending (event-import.ts says which).
   */
  buildTree: boolean;
  /** FLOW_SLOTS Int32s (see FLOW_WRITTEN, FLOW_TREE_READY). */
  flow: SharedArrayBuffer;
}

/**
 * Worker → main: a batch (its buffers transferred; they arrive as plain Uint8Array/Uint32Array),
 * the end, or the first problem (`line` set for a bad input line; `input` false for an internal
 * failure).
 */
export type ImportWorkerMessage =
  | { kind: 'batch'; batch: EncodedEventBatch }
  | { kind: 'done' }
  | { kind: 'error'; input: boolean; problem: string; line: number | undefined };
