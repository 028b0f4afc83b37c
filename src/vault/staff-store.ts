/**
 * Staff in the database (`staff` table): look up members, list them by team, branch or role,
 * and upsert them (staff import, `piguard staff add|set`). Plain functions over a Kysely handle,
 * so callers choose the transaction.
 */
import type { Kysely, Selectable } from 'kysely';
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
