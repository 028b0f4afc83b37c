/**
 * The real server for the dashboard tests: a temporary SQLite database made by `piguard init`
 * (schema, keys, audit log), the app of src/server/app.ts (API and dashboard) on a freshly built
 * web/dist, listening on a free loopback port. People are added with chosen rights and passwords.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Right } from '../../src/core/rights.ts';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { loadLogSigner } from '../../src/audit/log-signer.ts';
import { runInit } from '../../src/cli/init-command.ts';
import { buildApp } from '../../src/server/app.ts';
import { openDatabase, type Database } from '../../src/store/open-database.ts';
import { resolveKeyProvider } from '../../src/protect/resolve-key-provider.ts';
import { ensureWebBuild } from '../../scripts/ensure-web-build.js';

export interface DashboardServer {
  url: string;
  dbUrl: string;
  dir: string;
  /** Environment for CLI runs on the same database (master key, db, checkpoints file). */
  env: NodeJS.ProcessEnv;
  app: FastifyInstance;
  database: Database;
  log: AuditLog;
  /** Adds a person who can log in; returns the password. */
  addPerson(id: string, rights: readonly Right[], staffId?: string | null): Promise<string>;
  /** Signs a checkpoint now (and publishes it to the checkpoints file). */
  checkpoint(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds the web app if needed, creates the database and starts the server.
 * `seed(dbUrl, env)` runs after init and before the server opens the database (imports, watch…).
 *
 * @example
 * const server = await startDashboardServer();
 * await server.addPerson('ana', ['investigate']);
 */
export async function startDashboardServer(
  options: { seed?: (dbUrl: string, env: NodeJS.ProcessEnv, dir: string) => Promise<void> } = {},
): Promise<DashboardServer> {
  await ensureWebBuild({ quiet: true });
  const dir = mkdtempSync(join(tmpdir(), 'piguard-web-e2e-'));
  const dbUrl = `sqlite:${join(dir, 'piguard.db')}`;
  const checkpointsFile = join(dir, 'checkpoints.txt');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PIGUARD_MASTER_KEY: randomBytes(32).toString('hex'),
    PIGUARD_DB: dbUrl,
    PIGUARD_ADMIN_PASSWORD: `admin-${randomBytes(8).toString('hex')}`,
    PIGUARD_CHECKPOINTS_FILE: checkpointsFile,
    PIGUARD_POLICY: join(dir, 'piguard.policy.yaml'),
  };
  await runInit(dbUrl, { origin: 'piguard.test/web-e2e' }, env);
  await options.seed?.(dbUrl, env, dir);

  const database = await openDatabase(dbUrl);
  const log = new AuditLog(database);
  const keys = resolveKeyProvider(env);
  const signer = await loadLogSigner(database.db, await keys.getMasterKey(), log.logId);
  const { FileCheckpointPublisher } = await import('../../src/audit/checkpoint-publisher.ts');
  const publishers = [new FileCheckpointPublisher(checkpointsFile)];
  const app = await buildApp(
    {
      database,
      log,
      keys,
      policyPath: env['PIGUARD_POLICY'] as string,
      now: () => new Date(),
    },
    { checkpointsFile, rateLimit: false },
  );
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    dbUrl,
    dir,
    env,
    app,
    database,
    log,
    async addPerson(id, rights, staffId = null) {
      const password = `pw-${id}-${randomBytes(6).toString('hex')}`;
      await app.piguard.principals.add({ id, kind: 'person', staffId, rights }, password);
      return password;
    },
    async checkpoint() {
      await log.flush();
      await log.signCheckpoint(signer, publishers);
    },
    async close() {
      await app.close();
      await log.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
