import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/core/errors.ts';
import type { AccessEvent } from '../../src/core/access-event.ts';
import {
  createOrganisation,
  isHoliday,
  isWorkday,
  simulateDays,
  simulateEvents,
  SCENARIO_KINDS,
  type SimOrganisation,
} from '../../src/sim/index.ts';

// Seeds are picked at random per run and printed on failure.
const SEED = Number(process.env['SIM_TEST_SEED'] ?? Math.floor(Math.random() * 1e9));
const note = `(seed ${SEED}; rerun with SIM_TEST_SEED=${SEED})`;

const org = createOrganisation({ customers: 6000, staff: 160, months: 9, seed: SEED });
const days: { day: string; events: AccessEvent[] }[] = [...simulateDays(org)];
const byActor = new Map<string, AccessEvent[]>();
for (const { events } of days) {
  for (const e of events) {
    const list = byActor.get(e.actor) ?? [];
    list.push(e);
    byActor.set(e.actor, list);
  }
}
const localDay = (ts: string): string => ts.slice(0, 10);

test('every scenario kind is injected and recorded in truth', () => {
  const kinds = new Set(org.truth.scenarios.map((s) => s.kind));
  for (const k of SCENARIO_KINDS) assert.ok(kinds.has(k), `${k} missing ${note}`);
  for (const s of org.truth.scenarios) {
    assert.ok(
      s.start >= org.truth.start && s.end <= org.truth.end && s.start <= s.end,
      `${s.id} ${note}`,
    );
  }
});

test('events are time-ordered, well-formed and within their day', () => {
  const staff = new Map(org.staff.map((s) => [s.staff_id, s]));
  for (const { day, events } of days) {
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      assert.equal(localDay(e.ts), day);
      assert.match(e.ts, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
      if (i > 0) assert.ok(events[i - 1]!.ts <= e.ts, `order on ${day} ${note}`);
      const s = staff.get(e.actor);
      assert.ok(s, `unknown actor ${note}`);
      assert.equal(e.role, s.role);
      assert.ok(e.customers.length > 0);
      // Nobody works before joining or after leaving.
      assert.ok(
        day >= s.start_date && (!s.end_date || day <= s.end_date),
        `${e.actor} on ${day} ${note}`,
      );
    }
  }
});

test('most legitimate reads lead to a business outcome', () => {
  const insiders = new Set(
    org.truth.scenarios
      .filter((s) => s.actor && !['audit', 'new_hire'].includes(s.kind))
      .map((s) => s.actor!),
  );
  let reads = 0;
  let outcomes = 0;
  for (const { events } of days) {
    for (const e of events) {
      if (insiders.has(e.actor) || e.action === 'search' || e.action === 'export') continue;
      reads++;
      if (e.outcome) outcomes++;
    }
  }
  assert.ok(outcomes / reads > 0.7, `${outcomes}/${reads} ${note}`);
});

test('weekends and public holidays have little activity; make-up workdays are worked', () => {
  const perKind = { workday: [] as number[], holiday: [] as number[] };
  let makeup = 0;
  for (const { day, events } of days) {
    if (isHoliday(day)) perKind.holiday.push(events.length);
    else if (isWorkday(day)) perKind.workday.push(events.length);
    if (day === '2025-01-26' || day === '2025-02-08') makeup = Math.max(makeup, events.length);
  }
  const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
  assert.ok(perKind.holiday.length > 0);
  assert.ok(mean(perKind.holiday) < 0.15 * mean(perKind.workday), note);
  if (org.truth.start <= '2025-01-26') assert.ok(makeup > 0.5 * mean(perKind.workday), note);
});

test('office hours dominate, with a lunch dip', () => {
  const hours = new Array<number>(24).fill(0);
  for (const { events } of days) for (const e of events) hours[Number(e.ts.slice(11, 13))]!++;
  const total = hours.reduce((a, b) => a + b, 0);
  const office = hours.slice(9, 18).reduce((a, b) => a + b, 0);
  assert.ok(office / total > 0.8, note);
  assert.ok(hours[12]! < 0.6 * hours[10]!, note);
});

