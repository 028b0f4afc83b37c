/**
 * Reads the event pages of an SQLite file in worker threads (sqlite-page-worker-main.ts), a
 * couple of pages ahead of the caller: over 20 M events, SQLite's share of watch (building the
 * page strings, interning ids) then runs on other cores while this thread feeds the engine.
 *
 * With several readers, reader w reads pages w, w + n, w + 2n, … and the pages are taken from
 * them in turn, so they arrive in audit order. Reading is the larger share of a batch run (at
 * 2,000 staff a reader spends about twice the main thread's time), so on two cores one reader
 * leaves the main thread idle half the time; two readers and the main thread share both cores.
 */
import { Worker } from 'node:worker_threads';
import type { EventPage, PageOptions } from './sqlite-event-pages.ts';
import { EVENT_PAGE } from './sqlite-event-pages.ts';
import { workerEntry } from '../core/worker-entry.ts';

/** What a worker is started with. */
export interface PageReaderInput {
  file: string;
  options: PageOptions;
  /** Turn headers and customers into ids in the worker (EventPage.interned). */
  intern: boolean;
  first: number;
  last: number;
  /** Audit indexes from one of this reader's pages to its next (default: the page size). */
  step?: number;
}

/** What the worker posts: a page, or the end. */
export type PageReaderMessage = { page: EventPage; done?: undefined } | { done: true };

/** Pages read ahead of the one being fed, per reader. */
const AHEAD = 2;

/** One reader thread and the pages it has posted. */
interface Reader {
  worker: Worker;
  queue: PageReaderMessage[];
}

/**
 * The pages of audit indexes [first, last] of `file`, read by `readers` workers taking pages in
 * turn (each page tagged with its reader); the workers end when the caller stops iterating.
 *
 * @example
 * for await (const page of workerPages(file, {}, { first: 0, last: 999_999 }, false, 2)) use(page);
 */
export async function* workerPages(
  file: string,
  options: PageOptions,
  range: { first: number; last: number },
  intern = false,
  readers = 1,
): AsyncGenerator<EventPage> {
  const plain: PageOptions = {};
  if (options.fromTs !== undefined) plain.fromTs = options.fromTs;
  if (options.afterIdx !== undefined) plain.afterIdx = options.afterIdx;
  if (options.throughIdx !== undefined) plain.throughIdx = options.throughIdx;
  if (options.pageSize !== undefined) plain.pageSize = options.pageSize;
  const pageSize = options.pageSize ?? EVENT_PAGE;
  const n = Math.max(1, Math.floor(readers));
  let failure: unknown;
  let finished = false;
  let wake: (() => void) | undefined;
  const all: Reader[] = [];
  for (let w = 0; w < n; w++) {
    const input: PageReaderInput = {
      file,
      options: plain,
      intern,
      first: range.first + w * pageSize,
      last: range.last,
      step: n * pageSize,
    };
    const reader: Reader = {
      worker: new Worker(workerEntry(import.meta.url, 'sqlite-page-worker'), {
        workerData: input,
      }),
      queue: [],
    };
    reader.worker.on('message', (m: PageReaderMessage) => {
      reader.queue.push(m);
      wake?.();
    });
    reader.worker.on('error', (err) => {
      failure = err;
      wake?.();
    });
    reader.worker.on('exit', (code) => {
      if (!finished) failure ??= new Error(`watch page reader stopped (exit code ${code})`);
      wake?.();
    });
    reader.worker.postMessage(AHEAD);
    all.push(reader);
  }
  try {
    for (let w = 0; ; w = (w + 1) % n) {
      const reader = all[w]!;
      while (reader.queue.length === 0 && failure === undefined) {
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const m = reader.queue.shift();
      if (m === undefined) throw failure;
      // Pages are dealt in turn: the first reader out of pages means the others are too.
      if (m.done) {
        finished = true;
        return;
      }
      reader.worker.postMessage(1);
      if (n > 1) m.page.reader = w;
      yield m.page;
    }
  } finally {
    finished = true;
    await Promise.all(all.map((r) => r.worker.terminate()));
  }
}
