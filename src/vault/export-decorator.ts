/**
 * The extension point through which trace marks exports (DESIGN §4.6): canary rows at random
 * positions and per-export keyed marks. The gateway builds an export's rows (already masked per
 * policy), then hands them to every registered decorator in order, inside the export's
 * transaction, before the file is written and before the row set is recorded.
 *
 * A decorator must never alter a true fact about a real customer: it may add rows (canaries,
 * recorded by the decorator in its own tables) and choose among equivalent renderings.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';

/** One exported row: the customer it is about (null for a canary) and its cells by column. */
export interface ExportRow {
  /** External customer id of a real customer; null for a synthetic (canary) row. */
  customerId: string | null;
  cells: Record<string, string>;
}

/** What a decorator sees of the export being written. */
export interface ExportContext {
  trx: Kysely<Schema>;
  exportId: string;
  actor: string;
  purpose: string;
  recipient: string | null;
  /** Column names in output order (policy field names, e.g. `name`, `phone`). */
  columns: string[];
  rows: ExportRow[];
}

/** Adds canaries or marks to an export. Returns the rows (and columns) to write. */
export interface ExportDecorator {
  readonly name: string;
  decorate(context: ExportContext): Promise<{ columns: string[]; rows: ExportRow[] }>;
}
