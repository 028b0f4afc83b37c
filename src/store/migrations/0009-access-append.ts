/**
 * Migration 0009: one-round-trip gateway appends on PostgreSQL (issue 4), additive.
 *
 * - `staff_version`: one row whose counter every change to `staff` bumps (a trigger, so every
 *   writer — staff import, `piguard staff`, the API, plain SQL — bumps it). The gateway caches
 *   staff records and checks this counter in the same statement as its audit append: a leaver
 *   whose end date was just set, or a member whose role changed, is never served from a stale
 *   cache (the batch is redone with fresh records instead). Both engines get it, so the schema is
 *   the same everywhere; PostgreSQL bumps once per statement, SQLite (no statement-level
 *   triggers) once per row.
 * - PostgreSQL only, `piguard_record_access(...)`: under the audit head's row lock, checks that
 *   the head is the one the caller's tree extends (size and root) and that staff are unchanged,
 *   then writes the audit entries, tree nodes, new head and the access-index rows
 *   (`access_events`, `access_event_refs`) — what took four statements (head lock, append, index)
 *   and a staff SELECT per batch. Status 0: written; 1: the head moved (nothing written, lock
 *   held: the caller restores its tree from the stored border and calls again); 2: staff changed
 *   (nothing written). Tables are resolved through search_path at call time, like every other
 *   statement of the application.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Engine } from '../database-url.ts';

/** Status codes of piguard_record_access. */
export const RECORD_ACCESS_WRITTEN = 0;
export const RECORD_ACCESS_HEAD_MOVED = 1;
export const RECORD_ACCESS_STAFF_CHANGED = 2;

const RECORD_ACCESS_FUNCTION = sql`
create function piguard_record_access(
  p_log bigint, p_size bigint, p_root bytea, p_staff_version bigint,
  e_idx bigint[], e_leaf bytea[], e_entry bytea[],
  n_level integer[], n_idx bigint[], n_hash bytea[],
  p_new_size bigint, p_new_root bytea,
  a_ts text[], a_actor text[], a_action text[], a_purpose text[], a_source text[],
  a_role text[], a_branch text[], a_outcome text[], a_decision text[], a_customers integer[],
  a_export text[], r_idx bigint[], r_customer text[]
) returns integer
language plpgsql volatile
as $fn$
declare
  h_size bigint;
  h_root bytea;
  v bigint;
begin
  select size, root_hash into h_size, h_root from audit_logs where log_id = p_log for update;
  if not found then
    raise exception 'audit log % does not exist', p_log;
  end if;
  if h_size <> p_size or h_root <> p_root then
    return 1;
  end if;
  if p_staff_version is not null then
    select version into v from staff_version where id = 1;
    if v is distinct from p_staff_version then
      return 2;
    end if;
  end if;
  insert into audit_entries (log_id, idx, leaf_hash, entry)
  select p_log, * from unnest(e_idx, e_leaf, e_entry);
  if cardinality(n_level) > 0 then
    insert into audit_nodes (log_id, level, idx, hash)
    select p_log, * from unnest(n_level, n_idx, n_hash);
  end if;
  update audit_logs set size = p_new_size, root_hash = p_new_root where log_id = p_log;
  insert into access_events (audit_idx, ts, actor, action, purpose, source, role, branch,
    outcome, decision, customers, export_id)
  select * from unnest(e_idx, a_ts, a_actor, a_action, a_purpose, a_source, a_role, a_branch,
    a_outcome, a_decision, a_customers, a_export);
  if cardinality(r_idx) > 0 then
    insert into access_event_refs (audit_idx, customer_id)
    select * from unnest(r_idx, r_customer);
  end if;
  return 0;
end
$fn$`;

/**
 * @example
 * const m = accessAppendMigration('postgres'); await m.up(db);
 */
export function accessAppendMigration(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // Kysely runs SQLite migrations outside a transaction: take one, so a crash leaves none of
      // it behind (PostgreSQL migrations already run in one).
      if (engine === 'sqlite') await db.transaction().execute((trx) => up(trx, engine));
      else await up(db, engine);
    },
  };
}

async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await sql`
        create table staff_version (
          id integer primary key check (id = 1),
          version bigint not null
        )`.execute(db);
  await sql`insert into staff_version (id, version) values (1, 0)`.execute(db);
  if (engine === 'sqlite') {
    for (const event of ['insert', 'update', 'delete']) {
      await sql`
            create trigger ${sql.raw(`staff_version_${event}`)} after ${sql.raw(event)} on staff
            begin
              update staff_version set version = version + 1 where id = 1;
            end`.execute(db);
    }
    return;
  }
  await sql`
        create function piguard_bump_staff_version() returns trigger
        language plpgsql as $fn$
        begin
          update staff_version set version = version + 1 where id = 1;
          return null;
        end
        $fn$`.execute(db);
  await sql`
        create trigger staff_version_bump
        after insert or update or delete or truncate on staff
        for each statement execute function piguard_bump_staff_version()`.execute(db);
  await RECORD_ACCESS_FUNCTION.execute(db);
}
