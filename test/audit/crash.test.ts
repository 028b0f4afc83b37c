/**
 * Crash test (issue 3 acceptance): a child process appending entries is killed with SIGKILL at
 * random points, 20 times. After each kill the log verifies (the same verifyLog that
 * `piguard audit verify` runs) and every acknowledged entry is present with the acknowledged
 * contents. A checkpoint is signed between runs so consistency across restarts is checked too.
 * SQLite only (the embedded engine is the one a crashed process can leave half-written).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { createLog, loadLogSigner } from '../../src/audit/log-signer.ts';
import { verifyLog } from '../../src/audit/log-verifier.ts';
import { migrateToLatest } from '../../src/store/migrator.ts';
import { openDatabase } from '../../src/store/open-database.ts';

const CHILD = fileURLToPath(new URL('./fixtures/crash-appender.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUNS = 20;

/** Runs the child until it has acknowledged `minAcks` entries plus a random delay, then SIGKILLs it. */
function runAndKill(
  url: string,
  run: number,
  minAcks: number,
  extraMs: number,
): Promise<Map<number, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, url, String(run)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks = new Map<number, string>();
    let buffered = '';
    let stderr = '';
    let killTimer: NodeJS.Timeout | undefined;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^ack (\d+) (\S+)$/.exec(line);
        if (m) acks.set(Number(m[1]), m[2]!);
      }
      if (!killTimer && acks.size >= minAcks)
        killTimer = setTimeout(() => child.kill('SIGKILL'), extraMs);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killTimer);
      if (signal !== 'SIGKILL') reject(new Error(`child ended with ${code ?? signal}: ${stderr}`));
      else resolve(acks);
    });
  });
}

test(`SIGKILL during appends, ${RUNS} times: verify passes, no acknowledged entry is lost`, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'piguard-crash-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const url = `sqlite:${join(dir, 'crash.db')}`;
  const database = await openDatabase(url);
  t.after(() => database.close());
  await migrateToLatest(database.db, database.engine);
  const masterKey = randomBytes(32);
  await createLog(database.db, { origin: 'crash.test/log', masterKey });
  const signer = await loadLogSigner(database.db, masterKey);
  const log = new AuditLog(database);
  const acknowledged = new Map<number, string>();

  for (let run = 0; run < RUNS; run++) {
    const acks = await runAndKill(
      url,
      run,
      1 + Math.floor(Math.random() * 200),
      Math.floor(Math.random() * 40),
    );
    assert.ok(acks.size > 0, `run ${run} acknowledged nothing`);
    for (const [idx, id] of acks) {
      assert.ok(!acknowledged.has(idx), `index ${idx} acknowledged twice`);
      acknowledged.set(idx, id);
    }
    const report = await verifyLog(database.db);
    assert.deepEqual(report.problems, [], `run ${run}`);
    const size = await log.size();
    for (const [idx, id] of acks) {
      assert.ok(idx < size, `acknowledged entry ${idx} missing after run ${run} (size ${size})`);
      assert.equal((JSON.parse((await log.entry(idx)).toString()) as { id: string }).id, id);
    }
    // The parent also appends and checkpoints between crashes: the child's successor must
    // restore its border from the database and stay consistent with signed checkpoints.
    await log.append([{ id: `parent-${run}`, actor: 'crash-test', action: 'view' }]);
    if (run % 5 === 4) await log.signCheckpoint(signer);
  }
  assert.deepEqual((await verifyLog(database.db)).problems, []);
  assert.ok(acknowledged.size >= RUNS);
});
