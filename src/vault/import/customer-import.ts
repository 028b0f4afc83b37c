/**
 * `import customers`: reads a customers file, maps its columns, validates every row, seals each
 * customer (vault: new data key, encrypted fields, blind indexes) and upserts it on the customer
 * id, and appends one audit entry for the import itself.
 *
 * All or nothing — ONE transaction. Every row is written inside a single transaction that also
 * holds the audit entry; a bad row (or a crash, or SIGKILL) rolls everything back, so nothing
 * from a failed run is kept and a re-run starts from the same state. The alternative, staging in
 * a side table and swapping at the end, keeps the write lock for a shorter time but needs a
 * second copy of every ciphertext and a cleanup path for abandoned staging rows; one
 * transaction is simpler and needs no cleanup. Its cost: on SQLite the import holds the
 * database's write lock for its whole duration (other writers — audited reads of a running
 * server — wait up to the busy timeout); on PostgreSQL only the rows written and, at the very
 * end, the audit log's head row are locked. Run large imports outside busy hours on SQLite.
 *
 * Throughput: the main thread reads and parses the file, checks that customer ids are unique,
 * asks which customers exist and writes; validation and the crypto run on worker threads
 * (seal-worker-pool.ts, row-batch.ts) when `threads` > 0, batches pipelined so that workers
 * validate and seal the next batches while the main thread writes the previous one. On SQLite
 * the blind-index rows are staged and inserted in key order at the end (customer-writer.ts).
 *
 * Which bad row is reported: the lowest. Workers stop a batch at its first bad row and batches
 * are awaited in file order, so the first failure met is the lowest bad row of the rows sent; the
 * main thread stops reading at the first row whose id is missing or repeated, sends the rows
 * before it, and reports that row only if none of them is bad — with the row's own field problem
 * first, as the single-threaded validator orders them.
 */
import { sql } from 'kysely';
import type { CustomerRecord } from '../../core/customer.ts';
import { InputError, PiguardError } from '../../core/errors.ts';
import { AuditLog } from '../../audit/audit-log.ts';
import { readLogInfo } from '../../audit/log-signer.ts';
import type { KeyProvider } from '../../protect/key-provider.ts';
import type { Database } from '../../store/open-database.ts';
import type { SealedCustomer } from '../customer-sealer.ts';
import { CustomerVault, existingCustomers } from '../customer-vault.ts';
import { CustomerWriter } from '../customer-writer.ts';
import { readKeyRingRecords } from '../vault-keys.ts';
import { formatMapping, mapColumns, type ColumnMapping } from './column-mapping.ts';
import { openCustomerFile, type FileRow } from './customer-file-rows.ts';
import { CustomerRowValidator, duplicateIdProblem } from './customer-row-validator.ts';
import { packRows, sealRowBatch, type RowBatch } from './row-batch.ts';
import { SealWorkerPool } from './seal-worker-pool.ts';

/** SQLite page cache during an import, in KiB (256 MiB; released when the import ends). */
const IMPORT_SQLITE_CACHE_KIB = 256 * 1024;

/** Customers per sealing batch (and per existence query). */
export const IMPORT_BATCH_ROWS = 1_000;

export interface ImportCustomersOptions {
  /** The file to import (CSV, TSV, XLSX, JSON lines). */
  file: string;
  /** `COL=FIELD` overrides (`--map`). */
  maps?: readonly string[];
  /** Validate and count only; write nothing. */
  dryRun?: boolean;
  /** Who runs the import (audit entry). */
  actor: string;
  /** Sealing worker threads; 0 seals on the main thread (small files, tests). */
  threads?: number;
  /** Receives the column mapping lines before anything is written. */
  onMapping?: (lines: string[], mapping: readonly ColumnMapping[]) => void;
  /** Bytes of the file read so far (progress bars). */
  onBytes?: (n: number) => void;
  now?: () => Date;
}

export interface ImportCustomersResult {
  rows: number;
  inserted: number;
  updated: number;
  /** Rows naming customers that were deleted (crypto-shredded): never revived. */
  skippedDeleted: number;
  fileSha256: string;
  /** Text encoding detected (`utf-8`, `gb18030`, …) or `xlsx`. */
  encoding: string;
  dryRun: boolean;
  /** Index of the import's audit entry (not for a dry run). */
  auditIndex?: number;
}

