/**
 * Policy decisions as pure functions (no storage), so that they can be tested table-driven and
 * reused by the gateway: may this member of staff act for this purpose, is this customer in the
 * grant's row scope, does the quota allow this many more customers today, may they export.
 *
 * Deny by default: an unknown actor, a member who has left, an unknown purpose or a missing grant
 * are refusals, each with a machine-readable reason (AccessDeniedError.reason).
 */
import { isActiveOn, type StaffMember } from '../staff-member.ts';
import { grantFor, type Grant, type Policy } from './policy.ts';

/** Result of {@link authorise}. */
export type Authorisation =
  { allow: true; grant: Grant } | { allow: false; reason: DenyReason; message: string };

/** Why a request was refused. */
export type DenyReason =
  | 'unknown-actor'
  | 'inactive'
  | 'unknown-role'
  | 'unknown-purpose'
  | 'no-policy'
  | 'out-of-scope'
  | 'quota'
  | 'export-forbidden'
  | 'not-found';

/** The clear attributes of a customer that row scopes test (no PI). */
export interface ScopeSubject {
  /** Staff id of the assigned agent (the book), or null. */
  agentId: string | null;
  /** Team of the assigned agent (from the staff table), or null. */
  agentTeam: string | null;
  branch: string | null;
  /** Two-digit province code, or null. */
  region: string | null;
}

/**
 * `YYYY-MM-DD` of `now` in the policy's business-day timezone.
 *
 * @example
 * businessDay(new Date('2026-03-01T17:00:00Z'), '+08:00') // '2026-03-02'
 */
export function businessDay(now: Date, timezone: string): string {
  const sign = timezone.startsWith('-') ? -1 : 1;
  const [h, m] = timezone.slice(1).split(':').map(Number);
  const offsetMs = sign * ((h ?? 0) * 60 + (m ?? 0)) * 60_000;
  return new Date(now.getTime() + offsetMs).toISOString().slice(0, 10);
}

/**
 * May `member` act for `purpose`, and under which grant?
 *
 * @example
 * const a = authorise(policy, member, 'quality_review', new Date());
 * if (!a.allow) throw new AccessDeniedError(a.message, a.reason);
 */
export function authorise(
  policy: Policy,
  member: StaffMember | undefined,
  purpose: string,
  now: Date,
): Authorisation {
  if (member === undefined) {
    return { allow: false, reason: 'unknown-actor', message: 'the actor is not a member of staff' };
  }
  if (!isActiveOn(member, businessDay(now, policy.timezone))) {
    return {
      allow: false,
      reason: 'inactive',
      message: `staff ${member.staffId} is not employed today (start/end date)`,
    };
  }
  if (!policy.roles.has(member.role)) {
    return {
      allow: false,
      reason: 'unknown-role',
      message: `staff ${member.staffId} has role "${member.role}", which the policy does not define`,
    };
  }
  if (!policy.purposes.has(purpose)) {
    return {
      allow: false,
      reason: 'unknown-purpose',
      message: `purpose "${purpose}" is not defined by the policy`,
    };
  }
  const grant = grantFor(policy, member.role, purpose);
  if (grant === undefined) {
    return {
      allow: false,
      reason: 'no-policy',
      message: `role ${member.role} has no grant for purpose "${purpose}"`,
    };
  }
  return { allow: true, grant };
}

/**
 * Is `customer` within the grant's row scope for `member`? Missing attributes never match
 * (a member without a team sees no team book; a customer without an agent is in nobody's book).
 *
 * @example
 * inScope(policy, grant, member, { agentId: 'S001', agentTeam: 'T1', branch: 'SH', region: '31' })
 */
export function inScope(
  policy: Policy,
  grant: Grant,
  member: StaffMember,
  customer: ScopeSubject,
): boolean {
  switch (grant.scope) {
    case 'all':
      return true;
    case 'assigned':
      return customer.agentId !== null && customer.agentId === member.staffId;
    case 'team':
      return (
        customer.agentId === member.staffId ||
        (member.team !== null && customer.agentTeam === member.team)
      );
    case 'branch':
      return member.branch !== null && customer.branch === member.branch;
    case 'region': {
      if (member.branch === null || customer.region === null) return false;
      return (policy.branchRegions.get(member.branch) ?? []).includes(customer.region);
    }
  }
}

/**
 * Does the quota allow `adding` more distinct customers after `countedToday`?
 *
 * @example
 * quotaAllows(grant, 119, 1) // true for quota 120
 * quotaAllows(grant, 120, 1) // false
 */
export function quotaAllows(grant: Grant, countedToday: number, adding: number): boolean {
  return grant.quota === null || countedToday + adding <= grant.quota;
}

/**
 * May `approver` decide an export request made under `grant` by `requester`? Never their own;
 * only members whose role is one of the grant's approvers, and who are employed today.
 *
 * @example
 * mayApprove(policy, grant, dpoMember, 'S001', new Date()) // { allow: true }
 */
export function mayApprove(
  policy: Policy,
  grant: Grant | undefined,
  approver: StaffMember | undefined,
  requester: string,
  now: Date,
): { allow: true } | { allow: false; reason: string; message: string } {
  if (approver === undefined) {
    return {
      allow: false,
      reason: 'unknown-actor',
      message: 'the approver is not a member of staff',
    };
  }
  if (approver.staffId === requester) {
    return {
      allow: false,
      reason: 'self-approval',
      message: 'nobody may approve their own export',
    };
  }
  if (!isActiveOn(approver, businessDay(now, policy.timezone))) {
    return {
      allow: false,
      reason: 'inactive',
      message: `staff ${approver.staffId} is not employed today`,
    };
  }
  if (grant === undefined || !grant.approvers.includes(approver.role)) {
    return {
      allow: false,
      reason: 'not-approver',
      message: `role ${approver.role} may not approve this export`,
    };
  }
  return { allow: true };
}
