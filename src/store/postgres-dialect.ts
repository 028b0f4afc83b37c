/**
 * Kysely's PostgreSQL dialect over a `pg` Pool, with the type parsing piguard's schema expects:
 * BIGINT (and COUNT(*)) as a JavaScript number when it is a safe integer, BYTEA as Buffer.
 */
import pg from 'pg';
import { PostgresDialect } from 'kysely';
import { preparingPool } from './postgres-prepared-pool.ts';

/** PostgreSQL type OIDs used below (pg_type.oid). */
const INT8_OID = 20;

/**
 * int8 → number when |n| ≤ 2^53 − 1; larger values come back as bigint so that no precision is
 * silently lost. piguard's counters and indexes stay far below 2^53.
 */
function parseInt8(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

/** Type parsers for this pool only (pg's global parsers stay untouched for other libraries). */
const TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return parseInt8;
    // BYTEA (oid 17) is already parsed into a Buffer by pg's default parser.
    return pg.types.getTypeParser(oid, format);
  },
} as unknown as pg.CustomTypesConfig;

/** Pool settings (DESIGN §6: one server process per machine, PostgreSQL on the same or next). */
export interface PostgresPoolOptions {
  /** Most connections (default 10). */
  maxConnections?: number;
  /**
   * Send repeated statements as named prepared statements (default true; postgres-prepared-pool.ts
   * says why and how it is bounded). Turn off behind a pooler that cannot track them (PgBouncer
   * before 1.21 in transaction mode), or with PIGUARD_PG_PREPARE=0.
   */
  prepare?: boolean;
}

/**
 * A PostgreSQL dialect and its pool. The caller owns the pool through Kysely's destroy().
 *
 * @example
 * const db = new Kysely<Schema>({ dialect: createPostgresDialect('postgres://postgres@127.0.0.1/test') });
 */
export function createPostgresDialect(
  connectionString: string,
  options: PostgresPoolOptions | number = {},
): PostgresDialect {
  const opts = typeof options === 'number' ? { maxConnections: options } : options;
  const pool = new pg.Pool({ connectionString, max: opts.maxConnections ?? 10, types: TYPES });
  // An idle client's error (server restart) must not crash the process; the next query fails.
  pool.on('error', () => undefined);
  const prepare = opts.prepare ?? process.env['PIGUARD_PG_PREPARE'] !== '0';
  return new PostgresDialect({ pool: prepare ? preparingPool(pool) : pool });
}
