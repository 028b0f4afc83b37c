/**
 * `piguard serve [--port 4800] [--host 127.0.0.1] …`: the API server (src/server/app.ts) on the
 * database of `--db`, signing a checkpoint every 10 s when the log grew and publishing it to the
 * checkpoints file (DESIGN §4.4). Logs are JSON lines (pino) on stdout; SIGINT/SIGTERM stop it
 * cleanly (in-flight requests finish, a final checkpoint is signed).
 */
import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { UsageError } from '../core/errors.ts';
import { globalOptions } from './global-options.ts';

/** Default port (DESIGN §5.2). */
export const DEFAULT_PORT = 4800;

export interface ServeOptions {
  dbUrl: string;
  port?: number;
  host?: string;
  policy?: string;
  checkpointsFile?: string;
  /** Checkpoint interval in ms (default 10 s). */
  checkpointIntervalMs?: number;
  /** Incremental watch interval in ms (default one hour). */
  watchIntervalMs?: number;
  secureCookies?: boolean;
  trustProxy?: boolean;
  /** Requests per minute per client address; 0 = no global limit. */
  rateLimit?: number;
  /** Subject-access codes go to this file instead of the console. */
  codeFile?: string;
  logLevel?: string;
  env?: NodeJS.ProcessEnv;
}

/** A running server. */
export interface RunningServer {
  app: FastifyInstance;
  /** e.g. `http://127.0.0.1:4800`. */
  url: string;
  /** Stops accepting, finishes requests, signs a last checkpoint, closes the database. */
  stop(): Promise<void>;
}

