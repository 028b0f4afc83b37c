/**
 * Reads the event pages of an SQLite file in a worker thread (sqlite-page-worker-main.ts), a
 * couple of pages ahead of the caller: over 20 M events, SQLite's share of watch (building the
 * page strings) then runs on the other core while this thread feeds the engine.
 */
import { Worker } from 'node:worker_threads';
import type { EventPage, PageOptions } from './sqlite-event-pages.ts';

/** What the worker is started with. */
export interface PageReaderInput {
  file: string;
  options: PageOptions;
  /** Turn headers and customers into ids in the worker (EventPage.interned). */
  intern: boolean;
  first: number;
  last: number;
}

/** What the worker posts: a page, or the end. */
export type PageReaderMessage = { page: EventPage; done?: undefined } | { done: true };

/** Pages read ahead of the one being fed. */
const AHEAD = 2;

/**
 * The pages of audit indexes [first, last] of `file`, read by a worker; the worker ends when
 * the caller stops iterating.
 *
 * @example
 * for await (const page of workerPages(file, {}, { first: 0, last: 999_999 })) use(page);
 */
export async function* workerPages(
  file: string,
  options: PageOptions,
  range: { first: number; last: number },
  intern = false,
): AsyncGenerator<EventPage> {
  const plain: PageOptions = {};
  if (options.fromTs !== undefined) plain.fromTs = options.fromTs;
  if (options.afterIdx !== undefined) plain.afterIdx = options.afterIdx;
  if (options.throughIdx !== undefined) plain.throughIdx = options.throughIdx;
  if (options.pageSize !== undefined) plain.pageSize = options.pageSize;
  const input: PageReaderInput = { file, options: plain, intern, ...range };
  const worker = new Worker(new URL('./sqlite-page-worker.js', import.meta.url), {
    workerData: input,
  });
  const queue: PageReaderMessage[] = [];
  let failure: unknown;
  let finished = false;
  let wake: (() => void) | undefined;
  worker.on('message', (m: PageReaderMessage) => {
    queue.push(m);
    wake?.();
  });
  worker.on('error', (err) => {
    failure = err;
    wake?.();
  });
  worker.on('exit', (code) => {
    if (!finished) failure ??= new Error(`watch page reader stopped (exit code ${code})`);
    wake?.();
  });
  worker.postMessage(AHEAD);
  try {
    for (;;) {
      while (queue.length === 0 && failure === undefined) {
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const m = queue.shift();
      if (m === undefined) throw failure;
      if (m.done) {
        finished = true;
        return;
      }
      worker.postMessage(1);
      yield m.page;
    }
  } finally {
    finished = true;
    await worker.terminate();
  }
}
