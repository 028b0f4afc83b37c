/**
 * Loads `piguard.policy.yaml`: YAML parsed with node positions kept, the shape checked with zod
 * (policy-schema.ts), cross-references checked here — and every problem reported as one line
 * `FILE:LINE: problem` (InputError, exit 2) pointing at the offending node.
 *
 * Where the file is: `--policy PATH`, else env PIGUARD_POLICY, else ./piguard.policy.yaml.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isNode, isPair, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { CUSTOMER_FIELDS, type CustomerField } from '../../core/customer.ts';
import { InputError } from '../../core/errors.ts';
import type { Grant, MaskOp, Policy, PolicyRole } from './policy.ts';
import { policyFileSchema, type PolicyFile } from './policy-schema.ts';

/** Default policy file name, looked up in the working directory. */
export const DEFAULT_POLICY_FILE = 'piguard.policy.yaml';

/**
 * The policy path: explicit option, then PIGUARD_POLICY, then ./piguard.policy.yaml.
 *
 * @example
 * resolvePolicyPath(undefined, { PIGUARD_POLICY: '/etc/piguard/policy.yaml' }) // '/etc/piguard/policy.yaml'
 */
export function resolvePolicyPath(
  option: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (option) return option;
  const fromEnv = env['PIGUARD_POLICY'];
  return fromEnv ? fromEnv : `./${DEFAULT_POLICY_FILE}`;
}

/**
 * Reads and validates a policy file.
 *
 * @example
 * const policy = loadPolicyFile(resolvePolicyPath(opts.policy));
 */
export function loadPolicyFile(path: string): Policy {
  if (!existsSync(path)) {
    throw new InputError('policy file not found (run `piguard init` to write the default one)', {
      file: path,
    });
  }
  return parsePolicy(readFileSync(path, 'utf8'), path);
}

/** Locates YAML nodes by path for messages. */
class Locator {
  readonly #doc: Document;
  readonly #lines: LineCounter;
  readonly #file: string;

  constructor(doc: Document, lines: LineCounter, file: string) {
    this.#doc = doc;
    this.#lines = lines;
    this.#file = file;
  }

  /** Line of the deepest existing node on `path` (the key itself when `key` is set). */
  line(path: readonly PropertyKey[], key?: string): number {
    const segments = path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (key !== undefined) {
      const parent = this.#doc.getIn(segments, true);
      if (isNode(parent) && 'items' in parent && Array.isArray(parent.items)) {
        for (const item of parent.items as unknown[]) {
          if (isPair(item) && isNode(item.key) && String(item.key.toJSON()) === key) {
            return this.#lineOf(item.key.range?.[0]);
          }
        }
      }
    }
    for (let n = segments.length; n >= 0; n--) {
      const node = n === 0 ? this.#doc.contents : this.#doc.getIn(segments.slice(0, n), true);
      if (isNode(node) && node.range) return this.#lineOf(node.range[0]);
    }
    return 1;
  }

  error(problem: string, path: readonly PropertyKey[], key?: string): InputError {
    return new InputError(problem, { file: this.#file, line: this.line(path, key) });
  }

  #lineOf(offset: number | undefined): number {
    return offset === undefined ? 1 : this.#lines.linePos(offset).line;
  }
}

function describePath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .slice(1);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function issueToError(issue: z.core.$ZodIssue, at: Locator, raw: unknown): InputError {
  const path = issue.path;
  const where = describePath(path);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const last = path[path.length - 1];
    const problem =
      last === 'fields'
        ? `unknown field "${key}"; fields are ${CUSTOMER_FIELDS.join(', ')}`
        : `unknown key "${key}"${where ? ` in ${where}` : ''}`;
    return at.error(problem, path, key);
  }
  if (issue.code === 'invalid_key') {
    return at.error(`${where}: ${issue.message}`, path);
  }
  if (path.length > 0 && valueAt(raw, path) === undefined) {
    const parent = path.slice(0, -1);
    return at.error(`${where}: missing`, parent);
  }
  return at.error(`${where ? `${where}: ` : ''}${issue.message}`, path);
}

function asList(v: string | string[]): string[] {
  return Array.isArray(v) ? v : [v];
}

/**
 * Parses and validates policy text; `file` names it in messages.
 *
 * @example
 * const policy = parsePolicy(readFileSync('piguard.policy.yaml', 'utf8'), 'piguard.policy.yaml');
 */
export function parsePolicy(text: string, file: string): Policy {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = new Locator(doc, lines, file);
  const syntax = doc.errors[0];
  if (syntax) {
    const offset = syntax.pos[0];
    throw new InputError(`YAML: ${syntax.message.split('\n')[0]}`, {
      file,
      line: lines.linePos(offset).line,
    });
  }
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError('a policy file is a YAML mapping (version, roles, purposes, grants)', {
      file,
      line: 1,
    });
  }
  const parsed = policyFileSchema.safeParse(raw);
  if (!parsed.success) throw issueToError(parsed.error.issues[0]!, at, raw);
  return buildPolicy(parsed.data, file, at);
}

function buildPolicy(data: PolicyFile, file: string, at: Locator): Policy {
  const roles = new Map<string, PolicyRole>();
  const claimed = new Map<string, string>();
  for (const [roleName, def] of Object.entries(data.roles)) {
    const match = (def?.match ?? []).map((m) => String(m));
    match.forEach((m, i) => {
      const k = m.trim().toLowerCase();
      const other = claimed.get(k);
      if (other !== undefined && other !== roleName) {
        throw at.error(`staff role "${m}" is matched by both ${other} and ${roleName}`, [
          'roles',
          roleName,
          'match',
          i,
        ]);
      }
      claimed.set(k, roleName);
    });
    roles.set(roleName, { name: roleName, description: def?.description ?? null, match });
  }
  const purposes = new Map(Object.entries(data.purposes).map(([k, v]) => [k, v ?? null]));
  const branchRegions = new Map(Object.entries(data.branch_regions));
  const grants = new Map<string, Grant>();
  data.grants.forEach((g, i) => {
    const path = ['grants', i];
    for (const r of asList(g.role)) {
      if (!roles.has(r)) throw at.error(`unknown role "${r}" (not under roles)`, [...path, 'role']);
    }
    for (const p of asList(g.purpose)) {
      if (!purposes.has(p)) {
        throw at.error(`unknown purpose "${p}" (not under purposes)`, [...path, 'purpose']);
      }
    }
    g.approvers.forEach((a, j) => {
      if (!roles.has(a)) throw at.error(`unknown approver role "${a}"`, [...path, 'approvers', j]);
    });
    if (g.export === 'approval' && g.approvers.length === 0) {
      throw at.error('export: approval needs at least one approver role', [...path, 'export']);
    }
    const fields = Object.entries(g.fields).map(([field, mask]) => ({
      field: field as CustomerField,
      mask: mask as MaskOp,
    }));
    if (fields.length === 0)
      throw at.error('a grant shows at least one field', [...path, 'fields']);
    for (const r of asList(g.role)) {
      for (const p of asList(g.purpose)) {
        const key = `${r}\u0000${p}`;
        if (grants.has(key)) {
          throw at.error(`a second grant for role ${r} and purpose ${p}`, path);
        }
        grants.set(key, {
          role: r,
          purpose: p,
          fields,
          scope: g.scope,
          quota: g.quota,
          export: g.export,
          approvers: g.approvers,
        });
      }
    }
  });
  return { source: file, roles, purposes, branchRegions, grants, timezone: data.timezone };
}
