/**
 * A member of staff as the gateway and watch see them (DESIGN §5.3): the policy role, branch,
 * team and employment dates. Stored in the `staff` table (staff-store.ts).
 */

/** One member of staff. Dates are `YYYY-MM-DD` (inclusive), or null when unknown / open. */
export interface StaffMember {
  staffId: string;
  /** Policy role (a key of the policy's `roles`). */
  role: string;
  /** The role as written in the staff file (free text, e.g. 质检专员). */
  roleRaw: string | null;
  branch: string | null;
  team: string | null;
  startDate: string | null;
  endDate: string | null;
}

/**
 * Whether the member is employed on `day` (`YYYY-MM-DD`): started on or before it and not left
 * before it.
 *
 * @example
 * isActiveOn({ ...member, startDate: '2020-01-01', endDate: null }, '2026-03-01') // true
 */
export function isActiveOn(member: StaffMember, day: string): boolean {
  if (member.startDate !== null && member.startDate > day) return false;
  if (member.endDate !== null && member.endDate < day) return false;
  return true;
}
