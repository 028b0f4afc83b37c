/**
 * Staff in the database (`staff` table): look up members, list them by team, branch or role,
 * and upsert them (staff import, `piguard staff add|set`). Plain functions over a Kysely handle,
 * so callers choose the transaction.
 */
import { CompiledQuery, SqliteAdapter, type Kysely, type Selectable } from 'kysely';
import { PiguardError } from '../core/errors.ts';
import type { Engine } from '../store/database-url.ts';
import type { Schema } from '../store/schema.ts';
import type { StaffTable } from '../store/schema-vault.ts';
import type { StaffMember } from './staff-member.ts';

// SQLite allows 32,766 bound parameters per statement; a staff row binds 8.
const ROWS_PER_INSERT = 1_000;
const IDS_PER_SELECT = 5_000;

function toMember(row: Selectable<StaffTable>): StaffMember {
  return {
    staffId: row.staff_id,
    role: row.role,
    roleRaw: row.role_raw,
    branch: row.branch,
    team: row.team,
    startDate: row.start_date,
    endDate: row.end_date,
  };
}

/**
 * One member of staff, or undefined.
 *
 * @example
 * const member = await getStaff(db, 'S001');
 */
export async function getStaff(
  db: Kysely<Schema>,
  staffId: string,
): Promise<StaffMember | undefined> {
  const row = await db
    .selectFrom('staff')
    .selectAll()
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
  return row && toMember(row);
}

/** SQLite: the members whose ids are in a JSON array (one bound parameter). */
const STAFF_BY_IDS_SQLITE =
  'select * from staff where staff_id in (select value from json_each(?))';

/**
 * Several members at once, by id (absent ids are missing from the map).
 *
 * @example
 * const byId = await getStaffMany(db, ['S001', 'S002']);
 */
export async function getStaffMany(
  db: Kysely<Schema>,
  staffIds: readonly string[],
): Promise<Map<string, StaffMember>> {
  const out = new Map<string, StaffMember>();
  const unique = [...new Set(staffIds)];
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    // Every gateway batch on SQLite reads its actors here: one statement of fixed text (kept
    // compiled by the statement cache) with the ids as one JSON parameter, instead of building
    // and compiling a Kysely query per call; any number of ids, so no chunks.
    const { rows } = await db.executeQuery<Selectable<StaffTable>>(
      CompiledQuery.raw(STAFF_BY_IDS_SQLITE, [JSON.stringify(unique)]),
    );
    for (const row of rows) out.set(row.staff_id, toMember(row));
    return out;
  }
  for (let i = 0; i < unique.length; i += IDS_PER_SELECT) {
    const rows = await db
      .selectFrom('staff')
      .selectAll()
      .where('staff_id', 'in', unique.slice(i, i + IDS_PER_SELECT))
      .execute();
    for (const row of rows) out.set(row.staff_id, toMember(row));
  }
  return out;
}

/** Members read together with the staff_version counter they are current at (migration 0010). */
export interface VersionedStaff {
  /** staff_version when the members were read; any later change to `staff` bumps it. */
  version: number;
  members: Map<string, StaffMember>;
}

/** A row of the versioned read: a member's columns (null when none matched) and the counter. */
type StaffVersionedRow = Omit<Selectable<StaffTable>, 'staff_id'> & {
  staff_id: string | null;
  staff_version: number | string;
};

/** The counter row left-joined with the members: one row even when no member matches. */
const STAFF_VERSIONED_PG =
  'select v.version as staff_version, s.* from staff_version v ' +
  'left join staff s on s.staff_id = any($1::text[]) where v.id = 1';
const STAFF_VERSIONED_SQLITE =
  'select v.version as staff_version, s.* from staff_version v ' +
  'left join staff s on s.staff_id in (select value from json_each(?)) where v.id = 1';

/**
 * Several members by id and the staff_version they were read at, in ONE statement (one snapshot:
 * the version can only be older than the rows, never newer, so a cache keyed by it is never
 * trusted past a change). For caches that check the version later (the gateway on PostgreSQL).
 *
 * @example
 * const { version, members } = await getStaffVersioned(db, 'postgres', ['S001']);
 */
export async function getStaffVersioned(
  db: Kysely<Schema>,
  engine: Engine,
  staffIds: readonly string[],
): Promise<VersionedStaff> {
  const unique = [...new Set(staffIds)];
  const { rows } = await db.executeQuery<StaffVersionedRow>(
    engine === 'postgres'
      ? CompiledQuery.raw(STAFF_VERSIONED_PG, [unique])
      : CompiledQuery.raw(STAFF_VERSIONED_SQLITE, [JSON.stringify(unique)]),
  );
  if (rows.length === 0) throw new PiguardError('staff_version has no row; run `piguard init`');
  const members = new Map<string, StaffMember>();
  for (const row of rows) {
    const id = row.staff_id;
    if (id !== null) members.set(id, toMember({ ...row, staff_id: id }));
  }
  return { version: Number(rows[0]!.staff_version), members };
}

/** Filter of {@link listStaff}; all given criteria must hold. */
export interface StaffQuery {
  team?: string;
  branch?: string;
  role?: string;
}

/**
 * Members matching a query, ordered by staff id.
 *
 * @example
 * const team = await listStaff(db, { team: 'T01' });
 */
export async function listStaff(
  db: Kysely<Schema>,
  query: StaffQuery = {},
): Promise<StaffMember[]> {
  let q = db.selectFrom('staff').selectAll();
  if (query.team !== undefined) q = q.where('team', '=', query.team);
  if (query.branch !== undefined) q = q.where('branch', '=', query.branch);
  if (query.role !== undefined) q = q.where('role', '=', query.role);
  return (await q.orderBy('staff_id').execute()).map(toMember);
}

/**
 * Inserts or replaces members (keyed by staff id) inside the caller's transaction.
 *
 * @example
 * await db.transaction().execute((trx) => upsertStaff(trx, members, new Date().toISOString()));
 */
export async function upsertStaff(
  trx: Kysely<Schema>,
  members: readonly StaffMember[],
  updatedAt: string,
): Promise<{ inserted: number; updated: number }> {
  const existing = await getStaffMany(
    trx,
    members.map((m) => m.staffId),
  );
  const rows = members.map((m) => ({
    staff_id: m.staffId,
    role: m.role,
    role_raw: m.roleRaw,
    branch: m.branch,
    team: m.team,
    start_date: m.startDate,
    end_date: m.endDate,
    updated_at: updatedAt,
  }));
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await trx
      .insertInto('staff')
      .values(rows.slice(i, i + ROWS_PER_INSERT))
      .onConflict((oc) =>
        oc.column('staff_id').doUpdateSet((eb) => ({
          role: eb.ref('excluded.role'),
          role_raw: eb.ref('excluded.role_raw'),
          branch: eb.ref('excluded.branch'),
          team: eb.ref('excluded.team'),
          start_date: eb.ref('excluded.start_date'),
          end_date: eb.ref('excluded.end_date'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
  const updated = new Set(members.map((m) => m.staffId).filter((id) => existing.has(id))).size;
  return { inserted: new Set(members.map((m) => m.staffId)).size - updated, updated };
}
