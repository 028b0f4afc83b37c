/**
 * The harness every storage-backed test uses: run a suite against BOTH engines — SQLite in a
 * fresh temporary file and PostgreSQL (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test) in a fresh schema per test (`t_<run>_<8 hex>`), dropped by scripts/run-tests.js after the run.
 *
 * If PostgreSQL is unreachable, its suite fails under CI=true (CI never skips) and is skipped
 * with a printed reason otherwise.
 *
 * @example
 * import { test } from 'node:test';
 * import { describeEachEngine } from '../helpers/databases.ts';
 *
 * describeEachEngine('customer import', (engine) => {
 *   test('stores a row', async (t) => {
 *     const { db, url, tempDir } = await engine.open(t); // migrated, cleaned up after the test
 *     await db.insertInto('audit_logs').values({ ... }).execute();
 *     // url can be handed to the CLI in a child process: runCli(['--db', url, ...])
 *   });
 * });
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, test, type TestContext } from 'node:test';
import pg from 'pg';
import type { Engine } from '../../src/store/database-url.ts';
import { migrateToLatest } from '../../src/store/migrator.ts';
import { openDatabase, type Database } from '../../src/store/open-database.ts';

/** Where the PostgreSQL tests connect. */
export const POSTGRES_TEST_URL =
  process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh database for one test. */
export interface TestDatabase extends Database {
  /** URL for `openDatabase` or the CLI's `--db`, pointing at this test's database only. */
  readonly url: string;
  /** A temporary directory removed after the test (key files, checkpoint files, …). */
  readonly tempDir: string;
}

/** One engine under test. */
export interface TestEngine {
  readonly name: Engine;
  /**
   * Creates a fresh database (migrated unless `migrate: false`) dropped when `t` ends.
   * Pass the test's context so cleanup is registered with `t.after`.
   */
  open(t: TestContext, options?: { migrate?: boolean }): Promise<TestDatabase>;
}

/**
 * The test run's id (8 hex digits: its start time in seconds), set by scripts/run-tests.js so that
 * it drops only its own schemas; a file run directly uses the current time.
 */
function testRunId(): string {
  const run = process.env['PIGUARD_TEST_RUN'];
  if (run && /^[0-9a-f]{8}$/.test(run)) return run;
  return Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
}

/**
 * Probes PostgreSQL once per test file; resolves to undefined or the reason it is unusable.
 * A loaded machine (CI runs test files in parallel on 2 cores) can take seconds to accept a
 * connection, so a slow first attempt is retried before PostgreSQL is declared unreachable.
 */
async function probePostgres(): Promise<string | undefined> {
  let problem: string | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const client = new pg.Client({
      connectionString: POSTGRES_TEST_URL,
      connectionTimeoutMillis: 10_000,
    });
    try {
      await client.connect();
      await client.query('select 1');
      return undefined;
    } catch (err) {
      problem = `PostgreSQL unreachable at ${POSTGRES_TEST_URL}: ${(err as Error).message}`;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return problem;
}

const postgresProblem = await probePostgres();

/** Runs one SQL statement on the admin connection (a short-lived client: no pool keeps the test process alive). */
async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The URL with `search_path` pinned to `schema` (pg passes `options` to the server). */
function withSearchPath(url: string, schema: string): string {
  const sep = url.includes('?') ? '&' : '?';
  return `${url}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

async function openFresh(engine: Engine, t: TestContext, migrate: boolean): Promise<TestDatabase> {
  const tempDir = mkdtempSync(join(tmpdir(), 'piguard-test-'));
  let url: string;
  if (engine === 'sqlite') {
    url = `sqlite:${join(tempDir, 'test.db')}`;
  } else {
    const schema = `t_${testRunId()}_${randomBytes(4).toString('hex')}`;
    await adminQuery(`create schema ${schema}`);
    url = withSearchPath(POSTGRES_TEST_URL, schema);
    // The schema is NOT dropped here: test files run in parallel processes, and dropping a schema
    // while another process's migrator enumerates the catalog (Kysely's introspector) makes that
    // query fail with "schema … does not exist". scripts/run-tests.js drops every test schema
    // once all test processes have ended.
  }
  const database = await openDatabase(url);
  if (migrate) await migrateToLatest(database.db, database.engine);
  t.after(async () => {
    await database.close();
    rmSync(tempDir, { recursive: true, force: true });
  });
  return { ...database, url, tempDir };
}

/**
 * Declares `body`'s tests once per engine, in suites named `TITLE [sqlite]` and
 * `TITLE [postgres]`. See the module example.
 */
export function describeEachEngine(title: string, body: (engine: TestEngine) => void): void {
  for (const name of ['sqlite', 'postgres'] as const) {
    const engine: TestEngine = {
      name,
      open: (t, options = {}) => openFresh(name, t, options.migrate ?? true),
    };
    if (name === 'postgres' && postgresProblem !== undefined) {
      if (process.env['CI'] === 'true') {
        describe(`${title} [postgres]`, () => {
          test('PostgreSQL is reachable (required under CI=true)', () => {
            throw new Error(postgresProblem);
          });
        });
      } else {
        console.log(`# skipping ${title} [postgres]: ${postgresProblem}`);
        describe(`${title} [postgres]`, { skip: postgresProblem }, () => body(engine));
      }
      continue;
    }
    describe(`${title} [${name}]`, () => body(engine));
  }
}
