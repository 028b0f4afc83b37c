/**
 * Watch's SQLite page-reader thread (see sqlite-page-reader.ts): opens the file read-only, reads
 * the pages of the range it was given with {@link SqliteEventPages} and posts them, as many
 * ahead as the main thread has granted (each number it posts is that many more pages). With
 * `intern`, headers and customer ids are turned into small ids here (PageInterner), so that the
 * main thread does not hash them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import {
  PageInterner,
  SqliteEventPages,
  type EventPage,
  type PageOptions,
} from './sqlite-event-pages.ts';
import type { PageReaderInput, PageReaderMessage } from './sqlite-page-reader.ts';

const input = workerData as PageReaderInput;
const port = parentPort!;
const raw = new BetterSqlite3(input.file, { readonly: true, fileMustExist: true });
// Memory-map the file for this sequential read instead of copying pages through SQLite's small
// page cache.
raw.pragma('mmap_size = 17179869184');
const pages: Iterator<EventPage> = new SqliteEventPages(raw, input.options as PageOptions).pages(
  input.first,
  input.last,
  input.step,
);
const interner = input.intern ? new PageInterner() : undefined;
let credit = 0;
let done = false;

function post(message: PageReaderMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

port.on('message', (grant: number) => {
  credit += grant;
  while (credit > 0 && !done) {
    const next = pages.next();
    if (next.done) {
      done = true;
      raw.close();
      post({ done: true });
      return;
    }
    credit--;
    const page = next.value;
    if (interner !== undefined && page.index !== undefined) interner.intern(page);
    const transfer: ArrayBuffer[] = [];
    if (page.index) transfer.push(page.index.buffer as ArrayBuffer);
    if (page.interned) transfer.push(page.interned.refs.buffer as ArrayBuffer);
    post({ page }, transfer);
  }
});
