/**
 * `piguard init`, `users`, `tokens` and `serve` as a user runs them: child processes on a fresh
 * database of each engine; the server signs and publishes checkpoints on its schedule and stops
 * cleanly on SIGTERM.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describeEachEngine } from '../helpers/databases.ts';
import { BIN, runCli } from '../helpers/run-cli.ts';

describeEachEngine('serve, users and tokens commands', (engine) => {
  test('init creates admin once; users/tokens; serve answers, signs checkpoints, stops on SIGTERM', async (t) => {
    const d = await engine.open(t, { migrate: false });
    const env = {
      PIGUARD_MASTER_KEY: randomBytes(32).toString('hex'),
      PIGUARD_CHECKPOINTS_FILE: join(d.tempDir, 'checkpoints'),
      PIGUARD_POLICY: join(d.tempDir, 'policy.yaml'),
    };
    const init = runCli(['--db', d.url, 'init'], { env, cwd: d.tempDir });
    assert.equal(init.status, 0, init.stderr);
    const password = /password \(shown once\): (\S+)/.exec(init.stdout)?.[1];
    assert.ok(password, init.stdout);
    const again = runCli(['--db', d.url, 'init'], { env, cwd: d.tempDir });
    assert.equal(again.status, 0, again.stderr);
    assert.doesNotMatch(again.stdout, /admin/);

    const add = runCli(
      [
        '--db',
        d.url,
        'users',
        'add',
        'alice',
        '--rights',
        'investigate,audit:read',
        '--staff',
        'S001',
        '--password-stdin',
      ],
      {
        env,
        input: 'alice password 123\n',
      },
    );
    assert.equal(add.status, 0, add.stderr);
    assert.doesNotMatch(add.stdout, /alice password/);
    const badRight = runCli(['--db', d.url, 'users', 'add', 'bob', '--rights', 'superpower'], {
      env,
    });
    assert.equal(badRight.status, 2);
    assert.match(badRight.stderr, /unknown right "superpower"/);
    const tok = runCli(
      [
        '--db',
        d.url,
        'tokens',
        'create',
        '--name',
        'core-system',
        '--scopes',
        'events:write,audit:read',
      ],
      { env },
    );
    assert.equal(tok.status, 0, tok.stderr);
    const token = tok.stdout.trim();
    assert.match(token, /^pgt_[A-Za-z0-9_-]{43}$/);
    const list = runCli(['--db', d.url, 'users', 'list'], { env });
    assert.match(list.stdout, /^alice\tperson\tS001\tinvestigate,audit:read$/m);
    assert.match(list.stdout, /^core-system\tsystem\t-\tevents:write,audit:read$/m);
    const tokens = runCli(['--db', d.url, 'tokens', 'list'], { env });
    assert.ok(!tokens.stdout.includes(token));
    const spare = runCli(
      [
        '--db',
        d.url,
        'tokens',
        'create',
        '--name',
        'spare',
        '--scopes',
        'audit:read',
        '--principal',
        'core-system',
      ],
      { env },
    );
    assert.equal(spare.status, 0, spare.stderr);
    const spareId = /created token ([0-9a-f]{12})/.exec(spare.stderr)?.[1];
    assert.ok(spareId, spare.stderr);
    const revoked = runCli(['--db', d.url, 'tokens', 'revoke', spareId], { env });
    assert.equal(revoked.status, 0, revoked.stderr);
    const set = runCli(
      ['--db', d.url, 'users', 'set', 'alice', '--rights', 'investigate', '--no-staff'],
      { env },
    );
    assert.equal(set.status, 0, set.stderr);
    assert.match(set.stdout, /^alice\tperson\t-\tinvestigate$/m);

    const child = spawn(
      process.execPath,
      [
        BIN,
        '--db',
        d.url,
        'serve',
        '--port',
        '0',
        '--checkpoint-interval',
        '0.2',
        '--log-level',
        'warn',
      ],
      { env: { ...process.env, ...env }, cwd: d.tempDir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    t.after(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        const m = /listening on (http:\/\/\S+)/.exec(stderr);
        if (m) resolve(m[1]!);
      });
      void exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    });

    const docs = await fetch(`${url}/api/docs`);
    assert.equal(docs.status, 200);
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-piguard-csrf': '1' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    assert.equal(login.status, 200);
    assert.deepEqual(((await login.json()) as { rights: string[] }).rights.includes('admin'), true);
    const events = await fetch(`${url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      body: `${JSON.stringify({ ts: '2026-03-01T09:00:00+08:00', actor: 'S001', action: 'view', customers: ['C1'], source: 'core' })}\n`,
    });
    assert.equal(events.status, 200, await events.clone().text());

    // The scheduler signs and publishes a checkpoint covering the new entry.
    const checkpointUrl = `${url}/api/v1/audit/checkpoint`;
    let size = 0;
    for (let i = 0; i < 200 && size < 4; i++) {
      const cp = (await (
        await fetch(checkpointUrl, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as {
        checkpoint: { size: number } | null;
        log_size: number;
      };
      size = cp.checkpoint?.size ?? 0;
      if (size < cp.log_size) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(size >= 4, `checkpoint size ${size}`);
    assert.ok(existsSync(env.PIGUARD_CHECKPOINTS_FILE));
    assert.match(readFileSync(env.PIGUARD_CHECKPOINTS_FILE, 'utf8'), /^piguard\.local\/audit-/);

    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    assert.match(stderr, /stopped/);
    const verify = runCli(['--db', d.url, 'audit', 'verify'], { env, cwd: d.tempDir });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  });
});
