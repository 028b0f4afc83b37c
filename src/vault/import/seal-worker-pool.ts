/**
 * Worker threads that validate and seal customer rows for the import: a data key wrapped per
 * customer, one AES-256-GCM operation over the record and three or four HMAC blind indexes (with
 * their normalisation) cost about as much CPU as SQLite's share of the work, and row validation
 * a fifth of what the main thread did besides, so both run beside the main thread, which parses
 * and writes. Batches go to the least-busy worker; callers keep file order by awaiting the
 * promises in submission order, so the first rejection they meet is the file's lowest bad row.
 */
import { Worker } from 'node:worker_threads';
import { InputError, PiguardError } from '../../core/errors.ts';
import type { KeyRingRecords } from '../../protect/key-ring.ts';
import type { SealedCustomer } from '../customer-sealer.ts';
import { SEALED_FIELDS } from '../customer-sealer.ts';
import type { RowBatch } from './row-batch.ts';
import {
  unpackSealed,
  type RowValidation,
  type SealRequest,
  type SealResponse,
  type SealWorkerData,
} from './seal-worker-protocol.ts';

const WORKER_ENTRY = new URL('./seal-worker.js', import.meta.url);
/** Young-generation cap per worker, in MB. */
const WORKER_YOUNG_GENERATION_MB = 48;

interface Pending {
  resolve(sealed: SealedCustomer[]): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  inFlight: number;
}

/**
 * @example
 * const pool = await SealWorkerPool.start(2, records, masterKey, { file, mapping, headers, today });
 * const sealed = await pool.seal(packRows(rows, rows.map(() => 1)));
 * await pool.close();
 */
export class SealWorkerPool {
  readonly #slots: Slot[] = [];
  readonly #pending = new Map<number, Pending & { slot: Slot }>();
  #nextId = 0;
  #failure: Error | undefined;

  private constructor() {}

  /**
   * Starts `size` workers and waits until each has opened its key ring; `validation` is what
   * each worker's row validator needs (its `file` is the name in `FILE:ROW: problem`).
   */
  static async start(
    size: number,
    records: KeyRingRecords,
    masterKey: Uint8Array,
    validation: RowValidation,
  ): Promise<SealWorkerPool> {
    const pool = new SealWorkerPool();
    const data: SealWorkerData = { records, masterKey, validation };
    for (let i = 0; i < Math.max(1, size); i++) {
      const worker = new Worker(WORKER_ENTRY, {
        workerData: data,
        // Sealing allocates a cipher object and a few buffers per field: a larger young
        // generation keeps scavenges rare (as in the scan pool).
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      });
      let markReady!: () => void;
      let markFailed!: (err: Error) => void;
      const ready = new Promise<void>((resolve, reject) => {
        markReady = resolve;
        markFailed = reject;
      });
      const slot: Slot = { worker, ready, inFlight: 0 };
      worker.on('message', (msg: SealResponse) => {
        if ('ready' in msg) {
          markReady();
          return;
        }
        const p = pool.#pending.get(msg.id);
        if (!p) return;
        pool.#pending.delete(msg.id);
        slot.inFlight--;
        if ('error' in msg) {
          p.reject(
            msg.input
              ? new InputError(msg.error, { file: validation.file, line: msg.line })
              : new PiguardError(msg.error),
          );
        } else {
          p.resolve(unpackSealed(msg.packed, SEALED_FIELDS.length));
        }
      });
      worker.on('error', (err) => {
        markFailed(err);
        pool.#fail(err);
      });
      worker.on('exit', (code) => {
        if (code !== 0) {
          const err = new PiguardError(`sealing worker exited with code ${code}`);
          markFailed(err);
          pool.#fail(err);
        }
      });
      pool.#slots.push(slot);
    }
    try {
      await Promise.all(pool.#slots.map((s) => s.ready));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  /** Number of worker threads. */
  get size(): number {
    return this.#slots.length;
  }

  /**
   * Validates and seals a batch on the least-busy worker; rejects with the batch's lowest bad
   * row as an InputError.
   */
  seal(batch: RowBatch): Promise<SealedCustomer[]> {
    if (this.#failure) return Promise.reject(this.#failure);
    const slot = this.#slots.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    const id = this.#nextId++;
    slot.inFlight++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, slot });
      slot.worker.postMessage({ id, batch } satisfies SealRequest);
    });
  }

  /** Stops the workers (pending batches are rejected). */
  async close(): Promise<void> {
    const workers = this.#slots.splice(0).map((s) => s.worker);
    this.#fail(new PiguardError('sealing pool closed'));
    await Promise.all(workers.map((w) => w.terminate()));
  }

  #fail(err: Error): void {
    this.#failure ??= err;
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
  }
}