test('a slow exfiltrator reads extra customers every working day, with no outcome', () => {
  for (const s of org.truth.scenarios.filter((x) => x.kind === 'slow_exfiltration')) {
    const extra = s.params['extra_per_day'] as number;
    const mine = byActor.get(s.actor!) ?? [];
    const before = new Map<string, number>();
    const during = new Map<string, number>();
    for (const e of mine) {
      const d = localDay(e.ts);
      if (e.outcome) continue;
      const m = d < s.start ? before : d <= s.end ? during : undefined;
      m?.set(d, (m.get(d) ?? 0) + e.customers.length);
    }
    const avg = (m: Map<string, number>): number =>
      [...m.values()].reduce((a, b) => a + b, 0) / Math.max(1, m.size);
    assert.ok(
      avg(during) - avg(before) > 0.8 * extra,
      `${s.id}: ${avg(before)} → ${avg(during)} ${note}`,
    );
  }
});

test('bulk exporter exports thousands, then leaves', () => {
  for (const s of org.truth.scenarios.filter((x) => x.kind === 'bulk_export')) {
    const exported = (byActor.get(s.actor!) ?? [])
      .filter((e) => e.action === 'export' && localDay(e.ts) === s.start)
      .reduce((n, e) => n + e.customers.length, 0);
    assert.equal(exported, s.params['exported'], note);
    const person = org.staff.find((p) => p.staff_id === s.actor)!;
    assert.equal(person.end_date, s.params['end_date']);
    assert.ok(person.end_date! > s.start);
  }
});

test('off-hours scraping and a compromised account happen at night; the latter from a new source', () => {
  for (const s of org.truth.scenarios.filter(
    (x) => x.kind === 'off_hours_scraping' || x.kind === 'compromised_account',
  )) {
    const night = (byActor.get(s.actor!) ?? []).filter((e) => {
      const h = Number(e.ts.slice(11, 13));
      return localDay(e.ts) >= s.start && localDay(e.ts) <= s.end && (h < 6 || h >= 20);
    });
    assert.ok(night.length >= 100, `${s.id}: ${night.length} ${note}`);
    if (s.kind === 'compromised_account') {
      assert.ok(night.filter((e) => e.source === 'vpn').length >= 100, `${s.id} ${note}`);
      const earlier = (byActor.get(s.actor!) ?? []).filter((e) => localDay(e.ts) < s.start);
      assert.ok(
        earlier.every((e) => e.source !== 'vpn'),
        'vpn is new for the account',
      );
    }
  }
});

test('cross-book browsing reads other agents\u2019 customers', () => {
  const agentOf = new Map(org.customers.map((c) => [c.customer_id, c.agent]));
  for (const s of org.truth.scenarios.filter((x) => x.kind === 'cross_book_browsing')) {
    let others = 0;
    for (const e of byActor.get(s.actor!) ?? []) {
      const d = localDay(e.ts);
      if (d < s.start || d > s.end || e.outcome) continue;
      for (const c of e.customers) if (agentOf.get(c) !== s.actor) others++;
    }
    assert.ok(others >= (s.params['records'] as number) * 0.9, `${s.id} ${note}`);
  }
});

test('benign surprises: the audit is purpose-bound with outcomes; the campaign raises volume', () => {
  for (const s of org.truth.scenarios.filter((x) => x.kind === 'audit')) {
    const audit = (byActor.get(s.actor!) ?? []).filter((e) => e.purpose === 'internal_audit');
    assert.ok(audit.length > 500, note);
    assert.ok(audit.filter((e) => e.outcome).length / audit.length > 0.9, note);
  }
  for (const s of org.truth.scenarios.filter((x) => x.kind === 'renewal_campaign')) {
    assert.ok((s.actors ?? []).length > 0);
    const exports = days
      .flatMap((d) => d.events)
      .filter(
        (e) =>
          e.action === 'export' && e.outcome === 'renewal_list_prepared' && e.branch === s.branch,
      );
    assert.ok(exports.length > 0, note);
  }
  const merger = org.truth.scenarios.find((x) => x.kind === 'branch_merger');
  if (merger) {
    // Every moved member of staff who still works after the merger day does so in the branch
    // that absorbed theirs (one who left before the merger has only earlier events).
    for (const moved of merger.actors!) {
      const branches = new Set(
        (byActor.get(moved) ?? [])
          .filter((e) => localDay(e.ts) >= merger.start)
          .map((e) => e.branch),
      );
      assert.ok(branches.size === 0 || branches.has(merger.params['into'] as string), note);
    }
  }
});

