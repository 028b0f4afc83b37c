import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { saveAlerts } from '../../src/watch/alert-store.ts';
import {
  buildWebhookRequest,
  dingTalkSign,
  signJsonBody,
  type DeliverableAlert,
  type Webhook,
} from '../../src/watch/delivery/webhook-formats.ts';
import { deliverAlerts, sendAlert } from '../../src/watch/delivery/webhook-sender.ts';
import {
  addWebhook,
  describeWebhooks,
  removeWebhook,
} from '../../src/watch/delivery/webhook-store.ts';
import type { WatchAlert } from '../../src/watch/watch-types.ts';
import { describeEachEngine } from '../helpers/databases.ts';

interface Received {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local HTTP server answering with `responses` in turn (the last one repeats). */
async function receiver(t: { after(fn: () => unknown): void }, responses: Array<[number, string]>) {
  const received: Received[] = [];
  let i = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body });
      const [status, text] = responses[Math.min(i++, responses.length - 1)]!;
      res.writeHead(status, { 'content-type': 'application/json' }).end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, received };
}

const ALERT: DeliverableAlert = {
  id: 'al_0123456789abcdef',
  actor: 'S10042',
  day: '2025-03-04',
  score: 2.5,
  kind: 'slow_drip',
  reasons: ['read 412 distinct customers without a business outcome over 4 active days'],
  customers: 412,
};

const NOW = new Date('2025-03-05T01:00:00Z');
const noSleep = async () => undefined;

test('generic JSON: body and HMAC-SHA256 signature header verify', async (t) => {
  const { base, received } = await receiver(t, [[204, '']]);
  const hook: Webhook = {
    id: 'wh_1',
    kind: 'json',
    url: `${base}/hook`,
    secret: 's3cret',
    minScore: 0,
  };
  const r = await sendAlert(hook, ALERT, { now: () => NOW, sleep: noSleep });
  assert.deepEqual(r, { delivered: true, attempts: 1, error: null });
  const got = received[0]!;
  const ts = Number(got.headers['x-piguard-timestamp']);
  assert.equal(ts, Math.floor(NOW.getTime() / 1000));
  const expected = `sha256=${createHmac('sha256', 's3cret').update(`${ts}.${got.body}`).digest('hex')}`;
  assert.equal(got.headers['x-piguard-signature'], expected);
  assert.equal(signJsonBody('s3cret', ts, got.body), expected);
  const body = JSON.parse(got.body) as { type: string; alert: Record<string, unknown> };
  assert.equal(body.type, 'piguard.alert');
  assert.deepEqual(Object.keys(body.alert), [
    'id',
    'actor',
    'day',
    'score',
    'kind',
    'reasons',
    'customers',
  ]);
});

test('WeCom: markdown message; errcode ≠ 0 is a failure', async (t) => {
  const { base, received } = await receiver(t, [
    [200, '{"errcode":45009,"errmsg":"api freq out of limit"}'],
    [200, '{"errcode":0,"errmsg":"ok"}'],
  ]);
  const hook: Webhook = {
    id: 'wh_2',
    kind: 'wecom',
    url: `${base}/cgi-bin/webhook/send?key=K`,
    secret: null,
    minScore: 0,
  };
  const r = await sendAlert(hook, ALERT, { sleep: noSleep });
  assert.equal(r.delivered, true);
  assert.equal(r.attempts, 2);
  const body = JSON.parse(received[1]!.body) as { msgtype: string; markdown: { content: string } };
  assert.equal(body.msgtype, 'markdown');
  assert.match(body.markdown.content, /slow_drip — S10042/);
  assert.match(body.markdown.content, /customers: 412/);
  assert.equal(received[1]!.url, '/cgi-bin/webhook/send?key=K');
});