/**
 * Opens the database and starts the server.
 *
 * @example
 * const server = await startServer({ dbUrl: 'sqlite:./piguard.db', port: 0 });
 * console.log(server.url);
 * await server.stop();
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const [
    { openDatabase },
    { AuditLog },
    { loadLogSigner },
    { FileCheckpointPublisher },
    { scheduleCheckpoints },
    { resolveKeyProvider },
    { resolvePolicyPath },
    { buildApp, DEFAULT_RATE_LIMIT },
    { serverLogger },
    { ConsoleCodeChannel, FileCodeChannel },
    { CHECKPOINTS_FILE_ENV },
    { DEFAULT_CHECKPOINTS_FILE },
    { scheduleWatch },
    { assertSchemaCurrent },
  ] = await Promise.all([
    import('../store/open-database.ts'),
    import('../audit/audit-log.ts'),
    import('../audit/log-signer.ts'),
    import('../audit/checkpoint-publisher.ts'),
    import('../audit/checkpoint-scheduler.ts'),
    import('../protect/resolve-key-provider.ts'),
    import('../vault/policy/policy-loader.ts'),
    import('../server/app.ts'),
    import('../server/server-logger.ts'),
    import('../server/subject/code-channel.ts'),
    import('./audit-command.ts'),
    import('../audit/checkpoint-publisher.ts'),
    import('../watch/watch-scheduler.ts'),
    import('../store/schema-currency.ts'),
  ]);
  const database = await openDatabase(options.dbUrl);
  const log = new AuditLog(database);
  const logger = serverLogger({ level: options.logLevel ?? 'info' });
  let app: FastifyInstance | undefined;
  try {
    await assertSchemaCurrent(database.db, database.engine);
    const keys = resolveKeyProvider(env);
    const signer = await loadLogSigner(database.db, await keys.getMasterKey(), log.logId);
    const checkpointsFile =
      options.checkpointsFile ?? (env[CHECKPOINTS_FILE_ENV] || DEFAULT_CHECKPOINTS_FILE);
    const publishers = [new FileCheckpointPublisher(checkpointsFile)];
    app = await buildApp(
      {
        database,
        log,
        keys,
        policyPath: resolvePolicyPath(options.policy, env),
        now: () => new Date(),
      },
      {
        logger,
        secureCookies: options.secureCookies ?? false,
        trustProxy: options.trustProxy ?? false,
        rateLimit:
          options.rateLimit === 0
            ? false
            : { max: options.rateLimit ?? DEFAULT_RATE_LIMIT.max, timeWindowMs: 60_000 },
        codeChannel: options.codeFile
          ? new FileCodeChannel(options.codeFile)
          : new ConsoleCodeChannel(),
        checkpointsFile,
      },
    );
    const schedule = scheduleCheckpoints(log, {
      signer,
      publishers,
      ...(options.checkpointIntervalMs === undefined
        ? {}
        : { intervalMs: options.checkpointIntervalMs }),
      onError: (err) => logger.error({ err: { message: err.message } }, 'checkpoint failed'),
      onSigned: (r) => logger.info({ size: r.size }, 'checkpoint signed'),
    });
    // Watch runs incrementally every hour (issue 5), then delivers new alerts to the webhooks.
    const watch = scheduleWatch(database.db, {
      ...(options.watchIntervalMs === undefined ? {} : { intervalMs: options.watchIntervalMs }),
      onError: (err) =>
        logger.error(
          { err: { message: err instanceof Error ? err.message : String(err) } },
          'watch run failed',
        ),
    });
    const url = await app.listen({
      port: options.port ?? DEFAULT_PORT,
      host: options.host ?? '127.0.0.1',
    });
    const running = app;
    return {
      app: running,
      url,
      async stop() {
        await running.close();
        await schedule.stop();
        await watch.stop();
        await log.flush();
        if ((await log.size()) > ((await log.latestCheckpoint())?.size ?? 0)) {
          await log.signCheckpoint(signer, publishers).catch(() => undefined);
        }
        await log.close();
        await database.close();
      },
    };
  } catch (err) {
    await app?.close();
    await log.close();
    await database.close();
    throw err;
  }
}

function parsePort(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`--port ${text}: not a port`);
  return n;
}

function parseSeconds(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`--checkpoint-interval ${text}: not a positive number`);
  return n;
}

function parseCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--rate-limit ${text}: not a count`);
  return n;
}

/**
 * @example
 * registerServeCommand(program); // piguard serve --port 4800 --host 127.0.0.1
 */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'run the API server (and dashboard); signs a checkpoint every 10 s when the log grew',
    )
    .option('--port <port>', `port to listen on (0 = any free port)`, parsePort, DEFAULT_PORT)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--policy <file>', 'policy file (default $PIGUARD_POLICY or ./piguard.policy.yaml)')
    .option('--checkpoints-file <file>', 'where signed checkpoints are published')
    .option('--secure-cookies', 'mark the session cookie Secure (serve behind TLS)', false)
    .option('--trust-proxy', 'trust X-Forwarded-* headers from a reverse proxy', false)
    .option('--rate-limit <n>', 'requests per minute per client address (0 = off)', parseCount)
    .option(
      '--code-file <file>',
      'write subject-access codes to FILE (development) instead of stderr',
    )
    .option('--log-level <level>', 'pino log level', 'info')
    .option(
      '--checkpoint-interval <seconds>',
      'seconds between checkpoint attempts (signed only when the log grew)',
      parseSeconds,
      10,
    )
    .action(
      async (
        opts: {
          port: number;
          host: string;
          policy?: string;
          checkpointsFile?: string;
          secureCookies: boolean;
          trustProxy: boolean;
          rateLimit?: number;
          codeFile?: string;
          logLevel: string;
          checkpointInterval: number;
        },
        cmd: Command,
      ) => {
        const { dbUrl } = globalOptions(cmd);
        const { checkpointInterval, ...rest } = opts;
        const server = await startServer({
          dbUrl,
          ...rest,
          checkpointIntervalMs: checkpointInterval * 1000,
        });
        process.stderr.write(`piguard: listening on ${server.url}\n`);
        await new Promise<void>((resolve) => {
          const onSignal = () => {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
            resolve();
          };
          process.on('SIGINT', onSignal);
          process.on('SIGTERM', onSignal);
        });
        await server.stop();
        process.stderr.write('piguard: stopped\n');
      },
    );
}
