/**
 * Parses the `--db` / `PIGUARD_DB` URL into the engine and what that engine needs to connect
 * (DESIGN §5.2, §6). One place decides which URLs are valid, so every command fails the same way.
 */
import { UsageError } from '../core/errors.ts';

/** The storage engines piguard runs on. */
export type Engine = 'sqlite' | 'postgres';

/** A parsed database URL. */
export type DatabaseTarget =
  | { engine: 'sqlite'; /** file path, or ':memory:' */ path: string }
  | {
      engine: 'postgres';
      /** the connection string handed to `pg` verbatim */ connectionString: string;
    };

/** SQLite's name for a private in-memory database. */
export const SQLITE_MEMORY = ':memory:';

/**
 * Parses `sqlite:PATH`, `sqlite::memory:`, `postgres://…` or `postgresql://…`.
 *
 * Throws {@link UsageError} (exit 2) for anything else. The message never echoes a password.
 *
 * @example
 * parseDatabaseUrl('sqlite:./piguard.db')        // { engine: 'sqlite', path: './piguard.db' }
 * parseDatabaseUrl('sqlite::memory:')            // { engine: 'sqlite', path: ':memory:' }
 * parseDatabaseUrl('postgres://u@h:5432/db')     // { engine: 'postgres', connectionString: … }
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    let path = url.slice('sqlite:'.length);
    // Accept the URL-like spelling sqlite:///abs/path or sqlite://rel too.
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '') throw new UsageError(`--db ${url}: sqlite URL needs a path (sqlite:PATH)`);
    return { engine: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new UsageError(`--db: malformed PostgreSQL URL (${redactUrl(url)})`);
    }
    return { engine: 'postgres', connectionString: url };
  }
  throw new UsageError(
    `--db ${redactUrl(url)}: unknown database URL; use sqlite:PATH, sqlite::memory: or postgres://…`,
  );
}

/**
 * The URL with any password replaced by `***`, for messages.
 *
 * @example
 * redactUrl('postgres://u:secret@h/db') // 'postgres://u:***@h/db'
 */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}
