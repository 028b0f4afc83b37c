/**
 * `piguard demo` (what `npm start` runs): a demo insurer from the simulator — a slow
 * exfiltrator, a resold leaked list, a wave of complaints, a canary hit — imported into the
 * embedded SQLite default, watched, traced, gathered into a case, then served with the dashboard.
 *
 * Every step is the real command in a child process (`piguard sim`, `init`, `import …`, `watch`,
 * `trace`, …), so the demo exercises exactly what a user would run and its log shows how. The
 * data lives in one directory (default `./piguard-demo`); a second run finds `demo.json` there and
 * only serves.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { PiguardError, UsageError } from '../core/errors.ts';

/** Where the demo keeps its database, keys, simulated files and log. */
export const DEFAULT_DEMO_DIR = 'piguard-demo';
/** The dashboard login the demo creates (an investigator; local demo data only). */
export const DEMO_LOGIN = 'investigator';

const BIN = fileURLToPath(new URL('../../bin/piguard.js', import.meta.url));

/** What a finished demo set-up records in `demo.json`. */
export interface DemoState {
  createdAt: string;
  db: string;
  login: string;
  password: string;
  insider: string;
  caseId: string | null;
  traceId: string | null;
}

interface DemoOptions {
  dir: string;
  port: number;
  host: string;
  reset: boolean;
  customers: number;
  staff: number;
  months: number;
  seed: number;
  serve: boolean;
}

interface Step {
  env: NodeJS.ProcessEnv;
  log: NodeJS.WritableStream;
}

/** Runs `piguard ARGS` as a child; resolves to its stdout, or rejects naming the step. */
function piguard(step: Step, args: string[], input?: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: step.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      err.push(b);
      step.log.write(b);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      step.log.write(`$ piguard ${args.join(' ')}\n${stdout.slice(0, 4000)}\n`);
      if (code === 0) resolvePromise(stdout);
      else {
        const last = Buffer.concat(err).toString('utf8').trim().split('\n').pop() ?? '';
        reject(new PiguardError(`demo step "piguard ${args[0]} ${args[1] ?? ''}" failed: ${last}`));
      }
    });
    child.stdin.end(input ?? '');
  });
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

interface TruthScenario {
  kind: string;
  actor?: string;
  start: string;
}
interface TruthLeak {
  file: string;
  seen_at: string;
  sources: { actor: string; rows: number }[];
}
interface Truth {
  scenarios: TruthScenario[];
  leaks: TruthLeak[];
}

/**
 * Builds the demo's data in `dir` (unless `demo.json` says it is there) and returns its state.
 *
 * @example
 * const state = await prepareDemo({ dir: 'piguard-demo', customers: 5000, staff: 120, months: 6, seed: 7 });
 */
