/**
 * Access events (DESIGN §5.3): the unit watch and trace reason about, and the body of every audit
 * entry that records an access. Customer ids are external ids, never PI.
 */

/** Actions an access event can record. */
export const ACCESS_ACTIONS = ['view', 'search', 'export', 'print', 'update'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** An access event as other systems report it (`import events`, `POST /api/v1/events`). */
export interface AccessEvent {
  /** ISO-8601 time with offset or Z. */
  ts: string;
  actor: string;
  action: AccessAction;
  /** External customer ids touched. */
  customers: string[];
  purpose?: string;
  source: string;
  role?: string;
  branch?: string;
  /** Business outcome the access led to (a QA review filed, a claim step, a renewal call). */
  outcome?: string;
}

/** How the gateway decided. Imported events are `allow`: they happened. */
export type AccessDecision = 'allow' | 'deny';

/**
 * The audit entry of an access (canonical JSON of this object is the leaf). `type` separates
 * access entries from other audited facts (case history, key rotation, approvals).
 */
export interface AccessAuditEntry extends AccessEvent {
  type: 'access';
  decision: AccessDecision;
  /** Why a request was refused (policy rule, quota), or why it was allowed when notable. */
  reason?: string;
  /** Fields shown (gateway reads). */
  fields?: string[];
  export_id?: string;
}

/**
 * @example
 * isAccessAction('view') // true
 */
export function isAccessAction(s: string): s is AccessAction {
  return (ACCESS_ACTIONS as readonly string[]).includes(s);
}
