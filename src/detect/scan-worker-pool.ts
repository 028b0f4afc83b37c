/**
 * A fixed pool of worker threads that scan units. Units are handed to whichever worker is free;
 * callers keep the order by awaiting the returned promises in submission order.
 */
import { Worker } from 'node:worker_threads';
import type { LocatedFinding, ScanUnit } from './readers/scan-unit.ts';
import { unpackFindings, type PackedFindings } from './scan-worker-protocol.ts';
import type { UnitScanSettings } from './unit-scanner.ts';
import { workerEntry } from '../core/worker-entry.ts';

/** A custom registry module written in TypeScript needs tsx in the worker even when compiled. */
function scanWorkerEntry(settings: UnitScanSettings): URL {
  const tsRegistry = /\.[mc]?tsx?$/.test(settings.registryModule ?? '');
  return workerEntry(import.meta.url, 'scan-worker', tsRegistry);
}

/**
 * Old-generation heap cap per worker. Units are short-lived megabyte strings; without a cap V8
 * lets garbage pile up to hundreds of MB per thread before collecting, and the process would not
 * stay flat on large files. Recognisers' dictionaries live outside the JS heap (native).
 */
const WORKER_OLD_GENERATION_MB = 64;

/**
 * Young-generation cap per worker. Scanning allocates many short-lived strings and objects per
 * finding: at 8 MB, workers spent ~17% of their time in scavenges. Larger costs resident memory,
 * which matters for the name and address worker (it holds jieba beside its heap).
 */
const WORKER_YOUNG_GENERATION_MB = 16;

interface Job {
  id: number;
  unit: ScanUnit;
  resolve(findings: LocatedFinding[]): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | undefined;
}

type WorkerMessage =
  { ready: true } | { id: number; packed: PackedFindings } | { id: number; error: string };

/**
 * @example
 * const pool = new ScanWorkerPool(os.availableParallelism(), { types: ['PHONE_NUMBER'] });
 * const findings = await pool.scan(unit);
 * await pool.close();
 */
export class ScanWorkerPool {
  readonly #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  #nextId = 0;
  #failure: Error | undefined;
  /** Units scanned by workers so far (tests check that the pool really ran). */
  completed = 0;

  constructor(size: number, settings: UnitScanSettings) {
    for (let i = 0; i < Math.max(1, size); i++) {
      const worker = new Worker(scanWorkerEntry(settings), {
        workerData: settings,
        resourceLimits: {
          maxOldGenerationSizeMb: WORKER_OLD_GENERATION_MB,
          maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB,
        },
      });
      const slot: Slot = { worker, ready: false, job: undefined };
      worker.on('message', (msg: WorkerMessage) => this.#onMessage(slot, msg));
      worker.on('error', (err) => this.#fail(err));
      worker.on('exit', (code) => {
        if (code !== 0) this.#fail(new Error(`scan worker exited with code ${code}`));
      });
      this.#slots.push(slot);
    }
  }

  /** Number of worker threads. */
  get size(): number {
    return this.#slots.length;
  }

  /** Scans a unit on the next free worker. */
  scan(unit: ScanUnit): Promise<LocatedFinding[]> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, unit, resolve, reject });
      this.#dispatch();
    });
  }

  /** Stops every worker; pending jobs are rejected. */
  async close(): Promise<void> {
    const closing = new Error('scan worker pool closed');
    for (const job of this.#queue.splice(0)) job.reject(closing);
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (!slot.ready || slot.job) continue;
      const job = this.#queue.shift();
      if (!job) return;
      slot.job = job;
      slot.worker.postMessage({ id: job.id, unit: job.unit });
    }
  }

  #onMessage(slot: Slot, msg: WorkerMessage): void {
    if ('ready' in msg) {
      slot.ready = true;
    } else {
      const job = slot.job;
      slot.job = undefined;
      if (job && job.id === msg.id) {
        if ('error' in msg) {
          job.reject(new Error(`scan worker failed on ${job.unit.path}: ${msg.error}`));
        } else {
          this.completed++;
          job.resolve(unpackFindings(msg.packed, job.unit.path));
        }
      }
    }
    this.#dispatch();
  }

  #fail(err: Error): void {
    if (this.#failure) return;
    this.#failure = err;
    for (const slot of this.#slots) {
      slot.job?.reject(err);
      slot.job = undefined;
    }
    for (const job of this.#queue.splice(0)) job.reject(err);
  }
}