export async function prepareDemo(options: {
  dir: string;
  customers: number;
  staff: number;
  months: number;
  seed: number;
  reset?: boolean;
}): Promise<DemoState> {
  const dir = resolve(options.dir);
  const statePath = join(dir, 'demo.json');
  if (!options.reset && existsSync(statePath)) {
    return JSON.parse(readFileSync(statePath, 'utf8')) as DemoState;
  }
  // No demo.json: nothing here is a finished demo (a first run, or one that was interrupted), so
  // start from scratch. The key file is kept: it protects nothing until init creates the log.
  for (const f of ['piguard.db', 'piguard.db-wal', 'piguard.db-shm', 'piguard.checkpoints']) {
    rmSync(join(dir, f), { force: true });
  }
  rmSync(statePath, { force: true });
  rmSync(join(dir, 'org'), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const db = `sqlite:${join(dir, 'piguard.db')}`;
  const log = createWriteStream(join(dir, 'demo.log'), { flags: 'a' });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PIGUARD_DB: db,
    PIGUARD_KEY_FILE: join(dir, 'piguard.key'),
    PIGUARD_POLICY: join(dir, 'piguard.policy.yaml'),
    PIGUARD_CHECKPOINTS_FILE: join(dir, 'piguard.checkpoints'),
    PIGUARD_ACTOR: 'demo',
  };
  delete env['PIGUARD_MASTER_KEY'];
  const step: Step = { env, log };
  const started = Date.now();
  const t = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  try {
    const org = join(dir, 'org');
    say(
      `· simulating an insurer (${options.customers} customers, ${options.staff} staff, ${options.months} months)`,
    );
    await piguard(step, [
      'sim',
      '--out',
      org,
      '--customers',
      String(options.customers),
      '--staff',
      String(options.staff),
      '--months',
      String(options.months),
      '--seed',
      String(options.seed),
    ]);
    const truth = JSON.parse(readFileSync(join(org, 'truth.json'), 'utf8')) as Truth;
    const insider = truth.scenarios.find((s) => s.kind === 'slow_exfiltration')?.actor;
    const leak = truth.leaks.find((l) => l.sources.length === 1 && l.sources[0]?.actor === insider);
    if (!insider || !leak)
      throw new PiguardError('demo: the simulator injected no slow exfiltrator with a leak');

    say(`· init (schema, keys, audit log, policy)  [${t()}]`);
    await piguard(step, ['init']);
    say(`· importing staff, customers and ${'access events'}  [${t()}]`);
    await piguard(step, ['import', 'staff', join(org, 'staff.csv')]);
    await piguard(step, ['import', 'customers', join(org, 'customers.csv')]);
    await piguard(step, ['import', 'events', join(org, 'events.jsonl')]);

    say(`· running watch over the history  [${t()}]`);
    const alerts = await piguard(step, ['watch', '--format', 'jsonl']);
    const alertCount = alerts.split('\n').filter((l) => l.trim()).length;

    say(`· tracing the leaked list ${leak.file}  [${t()}]`);
    const traced = JSON.parse(
      await piguard(step, [
        'trace',
        join(org, leak.file),
        '--seen-at',
        leak.seen_at,
        '--format',
        'json',
      ]),
    ) as { id?: string; trace_id?: string; suspects?: { actor: string }[] };
    const traceId = traced.trace_id ?? traced.id ?? null;

    say(`· importing and tracing the wave of complaints  [${t()}]`);
    await piguard(step, ['complaints', 'import', join(org, 'complaints.jsonl')]);
    await piguard(step, ['complaints', 'trace', '--format', 'json']);

    say(`· a marked export, and a call to one of its canary numbers  [${t()}]`);
    await demoCanary(step, dir);

    say(`· opening a case against ${insider}  [${t()}]`);
    const opened = await piguard(step, [
      'case',
      'open',
      '--suspect',
      insider,
      '--title',
      'Slow exfiltration of customer records (demo)',
    ]);
    const caseId = /\b(C[-\w]+|\d+)\b/.exec(opened.trim())?.[1] ?? null;
    if (caseId) {
      if (traceId) await piguard(step, ['case', 'add', caseId, '--trace-id', traceId]);
      const alertFile = join(dir, 'insider-alerts.jsonl');
      const mine = alerts
        .split('\n')
        .filter((l) => l.includes(`"actor":"${insider}"`))
        .slice(0, 3);
      if (mine.length > 0) {
        writeFileSync(alertFile, `${mine.join('\n')}\n`);
        await piguard(step, ['case', 'add', caseId, '--alert', alertFile]);
      }
    }

    say(`· creating the dashboard login  [${t()}]`);
    const password = randomBytes(9).toString('base64url');
    await piguard(
      step,
      [
        'users',
        'add',
        DEMO_LOGIN,
        '--rights',
        'investigate,audit:read,posts:classify',
        '--password-stdin',
      ],
      `${password}\n`,
    );
    await piguard(step, ['audit', 'checkpoint']);

    const state: DemoState = {
      createdAt: new Date().toISOString(),
      db,
      login: DEMO_LOGIN,
      password,
      insider,
      caseId,
      traceId,
    };
    writeFileSync(statePath, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    say(
      `· ready in ${t()}: ${alertCount} alerts; the leaked list points at ${traced.suspects?.[0]?.actor ?? '?'}`,
    );
    return state;
  } finally {
    log.end();
  }
}

/** Trap mobile numbers the demo organisation "controls" (a virtual-operator range). */
const DEMO_TRAP_PHONES = Array.from({ length: 24 }, (_, i) => `170${String(12_340_000 + i)}`);

/**
 * Adds trap numbers to the canary pool; a team manager exports a campaign list (which needs the
 * data-protection officer's approval); then someone calls one of that export's canaries using the
 * synthetic name — a hit with identity evidence that names the export.
 */
async function demoCanary(step: Step, dir: string): Promise<void> {
  const { default: Sqlite } = await import('better-sqlite3');
  await piguard(step, ['canary', 'pool', 'add', ...DEMO_TRAP_PHONES]);
  await piguard(step, ['staff', 'add', 'DPO01', '--role', 'dpo', '--branch', '总公司']);
  const file = join(dir, 'piguard.db');
  const query = <T>(sqlText: string, ...params: unknown[]): T | undefined => {
    const db = new Sqlite(file, { readonly: true });
    try {
      return db.prepare(sqlText).get(...params) as T | undefined;
    } finally {
      db.close();
    }
  };
  const manager = query<{ staff_id: string }>(
    "select staff_id from staff where role = 'team_manager' and end_date is null order by staff_id limit 1",
  )?.staff_id;
  if (!manager) throw new PiguardError('demo: the simulated insurer has no team manager');
  const out = join(dir, 'campaign-export.csv');
  const requested = await piguard(step, [
    'export',
    '--as',
    manager,
    '--purpose',
    'marketing_campaign',
    '--recipient',
    '电销团队 (outbound call team)',
    '--out',
    out,
  ]);
  const exportId = /export (\S+)/.exec(requested)?.[1];
  if (!exportId) throw new PiguardError('demo: the campaign export returned no export id');
  if (/needs approval/.test(requested)) {
    await piguard(step, [
      'exports',
      'approve',
      exportId,
      '--as',
      'DPO01',
      '--reason',
      'renewal campaign (demo)',
    ]);
    await piguard(step, ['exports', 'fetch', exportId, '--as', manager, '--out', out]);
  }
  const canary = query<{ identity: string; name: string }>(
    `select c.identity, c.name from export_canaries ec join canaries c on c.canary_id = ec.canary_id
     where ec.export_id = ? and c.kind = 'phone' order by ec.row_no limit 1`,
    exportId,
  );
  if (!canary) throw new PiguardError(`demo: export ${exportId} carries no phone canary`);
  await piguard(step, [
    'canary',
    'hit',
    '--identity',
    canary.identity,
    '--name-used',
    canary.name,
    '--said',
    'caller offered a cheaper renewal and asked for the customer by name',
  ]);
}

/**
 * @example
 * registerDemoCommand(program); // piguard demo
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('simulate an insurer, import, watch, trace, open a case, then serve the dashboard')
    .option('--dir <dir>', 'where the demo keeps its data', DEFAULT_DEMO_DIR)
    .option('--port <port>', 'dashboard port', '4800')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--reset', 'throw the demo data away and build it again', false)
    .option('--customers <n>', 'customers to simulate', '5000')
    .option('--staff <n>', 'staff to simulate', '120')
    .option('--months <n>', 'months of activity', '6')
    .option('--seed <n>', 'simulator seed', '20261129')
    .option('--no-serve', 'prepare the data only')
    .action(async (raw: Record<string, string | boolean>) => {
      const num = (name: string): number => {
        const v = Number(raw[name]);
        if (!Number.isInteger(v) || v <= 0)
          throw new UsageError(`--${name}: expected a positive whole number`);
        return v;
      };
      const options: DemoOptions = {
        dir: String(raw['dir']),
        port: num('port'),
        host: String(raw['host']),
        reset: raw['reset'] === true,
        customers: num('customers'),
        staff: num('staff'),
        months: num('months'),
        seed: num('seed'),
        serve: raw['serve'] !== false,
      };
      const state = await prepareDemo(options);
      if (!options.serve) return;
      const dir = resolve(options.dir);
      const { startServer } = await import('./serve-command.ts');
      const server = await startServer({
        dbUrl: state.db,
        port: options.port,
        host: options.host,
        policy: join(dir, 'piguard.policy.yaml'),
        checkpointsFile: join(dir, 'piguard.checkpoints'),
        logLevel: 'warn',
        env: { ...process.env, PIGUARD_KEY_FILE: join(dir, 'piguard.key') },
      });
      const stop = (): void => {
        void server.stop().finally(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      say('');
      say(`piguard demo is running: ${server.url}`);
      say(
        `log in as "${state.login}" with password "${state.password}" (also in ${join(dir, 'demo.json')})`,
      );
      say(
        `the injected insider is ${state.insider}; Ctrl-C stops the server, \`npm start\` serves again`,
      );
    });
}