test('leaked rows come from what their sources had read before the leak was seen', () => {
  assert.ok(org.leaks.length >= 3, note);
  const readBy = new Map<string, Map<string, string>>(); // actor → customer → first day
  for (const [actor, events] of byActor) {
    const m = new Map<string, string>();
    for (const e of events) for (const c of e.customers) if (!m.has(c)) m.set(c, e.ts);
    readBy.set(actor, m);
  }
  const ids = new Set(org.customers.map((c) => c.customer_id));
  const phones = new Set(org.customers.map((c) => c.phone));
  for (const leak of org.leaks) {
    const t = leak.truth;
    assert.equal(leak.rows.length, t.rows);
    assert.equal(leak.customerIds.filter((x) => x === null).length, t.outside_rows);
    for (const src of t.sources) {
      assert.equal(leak.sourceOfRow.filter((a) => a === src.actor).length, src.rows);
    }
    leak.customerIds.forEach((id, i) => {
      const source = leak.sourceOfRow[i];
      if (id === null) {
        const col = leak.headers.findIndex((h) => /手机|电话|phone/.test(h));
        if (col >= 0)
          assert.ok(
            !phones.has(leak.rows[i]![col]!.replace(/\D/g, '').slice(-11)),
            'outside phone',
          );
        return;
      }
      assert.ok(ids.has(id));
      const first = readBy.get(source!)?.get(id);
      assert.ok(
        first !== undefined && first < t.seen_at,
        `${t.file}: row ${i} not read by its source before ${t.seen_at} ${note}`,
      );
    });
    if (t.transforms.includes('traditional'))
      assert.ok(
        leak.rows.some((r) => /[張陳劉楊黃趙吳]/.test(r.join(''))),
        note,
      );
  }
  assert.ok(
    org.leaks.some((l) => l.truth.sources.length === 2),
    'a merged leak',
  );
});

test('the complaint wave comes from the leaked list of its cause', () => {
  const t = org.truth.complaints;
  assert.ok(t.caused_by && t.leak, note);
  const leak = org.leaks.find((l) => l.truth.file === t.leak)!;
  const onList = new Set(leak.customerIds.filter((x): x is string => x !== null));
  const byPhone = new Map(org.customers.map((c) => [c.phone, c.customer_id]));
  const fromList = org.complaints.filter((c) =>
    onList.has(c.customer ?? byPhone.get(c.phone!) ?? ''),
  ).length;
  assert.ok(fromList >= t.wave, note);
  assert.equal(t.total, org.complaints.length);
  assert.ok(t.wave >= 30 && t.share < 1, note);
  assert.ok(t.total - t.wave > 0, `background complaints too ${note}`);
});

test('the same seed gives the same organisation and events; another seed differs', () => {
  const small = { customers: 1500, staff: 60, months: 3 };
  const a = createOrganisation({ ...small, seed: SEED });
  const b = createOrganisation({ ...small, seed: SEED });
  const c = createOrganisation({ ...small, seed: SEED + 1 });
  assert.deepEqual(a.truth, b.truth);
  assert.deepEqual(a.staff, b.staff);
  assert.deepEqual(a.customers, b.customers);
  assert.deepEqual(a.leaks, b.leaks);
  assert.deepEqual(a.complaints, b.complaints);
  const ea = [...simulateEvents(a)];
  assert.deepEqual(ea, [...simulateEvents(b)]);
  assert.notDeepEqual(ea, [...simulateEvents(c)]);
});

test('bad options are usage errors', () => {
  const bad: Parameters<typeof createOrganisation>[0][] = [
    { customers: 0 },
    { staff: 1.5 },
    { months: -1 },
    { start: '2025-02-30' },
    { seed: -3 },
    { exfiltratorExtraPerDay: [150, 80] },
    { scenarios: ['nonsense' as never] },
  ];
  for (const o of bad) assert.throws(() => createOrganisation(o), UsageError, JSON.stringify(o));
});

test('an organisation without scenarios has an empty truth', () => {
  const clean: SimOrganisation = createOrganisation({
    customers: 500,
    staff: 40,
    months: 2,
    seed: SEED,
    scenarios: [],
  });
  assert.deepEqual(clean.truth.scenarios, []);
  assert.deepEqual(clean.leaks, []);
  assert.equal(clean.truth.complaints.wave, 0);
});
