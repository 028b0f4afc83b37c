/**
 * Persistence of the watch engine's state (tables watch_state, watch_meta), so the server's
 * hourly run continues from the last closed day instead of re-reading months of events.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';
import type { ActorState } from './actor-state.ts';
import type { WatchEngineState } from './watch-engine.ts';

const LAST_CLOSED = 'last_closed_day';
const FIRST_DAY = 'first_day';
/** The organisation's hour histogram (JSON array of 24 numbers). */
const ORG_HOURS = 'org_hours';
/** Recent take-ups of sources (JSON: source → [{ day, n }]), for rollouts across runs. */
const ADOPTIONS = 'source_adoptions';

/**
 * Loads the saved state, or undefined when watch never ran to the end of the data.
 *
 * @example
 * const state = await loadWatchState(db);
 */
export async function loadWatchState(db: Kysely<Schema>): Promise<WatchEngineState | undefined> {
  const meta = await db
    .selectFrom('watch_meta')
    .select('value')
    .where('key', '=', LAST_CLOSED)
    .executeTakeFirst();
  if (!meta) return undefined;
  const actors: Record<string, ActorState> = {};
  for (const r of await db.selectFrom('watch_state').select(['actor', 'state']).execute()) {
    actors[r.actor] = JSON.parse(r.state) as ActorState;
  }
  const first = await db
    .selectFrom('watch_meta')
    .select('value')
    .where('key', '=', FIRST_DAY)
    .executeTakeFirst();
  const hours = await db
    .selectFrom('watch_meta')
    .select('value')
    .where('key', '=', ORG_HOURS)
    .executeTakeFirst();
  const orgHours = hours ? (JSON.parse(hours.value) as number[]) : null;
  const adopted = await db
    .selectFrom('watch_meta')
    .select('value')
    .where('key', '=', ADOPTIONS)
    .executeTakeFirst();
  const adoptions = adopted
    ? (JSON.parse(adopted.value) as NonNullable<WatchEngineState['adoptions']>)
    : null;
  return {
    version: 1,
    firstDay: first?.value ?? null,
    lastClosedDay: meta.value,
    actors,
    orgHours,
    adoptions,
  };
}

/**
 * Saves the state of `actors` (all when omitted) and the last closed day, in one transaction.
 *
 * @example
 * await saveWatchState(db, engine.exportState());
 */
export async function saveWatchState(
  db: Kysely<Schema>,
  state: WatchEngineState,
  actors?: Iterable<string>,
  now: Date = new Date(),
): Promise<void> {
  if (state.lastClosedDay === null) return;
  const at = now.toISOString();
  const names = actors ? [...actors] : Object.keys(state.actors);
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < names.length; i += 500) {
      const rows = names
        .slice(i, i + 500)
        .filter((a) => state.actors[a] !== undefined)
        .map((a) => ({ actor: a, state: JSON.stringify(state.actors[a]), updated_at: at }));
      if (rows.length === 0) continue;
      await trx
        .insertInto('watch_state')
        .values(rows)
        .onConflict((oc) =>
          oc.column('actor').doUpdateSet((eb) => ({
            state: eb.ref('excluded.state'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
    const meta: Array<[string, string | null | undefined]> = [
      [LAST_CLOSED, state.lastClosedDay],
      [FIRST_DAY, state.firstDay],
      [ORG_HOURS, state.orgHours ? JSON.stringify(state.orgHours) : null],
      [ADOPTIONS, state.adoptions ? JSON.stringify(state.adoptions) : null],
    ];
    for (const [key, value] of meta) {
      if (!value) continue;
      await trx
        .insertInto('watch_meta')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    }
  });
}

/**
 * Forgets the saved state (a full re-run rebuilds it).
 *
 * @example
 * await clearWatchState(db);
 */
export async function clearWatchState(db: Kysely<Schema>): Promise<void> {
  await db.deleteFrom('watch_state').execute();
  await db.deleteFrom('watch_meta').execute();
}
