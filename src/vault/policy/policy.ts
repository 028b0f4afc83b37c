/**
 * The data policy (DESIGN §4.3) as the gateway uses it: which policy roles exist (and which
 * free-text staff roles map to them), which purposes exist, and for each role × purpose the
 * visible fields with their masks, the row scope, the daily quota of distinct customers and the
 * export rule. Anything not granted is refused (deny by default).
 *
 * Rights of principals (src/core/rights.ts) say what a login may *do*; the policy says what data
 * a member of staff may *see*, for which purpose.
 */
import type { CustomerField } from '../../core/customer.ts';

/**
 * How a visible field is shown. `mask` is the conventional mask of the field's type (phone
 * `138****5678`, ID `110101********1234`, name `张**`, address to district, birth date to year);
 * the others name one operator of protect/masking.ts explicitly.
 */
export const MASK_OPS = [
  'keep',
  'mask',
  'phone',
  'id_number',
  'name',
  'address',
  'birth_date',
  'email',
  'generic',
  'redact',
  'hash',
  'null',
] as const;
export type MaskOp = (typeof MASK_OPS)[number];

/**
 * Which customers a grant reaches: every customer, the actor's own book (customers whose
 * assigned agent is the actor), the books of the actor's team, the actor's branch, or the
 * province(s) of the actor's branch (policy `branch_regions`).
 */
export const ROW_SCOPES = ['all', 'assigned', 'team', 'branch', 'region'] as const;
export type RowScope = (typeof ROW_SCOPES)[number];

/** Whether a grant allows exports: never, after an approver's decision, or directly. */
export const EXPORT_RULES = ['forbidden', 'approval', 'allowed'] as const;
export type ExportRule = (typeof EXPORT_RULES)[number];

/** What one role may do for one purpose. */
export interface Grant {
  readonly role: string;
  readonly purpose: string;
  /** Visible fields in output order, each with its mask. */
  readonly fields: ReadonlyArray<{ readonly field: CustomerField; readonly mask: MaskOp }>;
  readonly scope: RowScope;
  /** Distinct customers per actor per day (UTC); null = no quota. */
  readonly quota: number | null;
  readonly export: ExportRule;
  /** Policy roles whose members may decide this grant's export requests. */
  readonly approvers: readonly string[];
}

/** A policy role and the free-text staff roles (岗位) that map to it. */
export interface PolicyRole {
  readonly name: string;
  readonly description: string | null;
  /** Free-text staff roles that map to this role, compared after trimming and lower-casing. */
  readonly match: readonly string[];
}

/** A loaded, validated policy. */
export interface Policy {
  /** File the policy came from (for messages), or `<default>`. */
  readonly source: string;
  readonly roles: ReadonlyMap<string, PolicyRole>;
  /** Purpose name → description. */
  readonly purposes: ReadonlyMap<string, string | null>;
  /** Branch → province codes (two digits, GB/T 2260) for the `region` scope. */
  readonly branchRegions: ReadonlyMap<string, readonly string[]>;
  /** UTC offset (`+08:00`) of the business day quotas count in. */
  readonly timezone: string;
  /** `role\u0000purpose` → grant; use {@link grantFor}. */
  readonly grants: ReadonlyMap<string, Grant>;
}

/**
 * The grant for a role and purpose, or undefined (deny by default).
 *
 * @example
 * grantFor(policy, 'quality_control', 'qa_review')?.scope // 'branch'
 */
export function grantFor(policy: Policy, role: string, purpose: string): Grant | undefined {
  return policy.grants.get(`${role}\u0000${purpose}`);
}

/**
 * The policy role a free-text staff role maps to (exact role name first, then `match` entries,
 * case-insensitive, then the longest `match` entry the title contains — Chinese entries of two or
 * more characters as a substring, Latin entries as whole words), or undefined.
 *
 * @example
 * roleForStaffRole(policy, '质检专员') // 'quality_control' when its match list has 质检专员
 */
export function roleForStaffRole(policy: Policy, raw: string): string | undefined {
  const wanted = raw.trim().toLowerCase();
  if (wanted === '') return undefined;
  for (const role of policy.roles.values()) {
    if (role.name.toLowerCase() === wanted) return role.name;
  }
  for (const role of policy.roles.values()) {
    if (role.match.some((m) => m.trim().toLowerCase() === wanted)) return role.name;
  }
  // Real job titles decorate the core word (品质管理专员, 高级核保员, IT运维工程师, Senior
  // Underwriter, Claims Handler): a title that contains a match entry of two or more Chinese
  // characters, or a Latin match entry as whole words, maps to that role. The longest contained
  // entry decides; a tie between roles is ambiguous and maps to nothing, so that an import
  // reports the row instead of guessing.
  const titleWords = ` ${latinWords(wanted)} `;
  let best: { length: number; roles: Set<string> } = { length: 0, roles: new Set() };
  for (const role of policy.roles.values()) {
    for (const m of role.match) {
      const entry = m.trim().toLowerCase();
      const cjk = (entry.match(CJK_CHAR) ?? []).length;
      const contained =
        cjk >= 2
          ? wanted.includes(entry)
          : cjk === 0 && LATIN_LETTER.test(entry) && titleWords.includes(` ${latinWords(entry)} `);
      if (!contained) continue;
      if (entry.length > best.length) best = { length: entry.length, roles: new Set([role.name]) };
      else if (entry.length === best.length) best.roles.add(role.name);
    }
  }
  return best.roles.size === 1 ? [...best.roles][0] : undefined;
}

const CJK_CHAR = /[\u3400-\u9fff]/gu;
const LATIN_LETTER = /[a-z]/u;

/** Lower-case Latin words of a title joined by single spaces (`IT-Support  Engineer` → `it support engineer`). */
function latinWords(text: string): string {
  return text
    .split(/[^a-z0-9]+/u)
    .filter((w) => w !== '')
    .join(' ');
}

/**
 * The start of the business day containing `now`, as an ISO instant (UTC, `Z`), for a UTC
 * offset like `+08:00`. Quotas count distinct customers from this instant on.
 *
 * @example
 * quotaDayStart(new Date('2026-03-01T17:00:00Z'), '+08:00') // '2026-03-01T16:00:00.000Z'
 */
export function quotaDayStart(now: Date, timezone: string): string {
  const sign = timezone.startsWith('-') ? -1 : 1;
  const [h, m] = timezone.slice(1).split(':').map(Number);
  const offsetMs = sign * ((h ?? 0) * 60 + (m ?? 0)) * 60_000;
  const local = new Date(now.getTime() + offsetMs);
  const midnightLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  return new Date(midnightLocal - offsetMs).toISOString();
}
