/**
 * An actor's daily activity next to its peers' band, for the dashboard's alert page: distinct
 * customers per local day for the actor, and the 10th, 50th and 90th percentile of the same
 * among its peer group (same role and branch) on that day.
 */
import type { Kysely } from 'kysely';
import { NotFoundError } from '../core/errors.ts';
import type { Schema } from '../store/schema.ts';
import { addDays, localTime } from './local-time.ts';
import { DEFAULT_WATCH_OPTIONS } from './watch-options.ts';

export interface ActorActivity {
  actor: string;
  role: string | null;
  branch: string | null;
  days: string[];
  values: number[];
  peerLow: number[];
  peerMedian: number[];
  peerHigh: number[];
  /** Peers in the group. */
  peers: number;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Daily distinct customers of `actor` over `days` days ending `until` (default: its last active
 * day), with the peer band. NotFoundError when the actor has no events and is not staff.
 *
 * @example
 * const a = await actorActivity(db, 'S10042', { days: 90 });
 */
export async function actorActivity(
  db: Kysely<Schema>,
  actor: string,
  options: { days?: number; until?: string; utcOffsetMinutes?: number } = {},
): Promise<ActorActivity> {
  const offset = options.utcOffsetMinutes ?? DEFAULT_WATCH_OPTIONS.utcOffsetMinutes;
  const span = Math.min(366, Math.max(1, options.days ?? 90));
  const staff = await db
    .selectFrom('staff')
    .select(['role', 'branch'])
    .where('staff_id', '=', actor)
    .executeTakeFirst();
  let until = options.until;
  if (!until) {
    const last = await db
      .selectFrom('access_events')
      .select('ts')
      .where('actor', '=', actor)
      .orderBy('ts', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!last && !staff) throw new NotFoundError(`actor ${actor} has no access events`);
    until = last
      ? (localTime(last.ts, offset)?.day ?? last.ts.slice(0, 10))
      : new Date().toISOString().slice(0, 10);
  }
  const from = addDays(until, -(span - 1));
  const days = Array.from({ length: span }, (_, i) => addDays(from, i));
  let role = staff?.role ?? null;
  let branch = staff?.branch ?? null;
  if (!role) {
    const e = await db
      .selectFrom('access_events')
      .select(['role', 'branch'])
      .where('actor', '=', actor)
      .where('role', 'is not', null)
      .limit(1)
      .executeTakeFirst();
    role = e?.role ?? null;
    branch = e?.branch ?? null;
  }
  let peerIds: string[] = [];
  if (role) {
    let q = db
      .selectFrom('staff')
      .select('staff_id')
      .where('role', '=', role)
      .where('staff_id', '!=', actor);
    if (branch) q = q.where('branch', '=', branch);
    peerIds = (await q.limit(500).execute()).map((r) => r.staff_id);
  }
  const counts = new Map<string, Map<string, Set<string>>>();
  const load = async (ids: string[]) => {
    for (let i = 0; i < ids.length; i += 200) {
      const rows = await db
        .selectFrom('access_event_customers')
        .select(['actor', 'customer_id', 'ts'])
        .where('actor', 'in', ids.slice(i, i + 200))
        .where('ts', '>=', addDays(from, -1))
        .where('ts', '<', addDays(until, 2))
        .execute();
      for (const r of rows) {
        const t = localTime(r.ts, offset);
        if (!t || t.day < from || t.day > until) continue;
        let perDay = counts.get(r.actor);
        if (!perDay) counts.set(r.actor, (perDay = new Map()));
        let set = perDay.get(t.day);
        if (!set) perDay.set(t.day, (set = new Set()));
        set.add(r.customer_id);
      }
    }
  };
  await load([actor, ...peerIds]);
  const mine = counts.get(actor);
  const values = days.map((d) => mine?.get(d)?.size ?? 0);
  const peerLow: number[] = [];
  const peerMedian: number[] = [];
  const peerHigh: number[] = [];
  for (const d of days) {
    const v = peerIds
      .map((p) => counts.get(p)?.get(d)?.size ?? 0)
      .filter((x) => x > 0)
      .sort((a, b) => a - b);
    peerLow.push(Math.round(quantile(v, 0.1)));
    peerMedian.push(Math.round(quantile(v, 0.5)));
    peerHigh.push(Math.round(quantile(v, 0.9)));
  }
  return {
    actor,
    role,
    branch,
    days,
    values,
    peerLow,
    peerMedian,
    peerHigh,
    peers: peerIds.length,
  };
}
