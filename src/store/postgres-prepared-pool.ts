/**
 * A `pg` pool as Kysely's PostgresPool, sending hot statements as named prepared statements.
 *
 * Why: Kysely's PostgreSQL driver sends every statement unnamed, so the server parses and plans
 * it on every execution. The gateway, the audit log and the auth lookups send the same few texts
 * over and over; a named statement is parsed once per connection and its plan reused (measured
 * on a 25-read gateway batch, bench/pg-batch.bench.ts: backend CPU per read 0.57×, client 0.79×;
 * full HTTP server, bench/http.bench.ts --ab noprepare,prepare: backends 0.71×).
 *
 * Bounded: a text is named only from its second execution (one-off statements stay unnamed),
 * only DML (select/insert/update/delete/with; never DDL or transaction control), only texts up
 * to MAX_PREPARED_SQL_LENGTH, and at most MAX_PREPARED_PER_CONNECTION per connection (each holds
 * server memory for the connection's lifetime). A statement prepared before a schema change that
 * alters its result columns fails once with PostgreSQL's "cached plan must not change result
 * type"; the connection that saw it is then discarded instead of returned to the pool, so the
 * next use prepares afresh.
 */
import type pg from 'pg';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/** Named statements per connection, at most. */
export const MAX_PREPARED_PER_CONNECTION = 256;
/** Longer texts are never named (rarely repeated; they would pin server memory). */
export const MAX_PREPARED_SQL_LENGTH = 16_384;
/** Distinct texts remembered for the "seen before" test; the map restarts when full. */
const MAX_TRACKED_TEXTS = 4_096;

const DML = /^\s*(select|insert|update|delete|with)\b/i;

/** Names shared by every connection of the pool: a text has one name everywhere. */
class StatementNames {
  #seen = new Map<string, number>();
  #nextId = 0;

  /** The name for `text`, or undefined when it should go unnamed this time. */
  nameFor(text: string): string | undefined {
    if (text.length > MAX_PREPARED_SQL_LENGTH) return undefined;
    const id = this.#seen.get(text);
    if (id === undefined) {
      if (!DML.test(text)) return undefined;
      if (this.#seen.size >= MAX_TRACKED_TEXTS) this.#seen = new Map();
      // Negative: seen once, not yet named. The id is fixed at the second sighting.
      this.#seen.set(text, -1);
      return undefined;
    }
    if (id >= 0) return `pk${id}`;
    const assigned = this.#nextId++;
    this.#seen.set(text, assigned);
    return `pk${assigned}`;
  }
}

/** PostgreSQL's SQLSTATE for "cached plan must not change result type" (feature_not_supported). */
const FEATURE_NOT_SUPPORTED = '0A000';

class PreparingClient implements PostgresPoolClient {
  readonly #client: pg.PoolClient;
  readonly #names: StatementNames;
  readonly #prepared: Set<string>;
  #broken = false;

  constructor(client: pg.PoolClient, names: StatementNames, prepared: Set<string>) {
    this.#client = client;
    this.#names = names;
    this.#prepared = prepared;
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    a: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    const client = this.#client as unknown as {
      query(...args: unknown[]): Promise<PostgresQueryResult<R>> | PostgresCursor<R>;
    };
    if (typeof a !== 'string') return client.query(a) as PostgresCursor<R>;
    const name = this.#names.nameFor(a);
    if (
      name === undefined ||
      (!this.#prepared.has(name) && this.#prepared.size >= MAX_PREPARED_PER_CONNECTION)
    ) {
      return client.query(a, parameters) as Promise<PostgresQueryResult<R>>;
    }
    this.#prepared.add(name);
    const result = client.query({
      name,
      text: a,
      values: parameters,
    }) as Promise<PostgresQueryResult<R>>;
    return result.catch((err: unknown) => {
      if ((err as { code?: unknown }).code === FEATURE_NOT_SUPPORTED) this.#broken = true;
      throw err;
    });
  }

  release(): void {
    // A connection holding a statement PostgreSQL refuses to re-plan is closed, not reused.
    this.#client.release(this.#broken ? new Error('stale prepared statement') : undefined);
  }
}

/**
 * Wraps `pool` for Kysely's PostgresDialect.
 *
 * @example
 * const dialect = new PostgresDialect({ pool: preparingPool(new pg.Pool({ connectionString })) });
 */
export function preparingPool(pool: pg.Pool): PostgresPool {
  const names = new StatementNames();
  // One wrapper per live connection, so Kysely (which keys its connection objects by the
  // client it is given) sees the same client every time; a destroyed connection's goes with it.
  const wrappers = new WeakMap<pg.PoolClient, PreparingClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (wrapper === undefined) {
        wrapper = new PreparingClient(client, names, new Set());
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}
