/**
 * Canary hits (DESIGN §4.6): a call, SMS or mail to a trap identity. Trap lines also receive
 * random spam, so a hit names export(s) only with identity evidence — the caller used the
 * synthetic name or address of a canary on that line (given as `nameUsed` / `addressUsed`, or
 * found in what they said). A bare call is recorded as weak evidence and names nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { InputError } from '../core/errors.ts';
import { normalizeAddress } from '../detect/normalizers/address.ts';
import { normalizePersonName } from '../detect/normalizers/person-name.ts';
import { foldWidth, simplify } from '../detect/prepared-text.ts';
import type { Schema } from '../store/schema.ts';
import { normaliseTrapIdentity } from './canary-pool.ts';

/** A hit as reported by the CLI or the webhook. */
export interface CanaryHitInput {
  identity: string;
  /** ISO-8601; default now. */
  at?: string;
  /** What the caller or sender said (kept only as a hash). */
  said?: string;
  nameUsed?: string;
  addressUsed?: string;
  source: 'cli' | 'webhook';
}

/** What a hit established. */
export interface CanaryHitResult {
  hit_id: string;
  identity: string;
  at: string;
  evidence: 'identity' | 'bare';
  canaries: { canary_id: string; matched: ('name' | 'address')[] }[];
  exports: { export_id: string; actor: string | null }[];
}

function sameAddress(a: string, b: string): boolean {
  const x = normalizeAddress(a);
  const y = normalizeAddress(b);
  // A caller may give only the street part: accept a suffix of at least road + number.
  return x === y || (y.length >= 6 && x.endsWith(y)) || (x.length >= 6 && y.endsWith(x));
}

/**
 * Records a hit and resolves the exports it names.
 *
 * @example
 * const r = await recordCanaryHit(db, { identity: '17000000001', nameUsed: '王建国', source: 'cli' });
 * r.evidence // 'identity' when 王建国 is a canary on that line
 */
export async function recordCanaryHit(
  db: Kysely<Schema>,
  input: CanaryHitInput,
  now: Date = new Date(),
): Promise<CanaryHitResult> {
  const trap = normaliseTrapIdentity(input.identity);
  if (!trap) throw new InputError('--identity is neither a phone number nor an email address');
  const inPool = await db
    .selectFrom('canary_pool')
    .select('identity')
    .where('identity', '=', trap.identity)
    .executeTakeFirst();
  if (!inPool) throw new InputError('--identity is not a trap identity in the canary pool');
  let at = now.toISOString();
  if (input.at !== undefined) {
    const t = new Date(input.at);
    if (Number.isNaN(t.getTime())) throw new InputError('--at is not an ISO-8601 time');
    at = t.toISOString();
  }
  const canaries = await db
    .selectFrom('canaries')
    .select(['canary_id', 'name', 'address'])
    .where('identity', '=', trap.identity)
    .execute();
  const name = input.nameUsed ? normalizePersonName(input.nameUsed) : undefined;
  const said = input.said ? simplify(foldWidth(input.said)).replace(/\s+/g, '') : undefined;
  const matched: CanaryHitResult['canaries'] = [];
  for (const c of canaries) {
    const why: ('name' | 'address')[] = [];
    const canaryName = normalizePersonName(c.name);
    if (
      (name !== undefined && name === canaryName) ||
      (said !== undefined && said.includes(canaryName))
    ) {
      why.push('name');
    }
    if (input.addressUsed && sameAddress(c.address, input.addressUsed)) why.push('address');
    if (why.length > 0) matched.push({ canary_id: c.canary_id, matched: why });
  }
  const exportRows =
    matched.length === 0
      ? []
      : await db
          .selectFrom('export_canaries')
          .leftJoin('exports', 'exports.export_id', 'export_canaries.export_id')
          .select(['export_canaries.export_id as export_id', 'exports.actor as actor'])
          .where(
            'export_canaries.canary_id',
            'in',
            matched.map((m) => m.canary_id),
          )
          .orderBy('export_canaries.export_id')
          .execute();
  const exports = [
    ...new Map(
      exportRows.map((r) => [r.export_id, { export_id: r.export_id, actor: r.actor ?? null }]),
    ).values(),
  ];
  const result: CanaryHitResult = {
    hit_id: `H${randomBytes(8).toString('hex')}`,
    identity: trap.identity,
    at,
    evidence: matched.length > 0 ? 'identity' : 'bare',
    canaries: matched,
    exports,
  };
  await db
    .insertInto('canary_hits')
    .values({
      hit_id: result.hit_id,
      identity: trap.identity,
      at,
      evidence: result.evidence,
      canary_ids: JSON.stringify(matched.map((m) => m.canary_id)),
      export_ids: JSON.stringify(exports.map((e) => e.export_id)),
      source: input.source,
      said_sha256: input.said ? createHash('sha256').update(input.said).digest('hex') : null,
      recorded_at: now.toISOString(),
    })
    .execute();
  return result;
}

/**
 * Recorded hits, newest first.
 *
 * @example
 * const hits = await listCanaryHits(db, { limit: 50 });
 */
export async function listCanaryHits(
  db: Kysely<Schema>,
  options: { limit?: number } = {},
): Promise<Schema['canary_hits'][]> {
  return db
    .selectFrom('canary_hits')
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('hit_id')
    .limit(options.limit ?? 100)
    .execute();
}
