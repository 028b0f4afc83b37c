/**
 * Migration 0008: `customer_index` becomes a WITHOUT ROWID table on SQLite.
 *
 * Why: the blind-index table is written four rows per imported customer at random places (the
 * digests are random). As a rowid table with a composite primary key, SQLite kept every row three
 * times — the table keyed by rowid, the primary-key index and the customer-id index — so each
 * row cost three B-tree inserts. WITHOUT ROWID stores the rows in the primary key's B-tree
 * itself: two inserts per row, a smaller file and a denser page cache during large imports.
 *
 * SQLite cannot change a table's storage in place, so the table is rebuilt (create, copy in key
 * order, drop, rename, recreate the customer-id index) inside the migration's transaction; an
 * existing database keeps every row. PostgreSQL has no rowid tables (its heap plus primary-key
 * index is the same shape either way), so nothing changes there.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Engine } from '../database-url.ts';

/**
 * @example
 * const m = vaultIndexMigration('sqlite'); await m.up(db);
 */
export function vaultIndexMigration(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (engine !== 'sqlite') return;
      // Kysely runs SQLite migrations outside a transaction (no transactional DDL there), so
      // the rebuild takes its own: a crash leaves the old table untouched. A crash after the
      // commit but before Kysely records the migration re-runs it: the check makes that a no-op.
      await db.transaction().execute(async (trx) => {
        const table = await sql<{ sql: string }>`
          select sql from sqlite_master where type = 'table' and name = 'customer_index'
        `.execute(trx);
        if (/without\s+rowid/i.test(table.rows[0]?.sql ?? '')) return;
        await sql`
          create table customer_index_0008 (
            kind text not null,
            digest blob not null,
            customer_id text not null,
            constraint customer_index_pk primary key (kind, digest, customer_id)
          ) without rowid
        `.execute(trx);
        await sql`
          insert into customer_index_0008 (kind, digest, customer_id)
          select kind, digest, customer_id from customer_index order by kind, digest, customer_id
        `.execute(trx);
        await sql`drop table customer_index`.execute(trx);
        await sql`alter table customer_index_0008 rename to customer_index`.execute(trx);
        await sql`create index customer_index_customer on customer_index (customer_id)`.execute(
          trx,
        );
      });
    },
  };
}
