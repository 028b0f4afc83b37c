/**
 * The external scorer (bench/watch-external.bench.ts): both truth formats normalise the same
 * way, and delays, misses and false alerts are counted as documented.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTruth, scoreAlerts, type AlertLine } from '../../bench/watch-external.bench.ts';

const alert = (actor: string, day: string, kind = 'slow_drip'): AlertLine => ({
  actor,
  day,
  score: 1,
  kind,
  reasons: [],
  customers: 1,
});

test('sim truth: malicious kinds are insiders, the rest benign with their actors', () => {
  const t = parseTruth(
    {
      start: '2025-01-01',
      scenarios: [
        { kind: 'bulk_export', actor: 'S1', start: '2025-02-03', end: '2025-02-03' },
        { kind: 'audit', actor: 'S2', start: '2025-02-01', end: '2025-02-20' },
        { kind: 'renewal_campaign', actors: ['S3', 'S4'], start: '2025-03-01', end: '2025-03-30' },
      ],
    },
    'truth.json',
  );
  assert.deepEqual(t.insiders, [
    { actor: 'S1', kind: 'bulk_export', start: '2025-02-03', end: '2025-02-03' },
  ]);
  assert.deepEqual(
    t.benign.map((b) => [b.kind, b.actors]),
    [
      ['audit', ['S2']],
      ['renewal_campaign', ['S3', 'S4']],
    ],
  );
});

test('external truth: insiders and benign as given; a bad date names the entry', () => {
  const t = parseTruth(
    {
      insiders: [{ actor: 'A', kind: 'drip', start: '2025-05-01', end: '2025-06-30' }],
      benign: [{ kind: 'audit', actors: ['B'], start: '2025-05-02', end: '2025-05-09' }],
    },
    'x.json',
  );
  assert.equal(t.insiders[0]!.kind, 'drip');
  assert.deepEqual(t.benign[0]!.actors, ['B']);
  assert.throws(
    () => parseTruth({ insiders: [{ actor: 'A', start: 'soon' }] }, 'x.json'),
    /x\.json: insiders\[0\]\.start/,
  );
  assert.throws(() => parseTruth({}, 'x.json'), /neither/);
});

test('delays, misses, false alerts inside and outside windows, benign attribution', () => {
  const truth = parseTruth(
    {
      insiders: [
        { actor: 'A', kind: 'drip', start: '2025-05-01', end: '2025-05-31' },
        { actor: 'M', kind: 'bulk', start: '2025-05-10', end: '2025-05-10' },
      ],
      benign: [{ kind: 'audit', actors: ['B'], start: '2025-05-02', end: '2025-05-09' }],
    },
    't',
  );
  const s = scoreAlerts(
    truth,
    [
      alert('A', '2025-04-20'), // before start: false
      alert('A', '2025-05-06'), // delay 5
      alert('A', '2025-06-10'), // within end + 14: true
      alert('A', '2025-06-20'), // after end + 14: false
      alert('B', '2025-05-15', 'read_spike'), // during audit + 7: false, attributed to audit
      alert('C', '2025-05-15', 'read_spike'), // false
    ],
    2000,
    14,
    '2025-04-01',
  );
  assert.deepEqual(
    s.insiders.map((i) => [i.actor, i.delay, i.alerts]),
    [
      ['A', 5, 2],
      ['M', null, 0],
    ],
  );
  assert.equal(s.falseAlerts, 4);
  assert.equal(s.falsePer1000, 2);
  assert.deepEqual(s.falseByDetector, { slow_drip: 2, read_spike: 2 });
  assert.deepEqual(s.benign, [{ kind: 'audit', actors: 1, falseAlerts: 1 }]);
});
