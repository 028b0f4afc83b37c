/**
 * The file behind a Kysely instance on SQLite. Watch, trace and `audit verify` open a second,
 * read-only better-sqlite3 connection on it for long sequential reads (WAL lets that connection
 * read the last committed state while the writer goes on).
 */
import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * The database file, or undefined for PostgreSQL and for an in-memory SQLite database.
 *
 * @example
 * const file = await sqliteFile(db);
 * if (file) new Database(file, { readonly: true, fileMustExist: true });
 */
export async function sqliteFile<DB>(db: Kysely<DB>): Promise<string | undefined> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return undefined;
  const { rows } = await sql<{
    file: string;
  }>`select file from pragma_database_list where name = 'main'`.execute(db);
  return rows[0]?.file || undefined;
}