/** The audit entry of an import (canonical JSON of this object is the leaf). */
export interface ImportAuditEntry {
  type: 'import';
  what: 'customers';
  actor: string;
  rows: number;
  inserted: number;
  updated: number;
  file_sha256: string;
  ts: string;
}

interface Counts {
  rows: number;
  inserted: number;
  updated: number;
  skippedDeleted: number;
}

/**
 * The error for a row whose customer id is missing or repeats the one on row `first`: the row's
 * own field problem if it has one (the validator checks fields before the id), else the id's.
 */
function idProblem(
  file: string,
  mapping: readonly ColumnMapping[],
  headers: readonly string[],
  today: Date,
  row: FileRow,
  first: number | undefined,
): InputError {
  const validator = new CustomerRowValidator(file, mapping, headers, today, { unique: false });
  try {
    const record = validator.validate(row);
    return new InputError(duplicateIdProblem(record.customer_id, first!), {
      file,
      line: row.line,
    });
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
}

/**
 * Imports a customers file; see the module comment for the transaction and threading design.
 * Throws InputError (`FILE:ROW: problem`, exit 2) for a bad file or row — nothing is kept then.
 *
 * @example
 * const r = await importCustomers(database, resolveKeyProvider(), { file: '客户.csv', actor: 'ops' });
 * // { rows: 1000, inserted: 1000, updated: 0, … }
 */
export async function importCustomers(
  database: Pick<Database, 'db' | 'engine'>,
  keys: KeyProvider,
  options: ImportCustomersOptions,
): Promise<ImportCustomersResult> {
  const now = options.now ?? (() => new Date());
  const file = await openCustomerFile(options.file, options.onBytes);
  const mapping = mapColumns(file.headers, file.sample, options.maps ?? []);
  if (!mapping.some((m) => m.target === 'customer_id')) {
    options.onMapping?.(formatMapping(mapping), mapping);
    throw new InputError(
      'no customer id column (name it 客户编号 / customer_id, or use --map COL=customer_id)',
      { file: options.file },
    );
  }
  options.onMapping?.(formatMapping(mapping), mapping);
  const validator = new CustomerRowValidator(options.file, mapping, file.headers, now());
  const counts: Counts = { rows: 0, inserted: 0, updated: 0, skippedDeleted: 0 };
  const base = { fileSha256: '', encoding: file.encoding, dryRun: options.dryRun === true };

  if (options.dryRun) {
    let batch: CustomerRecord[] = [];
    const check = async (): Promise<void> => {
      const existing = await existingCustomers(
        database.db,
        batch.map((r) => r.customer_id),
      );
      for (const r of batch) {
        const before = existing.get(r.customer_id);
        if (before?.shredded) counts.skippedDeleted++;
        else if (before) counts.updated++;
        else counts.inserted++;
      }
      batch = [];
    };
    for await (const row of file.rows) {
      batch.push(validator.validate(row));
      counts.rows++;
      if (batch.length >= IMPORT_BATCH_ROWS) await check();
    }
    await check();
    return { ...counts, ...base, fileSha256: file.sha256() };
  }

  if ((await readLogInfo(database.db)) === undefined) {
    throw new PiguardError('the audit log does not exist yet: run `piguard init` first');
  }
  const vault = await CustomerVault.open(database, keys, { now });
  const log = new AuditLog(database);
  const writer = new CustomerWriter(database.engine, { stageIndex: database.engine === 'sqlite' });
  const idColumn = mapping.find((m) => m.target === 'customer_id')!.index;
  const today = now();
  let pool: SealWorkerPool | undefined;
  // SQLite: blind-index rows land at random places in their B-tree (the digests are random), so
  // with SQLite's default 2 MB page cache most inserts of a large import read and re-write pages
  // through the OS; a larger cache for the import's duration keeps the index's pages in memory.
  let restoreCache: number | undefined;
  if (database.engine === 'sqlite') {
    const r = await sql<{ cache_size: number }>`pragma cache_size`.execute(database.db);
    restoreCache = r.rows[0]?.cache_size;
    await sql.raw(`pragma cache_size = -${IMPORT_SQLITE_CACHE_KIB}`).execute(database.db);
  }
  try {
    const auditIndex = await database.db.transaction().execute(async (trx) => {
      await vault.prepareWrite(trx);
      await writer.begin(trx);
      const threads = options.threads ?? 0;
      let sealBatch: (batch: RowBatch) => Promise<SealedCustomer[]>;
      if (threads > 0) {
        const records = await readKeyRingRecords(trx);
        if (!records) throw new PiguardError('the key ring vanished during the import');
        const master = await keys.getMasterKey();
        const started = await SealWorkerPool.start(threads, records, master, {
          file: options.file,
          mapping,
          headers: file.headers,
          today: today.toISOString(),
        });
        pool = started;
        sealBatch = (batch) => started.seal(batch);
      } else {
        // Same validation and sealing as a worker's, on this thread (small files, tests).
        const inline = new CustomerRowValidator(options.file, mapping, file.headers, today, {
          unique: false,
        });
        sealBatch = (batch) => {
          try {
            const out = sealRowBatch(
              inline,
              options.file,
              batch,
              (r, v) => vault.seal([r], [v])[0]!,
            );
            if (!Array.isArray(out)) {
              throw new InputError(out.problem, { file: options.file, line: out.line });
            }
            return Promise.resolve(out);
          } catch (err) {
            return Promise.reject(err as Error);
          }
        };
      }
      const inFlight: { sealed: Promise<SealedCustomer[]>; updatedIds: string[] }[] = [];
      // Four batches per worker: on a loaded machine a worker descheduled for a moment must not
      // leave the main thread waiting while the others could have sealed further ahead.
      const maxInFlight = pool ? pool.size * 4 : 0;
      const writeNext = async (): Promise<void> => {
        const next = inFlight.shift()!;
        await writer.write(trx, await next.sealed, {
          updatedIds: next.updatedIds,
          now: now().toISOString(),
        });
      };
      let batch: FileRow[] = [];
      let batchIds: string[] = [];
      const submit = async (): Promise<void> => {
        if (batch.length === 0) return;
        const existing = await vault.existing(trx, batchIds);
        const versions: number[] = [];
        const updatedIds: string[] = [];
        for (const id of batchIds) {
          const before = existing.get(id);
          if (before?.shredded) {
            counts.skippedDeleted++;
            versions.push(0); // validated, never sealed: a deleted customer is not revived
          } else if (before) {
            versions.push(before.keyVersion + 1);
            updatedIds.push(id);
            counts.updated++;
          } else {
            versions.push(1);
            counts.inserted++;
          }
        }
        const packed = packRows(
          batch,
          versions,
          file.format === 'jsonl' ? file.headers : undefined,
        );
        batch = [];
        batchIds = [];
        const sealed = sealBatch(packed);
        // Marked handled now; the rejection surfaces when the batch is awaited in order.
        sealed.catch(() => undefined);
        inFlight.push({ sealed, updatedIds });
        while (inFlight.length > maxInFlight) await writeNext();
      };
      // Ids seen, with their row: uniqueness needs every row, so it is checked here.
      const seen = new Map<string, number>();
      let stoppedAt: InputError | undefined;
      for await (const row of file.rows) {
        // The validator trims cells the same way, so this is the id the row's record will have.
        const id = (row.cells[idColumn] ?? '').trim();
        const first = id === '' ? undefined : seen.get(id);
        if (id === '' || first !== undefined) {
          stoppedAt = idProblem(options.file, mapping, file.headers, today, row, first);
          break;
        }
        seen.set(id, row.line);
        batch.push(row);
        batchIds.push(id);
        counts.rows++;
        if (batch.length >= IMPORT_BATCH_ROWS) await submit();
      }
      await submit();
      // Rows before the one the main thread stopped at are checked first: a lower bad row wins.
      while (inFlight.length > 0) await writeNext();
      if (stoppedAt) throw stoppedAt;
      await writer.finish(trx);
      const entry: ImportAuditEntry = {
        type: 'import',
        what: 'customers',
        actor: options.actor,
        rows: counts.rows,
        inserted: counts.inserted,
        updated: counts.updated,
        file_sha256: file.sha256(),
        ts: now().toISOString(),
      };
      const [index] = await log.appendInTransaction(trx, [entry]);
      return index!;
    });
    return { ...counts, ...base, fileSha256: file.sha256(), auditIndex };
  } finally {
    await (pool as SealWorkerPool | undefined)?.close();
    vault.close();
    if (restoreCache !== undefined) {
      await sql.raw(`pragma cache_size = ${Number(restoreCache)}`).execute(database.db);
    }
  }
}
