/**
 * Migration 0007: a leaner access-event index (issues 4, 6).
 *
 * Before: `access_event_customers` was a table repeating each event's actor, time and action on
 * every customer row, with four B-trees (rowid, primary key, (customer_id, ts), (actor, ts)), and
 * on SQLite `access_events` had a `bigint` key — not a rowid alias, so one more B-tree. Import
 * wrote ~8 B-tree entries per customer reference, most of them random text-keyed inserts.
 *
 * After:
 * - `access_events` keyed by `audit_idx` as SQLite's rowid (`integer primary key`), indexes
 *   (actor, ts) and (ts) as before. PostgreSQL's table is already right and is left alone.
 * - `access_event_refs (audit_idx, customer_id)`: one narrow row per customer reference,
 *   clustered by (audit_idx, customer_id) (`WITHOUT ROWID` on SQLite, so appends in audit order),
 *   plus one index on customer_id.
 * - `access_event_customers` becomes a VIEW with the same five columns (refs joined to their
 *   event), so every reader keeps its query. A predicate on the view's `actor`/`ts` is answered
 *   through `access_events (actor, ts)`, one on `customer_id` through the refs' customer index,
 *   one on `audit_idx` through both primary keys. An INSTEAD OF INSERT trigger keeps direct
 *   inserts into the view working (the event's actor, time and action are those of its
 *   `access_events` row; the values given for them are ignored).
 *
 * Existing rows are copied. Portable SQL except the trigger bodies (one per engine).
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Engine } from '../database-url.ts';

const VIEW = sql`
  create view access_event_customers as
  select r.audit_idx as audit_idx, r.customer_id as customer_id, e.actor as actor, e.ts as ts,
         e.action as action
  from access_event_refs r
  join access_events e on e.audit_idx = r.audit_idx`;

/** Rebuilds SQLite's access_events with `audit_idx integer primary key` (the rowid). */
async function rekeySqliteEvents(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('access_events_0007')
    .addColumn('audit_idx', 'integer', (c) => c.primaryKey())
    .addColumn('ts', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('branch', 'text')
    .addColumn('outcome', 'text')
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('customers', 'integer', (c) => c.notNull())
    .addColumn('export_id', 'text')
    .execute();
  await sql`
    insert into access_events_0007
      (audit_idx, ts, actor, action, purpose, source, role, branch, outcome, decision, customers,
       export_id)
    select audit_idx, ts, actor, action, purpose, source, role, branch, outcome, decision,
           customers, export_id
    from access_events order by audit_idx`.execute(db);
  await db.schema.dropTable('access_events').execute();
  await sql`alter table access_events_0007 rename to access_events`.execute(db);
  await db.schema
    .createIndex('access_events_actor_ts')
    .on('access_events')
    .columns(['actor', 'ts'])
    .execute();
  await db.schema.createIndex('access_events_ts').on('access_events').column('ts').execute();
}

/**
 * @example
 * const m = accessIndexMigration('sqlite'); await m.up(db);
 */
export function accessIndexMigration(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      let refs = db.schema
        .createTable('access_event_refs')
        .addColumn('audit_idx', 'bigint', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('access_event_refs_pk', ['audit_idx', 'customer_id']);
      if (engine === 'sqlite') refs = refs.modifyEnd(sql`without rowid`);
      await refs.execute();
      await sql`
        insert into access_event_refs (audit_idx, customer_id)
        select audit_idx, customer_id from access_event_customers
        order by audit_idx, customer_id`.execute(db);
      await db.schema.dropTable('access_event_customers').execute();
      if (engine === 'sqlite') await rekeySqliteEvents(db);
      // Built after the copy: one sorted index build instead of random inserts.
      await db.schema
        .createIndex('access_event_refs_customer')
        .on('access_event_refs')
        .column('customer_id')
        .execute();
      await VIEW.execute(db);
      if (engine === 'sqlite') {
        await sql`
          create trigger access_event_customers_insert
          instead of insert on access_event_customers
          begin
            insert into access_event_refs (audit_idx, customer_id)
            values (new.audit_idx, new.customer_id);
          end`.execute(db);
      } else {
        await sql`
          create function access_event_customers_insert() returns trigger
          language plpgsql as $$
          begin
            insert into access_event_refs (audit_idx, customer_id)
            values (new.audit_idx, new.customer_id);
            return new;
          end $$`.execute(db);
        await sql`
          create trigger access_event_customers_insert
          instead of insert on access_event_customers
          for each row execute function access_event_customers_insert()`.execute(db);
      }
    },
  };
}
