/**
 * What watch reads into an access event's purpose (issue 5): an internal auditor reading many
 * customers for an audit is doing the job, not exfiltrating — on an independent organisation
 * seven of eight false alerts were two auditors reading with purpose "audit". But the purpose is
 * typed by whoever reads, so it excuses nothing on its own: audit-purpose reads are accounted
 * for (as if they led to a business outcome) only when the actor's role is an audit role, taken
 * from the staff directory first (HR's record, which the actor cannot set) and from the event's
 * role only for actors the directory does not know. An agent who claims "audit" is still an
 * agent compared with agents.
 */

/**
 * Purposes that name an audit, an internal investigation or a regulator's inspection (the
 * compliance staff who serve an inspection sample customers for it, like auditors), in English
 * and Chinese forms.
 */
const AUDIT_PURPOSE = /audit|审计|稽核|内审|内控|investigat|调查|regulat|inspect|监管|检查/i;

/** Roles whose work is auditing or internal investigation. */
const AUDIT_ROLE = /audit|审计|稽核|内审|内控|investigat|调查|compliance|合规/i;

/**
 * True when `purpose` names an audit or an internal investigation.
 *
 * @example
 * isAuditPurpose('internal_audit') // true
 * isAuditPurpose('regulatory') // true (an inspection; excused only for audit roles)
 * isAuditPurpose('customer_service') // false
 */
export function isAuditPurpose(purpose: string | null | undefined): boolean {
  return purpose != null && purpose !== '' && AUDIT_PURPOSE.test(purpose);
}

/**
 * True when `role` is an audit (or internal investigation) role.
 *
 * @example
 * isAuditRole('internal_auditor') // true
 * isAuditRole('agent') // false
 */
export function isAuditRole(role: string | null | undefined): boolean {
  return role != null && role !== '' && AUDIT_ROLE.test(role);
}
