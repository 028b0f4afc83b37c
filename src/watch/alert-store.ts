/**
 * Alerts in the database (table `alerts`): upserted by stable id so that re-runs and the hourly
 * incremental run update an alert in place (keeping its investigation status), listed with
 * filters and pages for the dashboard and cases.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { NotFoundError } from '../core/errors.ts';
import type { Schema } from '../store/schema.ts';
import type { AlertKind, WatchAlert } from './watch-types.ts';

/** Investigation states of an alert. */
export const ALERT_STATUSES = ['open', 'acknowledged', 'dismissed', 'escalated'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** An alert as stored: §5.4 fields, id and status. */
export interface StoredAlert extends WatchAlert {
  id: string;
  status: AlertStatus;
  created_at: string;
  updated_at: string;
}

/**
 * The stable id of an alert: actor, day and kind.
 *
 * @example
 * alertId({ actor: 'S1', day: '2025-03-01', kind: 'slow_drip' }) // 'al_…' (16 hex digits)
 */
export function alertId(a: Pick<WatchAlert, 'actor' | 'day' | 'kind'>): string {
  return `al_${createHash('sha256').update(`${a.actor}\u0000${a.day}\u0000${a.kind}`).digest('hex').slice(0, 16)}`;
}

/**
 * Inserts or updates alerts; a provisional alert never overwrites a final one. Returns the ids of
 * alerts that were not stored before (new alerts, e.g. for delivery).
 *
 * @example
 * const fresh = await saveAlerts(db, alerts, new Date());
 */
export async function saveAlerts(
  db: Kysely<Schema>,
  alerts: readonly WatchAlert[],
  now: Date = new Date(),
): Promise<string[]> {
  if (alerts.length === 0) return [];
  const at = now.toISOString();
  const fresh: string[] = [];
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < alerts.length; i += 500) {
      const chunk = alerts.slice(i, i + 500);
      const ids = chunk.map(alertId);
      const existing = new Map(
        (
          await trx
            .selectFrom('alerts')
            .select(['alert_id', 'final'])
            .where('alert_id', 'in', ids)
            .execute()
        ).map((r) => [r.alert_id, Number(r.final)]),
      );
      for (let k = 0; k < chunk.length; k++) {
        const a = chunk[k]!;
        const id = ids[k]!;
        const row = {
          actor: a.actor,
          day: a.day,
          kind: a.kind,
          score: a.score,
          customers: a.customers,
          reasons: JSON.stringify(a.reasons),
          kinds: JSON.stringify(a.kinds),
          since_day: a.since,
          final: a.final ? 1 : 0,
          updated_at: at,
        };
        const was = existing.get(id);
        if (was === undefined) {
          await trx
            .insertInto('alerts')
            .values({ alert_id: id, ...row, status: 'open', created_at: at })
            .execute();
          fresh.push(id);
        } else if (a.final || was === 0) {
          await trx.updateTable('alerts').set(row).where('alert_id', '=', id).execute();
        }
      }
    }
  });
  return fresh;
}

/** Filters and page of {@link listAlerts}. */
export interface AlertQuery {
  page?: number;
  pageSize?: number;
  since?: string;
  until?: string;
  actor?: string;
  kind?: AlertKind | string;
  status?: AlertStatus | string;
  minScore?: number;
}

type AlertRow = Schema['alerts'];

function toStored(r: AlertRow): StoredAlert {
  return {
    id: r.alert_id,
    actor: r.actor,
    day: r.day,
    score: Number(r.score),
    kind: r.kind as AlertKind,
    reasons: JSON.parse(r.reasons) as string[],
    customers: Number(r.customers),
    since: r.since_day,
    kinds: JSON.parse(r.kinds) as AlertKind[],
    final: Number(r.final) === 1,
    status: r.status as AlertStatus,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

/**
 * Alerts matching `q`, newest day first then highest score, with the total count.
 *
 * @example
 * const { items, total } = await listAlerts(db, { page: 1, pageSize: 50, since: '2025-03-01' });
 */
export async function listAlerts(
  db: Kysely<Schema>,
  q: AlertQuery = {},
): Promise<{ items: StoredAlert[]; total: number }> {
  const pageSize = Math.min(500, Math.max(1, q.pageSize ?? 50));
  const page = Math.max(1, q.page ?? 1);
  let base = db.selectFrom('alerts');
  if (q.since) base = base.where('day', '>=', q.since);
  if (q.until) base = base.where('day', '<=', q.until);
  if (q.actor) base = base.where('actor', '=', q.actor);
  if (q.kind) base = base.where('kind', '=', q.kind);
  if (q.status) base = base.where('status', '=', q.status);
  if (q.minScore !== undefined) base = base.where('score', '>=', q.minScore);
  const total = await base
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base
    .selectAll()
    .orderBy('day', 'desc')
    .orderBy('score', 'desc')
    .orderBy('alert_id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { items: rows.map(toStored), total: Number(total.n) };
}

/**
 * One alert by id; NotFoundError when absent.
 *
 * @example
 * const a = await getAlert(db, 'al_0123456789abcdef');
 */
export async function getAlert(db: Kysely<Schema>, id: string): Promise<StoredAlert> {
  const row = await db
    .selectFrom('alerts')
    .selectAll()
    .where('alert_id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`alert ${id} does not exist`);
  return toStored(row);
}

/**
 * Sets an alert's investigation status.
 *
 * @example
 * await setAlertStatus(db, id, 'acknowledged');
 */
export async function setAlertStatus(
  db: Kysely<Schema>,
  id: string,
  status: AlertStatus,
  now: Date = new Date(),
): Promise<void> {
  const r = await db
    .updateTable('alerts')
    .set({ status, updated_at: now.toISOString() })
    .where('alert_id', '=', id)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new NotFoundError(`alert ${id} does not exist`);
}
