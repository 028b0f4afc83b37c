/**
 * The cases routes inside the real app (buildApp: bearer tokens, the authorisation hook, the
 * error handler), on both engines: the principal is the recorded actor, the downloaded bundle
 * verifies, and a principal without `investigate` is refused on every cases route.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { verifyEvidence } from '../../src/cases/evidence-verify.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { bearer, openServerFixture } from '../server/server-fixture.ts';

describeEachEngine('cases in the app', (engine) => {
  test('investigate right, actor from the principal, bundle download verifies', async (t) => {
    const checkpointsFile = join(
      tmpdir(),
      `piguard-cases-${randomBytes(6).toString('hex')}.checkpoints`,
    );
    t.after(() => rmSync(checkpointsFile, { force: true }));
    const f = await openServerFixture(engine, t, { checkpointsFile });
    const inv = bearer(await f.tokenFor('inv7', ['investigate']));
    const clerk = bearer(await f.tokenFor('clerk', ['read', 'audit:read']));

    const opened = await f.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: inv,
      payload: { suspect: 'S0042', title: 'drip' },
    });
    assert.equal(opened.statusCode, 201, opened.body);
    const ev = await f.inject({ url: '/api/v1/cases/CASE-1/evidence', headers: inv });
    assert.equal(ev.statusCode, 200, ev.body);
    const report = verifyEvidence(ev.body);
    assert.ok(report.ok, JSON.stringify(report.checks.filter((c) => !c.ok)));
    const detail = await f.inject({ url: '/api/v1/cases/CASE-1', headers: inv });
    const history = detail.json<{ history: Array<{ actor: string; change: { what: string } }> }>()
      .history;
    assert.deepEqual(
      history.map((h) => [h.actor, h.change.what]),
      [
        ['inv7', 'opened'],
        ['inv7', 'evidence'],
      ],
    );

    for (const [method, url] of [
      ['GET', '/api/v1/cases'],
      ['POST', '/api/v1/cases'],
      ['GET', '/api/v1/cases/CASE-1'],
      ['POST', '/api/v1/cases/CASE-1/notes'],
      ['GET', '/api/v1/cases/CASE-1/evidence'],
      ['GET', '/api/v1/cases/CASE-1/report'],
      ['GET', '/api/v1/cases/CASE-1/notification'],
    ] as const) {
      const res = await f.inject({
        method,
        url,
        headers: clerk,
        ...(method === 'POST' ? { payload: { text: 'x', suspect: 'S', title: 't' } } : {}),
      });
      assert.equal(res.statusCode, 403, `${method} ${url}`);
    }
    assert.equal((await f.inject({ url: '/api/v1/cases' })).statusCode, 401);
  });
});
