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
  /** One Int32: batches written by the main thread. */
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
