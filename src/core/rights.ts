/**
 * Rights a principal (person or system) can hold. Routes and commands check one of these; staff
 * reads of customer data are further bound by the policy file (role × purpose).
 */
export const RIGHTS = [
  /** Manage principals, tokens, staff, policy, keys. */
  'admin',
  /** Read customers through the gateway (policy decides what is shown). */
  'read',
  /** Request exports (policy decides forbidden / approval / allowed). */
  'export',
  /** Decide export requests made by others. */
  'approve',
  /** Import customers. */
  'import:customers',
  /** Push access events from other systems. */
  'events:write',
  /** Push complaints and canary hits. */
  'complaints:write',
  /** See alerts, traces, cases, evidence; run trace. */
  'investigate',
  /** Read the audit log and checkpoints (tiles under /log/ stay public). */
  'audit:read',
  /** Classify posts. */
  'posts:classify',
] as const;

export type Right = (typeof RIGHTS)[number];

/**
 * @example
 * isRight('investigate') // true
 */
export function isRight(s: string): s is Right {
  return (RIGHTS as readonly string[]).includes(s);
}
