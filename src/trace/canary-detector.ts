/**
 * Finds canary rows in a leaked file. A row is a canary when its ID number or name + birth date
 * matches a canary's blind index, or when its phone or email is a trap identity and its name is
 * the name of a canary on that trap, as written or masked the way the export masked it (a
 * name + phone leak). A trap phone with an unknown name is
 * not counted: trap lines are public numbers and may appear anywhere.
 */
import type { Kysely } from 'kysely';
import { normalizePersonName } from '../detect/normalizers/person-name.ts';
import { maskName } from '../protect/masking.ts';
import type { Schema } from '../store/schema.ts';
import { normaliseTrapIdentity } from './canary-pool.ts';
import type { LeakRecord } from './leak-records.ts';
import type { RecordKeys } from './leak-matcher.ts';
import type { CanaryFound } from './trace-report.ts';

/**
 * @example
 * const found = await detectCanaries(db, records, keys);
 */
export async function detectCanaries(
  db: Kysely<Schema>,
  records: readonly LeakRecord[],
  keys: readonly RecordKeys[],
): Promise<CanaryFound[]> {
  const pool = new Set(
    (await db.selectFrom('canary_pool').select('identity').execute()).map((r) => r.identity),
  );
  const hasCanaries = await db
    .selectFrom('canaries')
    .select('canary_id')
    .limit(1)
    .executeTakeFirst();
  if (!hasCanaries) return [];
  const byRow = new Map<number, string>();
  // Blind-index matches (ID number, name + birth date).
  for (const kind of ['id_number', 'name_birth_date'] as const) {
    const wanted = new Map<string, number[]>();
    keys.forEach((k, i) => {
      const d = k[kind];
      if (!d) return;
      const hex = d.toString('hex');
      wanted.set(hex, [...(wanted.get(hex) ?? []), i]);
    });
    const digests = [...wanted.keys()].map((h) => Buffer.from(h, 'hex'));
    for (let i = 0; i < digests.length; i += 500) {
      const rows = await db
        .selectFrom('canary_index')
        .select(['digest', 'canary_id'])
        .where('kind', '=', kind)
        .where('digest', 'in', digests.slice(i, i + 500))
        .execute();
      for (const r of rows) {
        for (const row of wanted.get(Buffer.from(r.digest).toString('hex')) ?? []) {
          byRow.set(row, r.canary_id);
        }
      }
    }
  }
  // Trap identity + canary name.
  const trapRows = new Map<string, number[]>();
  records.forEach((r, i) => {
    if (byRow.has(i)) return;
    for (const v of [r.phone, r.email]) {
      const t = v ? normaliseTrapIdentity(v) : undefined;
      if (t && pool.has(t.identity))
        trapRows.set(t.identity, [...(trapRows.get(t.identity) ?? []), i]);
    }
  });
  const identities = [...trapRows.keys()];
  for (let i = 0; i < identities.length; i += 500) {
    const canaries = await db
      .selectFrom('canaries')
      .select(['canary_id', 'identity', 'name'])
      .where('identity', 'in', identities.slice(i, i + 500))
      .execute();
    // A canary row is written like its neighbours: its name may be masked (王**) in the export.
    const byName = new Map<string, string>();
    for (const c of canaries) {
      byName.set(`${c.identity}\u0000${normalizePersonName(c.name)}`, c.canary_id);
      const masked = `${c.identity}\u0000${maskName(c.name)}`;
      // Two canaries on one trap with the same masked name: the masked form names neither.
      byName.set(masked, byName.has(masked) ? '' : c.canary_id);
    }
    for (const [identity, rows] of trapRows) {
      for (const row of rows) {
        const name = records[row]!.name?.trim();
        if (!name) continue;
        const id =
          byName.get(`${identity}\u0000${normalizePersonName(name)}`) ||
          byName.get(`${identity}\u0000${name}`);
        if (id) byRow.set(row, id);
      }
    }
  }
  if (byRow.size === 0) return [];
  const canaryIds = [...new Set(byRow.values())];
  const info = new Map<string, { identity: string; export_id: string; actor: string | null }>();
  for (let i = 0; i < canaryIds.length; i += 500) {
    const rows = await db
      .selectFrom('canaries')
      .innerJoin('export_canaries', 'export_canaries.canary_id', 'canaries.canary_id')
      .leftJoin('exports', 'exports.export_id', 'export_canaries.export_id')
      .select([
        'canaries.canary_id as canary_id',
        'canaries.identity as identity',
        'export_canaries.export_id as export_id',
        'exports.actor as actor',
      ])
      .where('canaries.canary_id', 'in', canaryIds.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      info.set(r.canary_id, {
        identity: r.identity,
        export_id: r.export_id,
        actor: r.actor ?? null,
      });
    }
  }
  const out: CanaryFound[] = [];
  for (const [row, canaryId] of [...byRow].sort((a, b) => a[0] - b[0])) {
    const i = info.get(canaryId);
    if (!i) continue; // minted but its export rolled back: cannot happen inside one transaction
    out.push({ ...i, canary_id: canaryId, row: records[row]!.row });
  }
  return out;
}