test("DingTalk: signed URL per DingTalk's 加签 (timestamp ms + HMAC-SHA256 of timestamp\\nsecret)", async (t) => {
  const { base, received } = await receiver(t, [[200, '{"errcode":0,"errmsg":"ok"}']]);
  const secret = 'SECabc123';
  const hook: Webhook = {
    id: 'wh_3',
    kind: 'dingtalk',
    url: `${base}/robot/send?access_token=T`,
    secret,
    minScore: 0,
  };
  const r = await sendAlert(hook, ALERT, { now: () => NOW, sleep: noSleep });
  assert.equal(r.delivered, true);
  const u = new URL(received[0]!.url, base);
  assert.equal(u.searchParams.get('access_token'), 'T');
  assert.equal(u.searchParams.get('timestamp'), String(NOW.getTime()));
  const mac = createHmac('sha256', secret).update(`${NOW.getTime()}\n${secret}`).digest('base64');
  assert.equal(u.searchParams.get('sign'), mac);
  assert.equal(dingTalkSign(secret, NOW.getTime()), encodeURIComponent(mac));
  const body = JSON.parse(received[0]!.body) as {
    msgtype: string;
    markdown: { title: string; text: string };
  };
  assert.equal(body.msgtype, 'markdown');
  assert.match(body.markdown.title, /slow_drip/);
});

test('retries with exponential backoff on 5xx, gives up after the attempts; 4xx is final', async (t) => {
  const { base, received } = await receiver(t, [[503, '']]);
  const waits: number[] = [];
  const hook: Webhook = { id: 'wh_4', kind: 'json', url: `${base}/x`, secret: null, minScore: 0 };
  const r = await sendAlert(hook, ALERT, {
    attempts: 4,
    backoffMs: 100,
    sleep: async (ms) => void waits.push(ms),
  });
  assert.deepEqual(r, { delivered: false, attempts: 4, error: 'HTTP 503' });
  assert.deepEqual(waits, [100, 200, 400]);
  assert.equal(received.length, 4);
  const four = await receiver(t, [[404, '']]);
  const r2 = await sendAlert({ ...hook, url: `${four.base}/x` }, ALERT, { sleep: noSleep });
  assert.equal(r2.attempts, 1);
  const dead = await sendAlert({ ...hook, url: 'http://127.0.0.1:9/x' }, ALERT, {
    attempts: 2,
    sleep: noSleep,
  });
  assert.deepEqual(dead, { delivered: false, attempts: 2, error: 'network error' });
});

test('messages carry ids and numbers only', () => {
  for (const kind of ['json', 'wecom', 'dingtalk'] as const) {
    const req = buildWebhookRequest(
      { id: 'w', kind, url: 'https://example.org/x?k=1', secret: 's', minScore: 0 },
      ALERT,
      NOW,
    );
    assert.doesNotMatch(req.body, /1[3-9]\d{9}|\d{17}[\dX]/);
  }
});

describeEachEngine('alert webhooks in the database', (engine) => {
  test('add, list without secrets, deliver new alerts above min score, record, remove', async (t) => {
    const d = await engine.open(t);
    const { base, received } = await receiver(t, [[200, '{"errcode":0}']]);
    const id = await addWebhook(d.db, {
      kind: 'dingtalk',
      url: `${base}/robot/send?access_token=TOKEN`,
      secret: 'SECx',
      minScore: 2,
    });
    await addWebhook(d.db, { kind: 'json', url: `${base}/json`, secret: 'k' });
    const listed = await describeWebhooks(d.db);
    assert.equal(listed.length, 2);
    assert.ok(
      !JSON.stringify(listed).includes('TOKEN') && !JSON.stringify(listed).includes('SECx'),
    );
    const alerts: WatchAlert[] = [
      { ...ALERT, score: 3, since: ALERT.day, kinds: ['slow_drip'], final: true },
      { ...ALERT, actor: 'S2', score: 1, since: ALERT.day, kinds: ['slow_drip'], final: true },
    ];
    const ids = await saveAlerts(d.db, alerts);
    const n = await deliverAlerts(d.db, ids, { sleep: noSleep });
    assert.equal(n, 3); // high score → both hooks; low score → json only
    assert.equal(received.length, 3);
    const rows = await d.db.selectFrom('alert_deliveries').selectAll().execute();
    assert.equal(rows.length, 3);
    assert.ok(rows.every((r) => r.status === 'delivered'));
    await removeWebhook(d.db, id);
    assert.equal((await describeWebhooks(d.db)).length, 1);
    await assert.rejects(removeWebhook(d.db, id), /does not exist/);
    await assert.rejects(addWebhook(d.db, { kind: 'json', url: 'ftp://x' }), /http/);
  });
});
