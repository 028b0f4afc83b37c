/**
 * Shared setup for server tests: a migrated test database with a created audit log, an app built
 * by buildApp on it, principals with chosen rights, and helpers to log in and call routes.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { createLog, loadLogSigner } from '../../src/audit/log-signer.ts';
import type { NoteSigner } from '../../src/audit/signed-note.ts';
import type { Right } from '../../src/core/rights.ts';
import { buildApp, type AppOptions } from '../../src/server/app.ts';
import type { AppContext } from '../../src/server/route-context.ts';
import type { CodeChannel } from '../../src/server/subject/code-channel.ts';
import type { TestDatabase, TestEngine } from '../helpers/databases.ts';

/** Every server test's log lines go here (the PI grep test reads them all). */
export const SERVER_LOG_DIR = join(process.cwd(), 'test-artifacts', 'server-logs');

/** A code channel that keeps what it delivered (tests read the code from here). */
export class MemoryCodeChannel implements CodeChannel {
  readonly name = 'memory';
  readonly sent: Array<{ customerId: string; code: string; expiresAt: Date }> = [];
  async deliver(message: { customerId: string; code: string; expiresAt: Date }): Promise<void> {
    this.sent.push(message);
  }
}

export interface ServerFixture {
  database: TestDatabase;
  log: AuditLog;
  signer: NoteSigner;
  masterKey: Buffer;
  app: FastifyInstance;
  ctx: AppContext;
  clock: { now: Date };
  codes: MemoryCodeChannel;
  /** Creates a principal with a bearer token holding exactly `rights`; returns the token. */
  tokenFor(id: string, rights: readonly Right[], staffId?: string | null): Promise<string>;
  /** Creates a person with a password and logs in; returns the session cookie header value. */
  sessionFor(id: string, rights: readonly Right[], staffId?: string | null): Promise<string>;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

/**
 * @example
 * const f = await openServerFixture(engine, t);
 * const token = await f.tokenFor('sys', ['audit:read']);
 * const res = await f.inject({ url: '/api/v1/audit/checkpoint', headers: { authorization: `Bearer ${token}` } });
 */
export async function openServerFixture(
  engine: TestEngine,
  t: TestContext,
  options: AppOptions & {
    before?: (ctx: AppContext) => Promise<void>;
    /** Called on the built app before it is made ready (add hooks here). */
    configure?: (app: FastifyInstance) => void;
  } = {},
): Promise<ServerFixture> {
  const database = await engine.open(t);
  const masterKey = randomBytes(32);
  await createLog(database.db, {
    origin: `piguard.test/audit-${randomBytes(4).toString('hex')}`,
    masterKey,
  });
  const signer = await loadLogSigner(database.db, masterKey);
  const log = new AuditLog(database);
  const clock = { now: new Date() };
  const ctx: AppContext = {
    database,
    log,
    keys: { source: 'test', getMasterKey: async () => masterKey },
    policyPath: join(database.tempDir, 'piguard.policy.yaml'),
    now: () => clock.now,
  };
  await options.before?.(ctx);
  mkdirSync(SERVER_LOG_DIR, { recursive: true });
  const logFile = join(SERVER_LOG_DIR, `${engine.name}-${randomBytes(6).toString('hex')}.log`);
  const destination = pino.destination({ dest: logFile, sync: true });
  const codes = new MemoryCodeChannel();
  const app = await buildApp(ctx, {
    logger: pino({ level: 'info' }, destination),
    codeChannel: codes,
    ...options,
  });
  options.configure?.(app);
  await app.ready();
  t.after(async () => {
    await app.close();
    await log.close();
  });
  const services = app.piguard;
  const fixture: ServerFixture = {
    database,
    log,
    signer,
    masterKey,
    app,
    ctx,
    clock,
    codes,
    async tokenFor(id, rights, staffId = null) {
      if (!(await services.principals.get(id))) {
        await services.principals.add({ id, kind: 'system', staffId, rights });
      }
      return (await services.tokens.create(id, `${id} token`, rights)).token;
    },
    async sessionFor(id, rights, staffId = null) {
      const password = `pw-${id}-long-enough`;
      await services.principals.add({ id, kind: 'person', staffId, rights }, password);
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-piguard-csrf': '1' },
        payload: { username: id, password },
      });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'piguard_session');
      if (!cookie) throw new Error('no session cookie');
      return `piguard_session=${cookie.value}`;
    },
    inject: (o) => app.inject(o),
  };
  return fixture;
}

/** Authorization header for a bearer token. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
