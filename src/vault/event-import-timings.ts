/**
 * Phase timings of an event import, printed on standard error when the environment variable
 * `PIGUARD_IMPORT_TIMINGS` is set (issue 5: find where the time goes at full size).
 *
 * Off by default and then nearly free: {@link ImportTimings.measure} is one branch per call. Each
 * phase gets wall-clock time and the CPU time of the thread that records it (the writer: waiting
 * for the worker, audit append, index rows, index rebuild, commit; the worker: reading and
 * encoding, tree hashing, waiting for the writer; the command: close). On a shared machine the
 * wall-clock phases stretch with the load, the CPU times much less. Nothing here carries event
 * content, so no personal data can reach the output.
 */
import { readFileSync } from 'node:fs';

/** The environment variable that turns phase timings on. */
export const IMPORT_TIMINGS_ENV = 'PIGUARD_IMPORT_TIMINGS';

/**
 * CPU milliseconds (user + system) of the calling thread so far, from Linux's
 * /proc/thread-self/stat (10 ms ticks: exact enough summed over many calls); NaN elsewhere.
 */
function threadCpuMs(): number {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    // Fields after the command name (which may contain spaces) in parentheses: utime and stime
    // are the 12th and 13th, in clock ticks (USER_HZ, 100 on Linux).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

interface PhaseTotal {
  wallMs: number;
  cpuMs: number;
  count: number;
}

/**
 * Accumulates wall-clock and thread CPU time per named phase.
 *
 * @example
 * const timings = ImportTimings.fromEnv('writer');
 * await timings.measure('index rows', () => writeRows(trx, rows));
 * timings.report(); // "[import timings: writer …]  index rows  12.3 s wall  9.8 s CPU ×100" on stderr
 */
export class ImportTimings {
  readonly #label: string;
  readonly #enabled: boolean;
  readonly #started = performance.now();
  readonly #startCpu: number;
  readonly #total = new Map<string, PhaseTotal>();

  constructor(label: string, enabled: boolean) {
    this.#label = label;
    this.#enabled = enabled;
    this.#startCpu = enabled ? threadCpuMs() : 0;
  }

  /** Timings for `label`, enabled when {@link IMPORT_TIMINGS_ENV} is set (and not `0`). */
  static fromEnv(label: string): ImportTimings {
    const value = process.env[IMPORT_TIMINGS_ENV];
    return new ImportTimings(label, value !== undefined && value !== '' && value !== '0');
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  /** Marks the start of a phase: pass the result to {@link end}. */
  start(): { wall: number; cpu: number } {
    return this.#enabled ? { wall: performance.now(), cpu: threadCpuMs() } : { wall: 0, cpu: 0 };
  }

  /** Adds the time since `mark` (from {@link start}) to `phase`. */
  end(phase: string, mark: { wall: number; cpu: number }): void {
    if (!this.#enabled) return;
    const wallMs = performance.now() - mark.wall;
    const cpuMs = threadCpuMs() - mark.cpu;
    const t = this.#total.get(phase);
    if (t) {
      t.wallMs += wallMs;
      t.cpuMs += cpuMs;
      t.count++;
    } else {
      this.#total.set(phase, { wallMs, cpuMs, count: 1 });
    }
  }

  /** Runs `work` (sync or async) and adds its time to `phase`. */
  measure<T>(phase: string, work: () => T): T {
    if (!this.#enabled) return work();
    const mark = this.start();
    const result = work();
    if (result instanceof Promise) {
      return result.finally(() => this.end(phase, mark)) as T;
    }
    this.end(phase, mark);
    return result;
  }

  /** Prints one line per phase and the thread's totals since construction, on stderr. */
  report(): void {
    if (!this.#enabled) return;
    const s = (ms: number) => (ms / 1000).toFixed(2).padStart(8);
    const lines = [...this.#total].map(
      ([phase, t]) =>
        `  ${phase.padEnd(36)} ${s(t.wallMs)} s wall ${s(t.cpuMs)} s CPU  ×${t.count}`,
    );
    const wall = performance.now() - this.#started;
    const cpu = threadCpuMs() - this.#startCpu;
    process.stderr.write(
      `[import timings: ${this.#label}]\n${lines.join('\n')}\n  ${'total (this thread)'.padEnd(36)} ${s(wall)} s wall ${s(cpu)} s CPU\n`,
    );
  }
}
