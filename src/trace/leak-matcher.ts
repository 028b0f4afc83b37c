/**
 * Matches leaked records to vault customers (and to canary identities) by blind index: the
 * record's phone, ID number and name + birth date are normalised by the detection engine's
 * normalisers and HMAC'd under the vault's blind-index key (protect/blind-index.ts), then looked
 * up. Nothing in the vault is decrypted, and a reformatted phone (+86 138-0013-8000), a
 * traditional-character name or a 1990年3月7日 birth date matches what was imported.
 */
import type { BlindIndex, BlindIndexKind } from '../protect/blind-index.ts';
import type { LeakRecord } from './leak-records.ts';

/** Looks up blind-index digests: digest hex → ids of the customers (or canaries) that have it. */
export interface DigestLookup {
  lookup(kind: BlindIndexKind, digests: readonly Buffer[]): Promise<Map<string, string[]>>;
}

/**
 * An in-memory {@link DigestLookup} (tests, benchmarks, and canary sets loaded whole).
 *
 * @example
 * const lookup = new MemoryDigestLookup();
 * lookup.add('phone', index.blindIndexFor('phone', '13800138000'), 'C1');
 */
export class MemoryDigestLookup implements DigestLookup {
  readonly #map = new Map<string, string[]>();

  add(kind: BlindIndexKind, digest: Buffer, id: string): void {
    const key = `${kind}:${digest.toString('hex')}`;
    const ids = this.#map.get(key);
    if (ids === undefined) this.#map.set(key, [id]);
    else if (!ids.includes(id)) ids.push(id);
  }

  lookup(kind: BlindIndexKind, digests: readonly Buffer[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const d of digests) {
      const hex = d.toString('hex');
      const ids = this.#map.get(`${kind}:${hex}`);
      if (ids !== undefined) out.set(hex, ids);
    }
    return Promise.resolve(out);
  }
}

/** The blind-index keys of one record (those that normalise). */
export interface RecordKeys {
  phone?: Buffer;
  id_number?: Buffer;
  email?: Buffer;
  name_birth_date?: Buffer;
}

/**
 * Blind indexes of a record's identifying fields; fields that do not normalise are skipped
 * (a leak is messy: a cell may hold a partial or masked value).
 *
 * @example
 * recordKeys({ row: 1, phone: '+86 138 0013 8000', cells: [] }, index).phone // Buffer
 */
export function recordKeys(record: LeakRecord, index: BlindIndex): RecordKeys {
  const keys: RecordKeys = {};
  const attempt = (f: () => Buffer): Buffer | undefined => {
    try {
      return f();
    } catch {
      return undefined;
    }
  };
  if (record.phone) {
    const k = attempt(() => index.blindIndexFor('phone', record.phone!));
    if (k) keys.phone = k;
  }
  if (record.idNumber) {
    const k = attempt(() => index.blindIndexFor('id_number', record.idNumber!));
    if (k) keys.id_number = k;
  }
  if (record.email) {
    const k = attempt(() => index.blindIndexFor('email', record.email!));
    if (k) keys.email = k;
  }
  if (record.name && record.birthDate) {
    const raw = { name: record.name, birthDate: record.birthDate };
    const k = attempt(() => index.blindIndexFor('name_birth_date', raw));
    if (k) keys.name_birth_date = k;
  }
  return keys;
}

const KINDS = ['id_number', 'name_birth_date', 'phone', 'email'] as const;

/** The outcome of {@link matchRecords}: per record, the id it matched (or null). */
export interface RecordMatches {
  /** Same order as the records given. */
  ids: (string | null)[];
  /** How each match was made (the strongest key that agreed). */
  via: (BlindIndexKind | null)[];
}

/**
 * Resolves each record to at most one id: the id named by the most keys of the record, ties
 * broken by key strength (ID number, then name + birth date, then phone, then email) and then
 * by id order — so a phone shared by a family resolves by name + birth date when the leak has
 * it, and deterministically when it does not.
 *
 * @example
 * const { ids } = await matchRecords(records, index, vaultLookup);
 */
export async function matchRecords(
  records: readonly LeakRecord[],
  index: BlindIndex,
  lookup: DigestLookup,
  precomputed?: readonly RecordKeys[],
): Promise<RecordMatches> {
  const keys = precomputed ?? records.map((r) => recordKeys(r, index));
  const found = new Map<BlindIndexKind, Map<string, string[]>>();
  for (const kind of KINDS) {
    const digests: Buffer[] = [];
    for (const k of keys) {
      const d = k[kind];
      if (d) digests.push(d);
    }
    found.set(kind, digests.length ? await lookup.lookup(kind, digests) : new Map());
  }
  const ids: (string | null)[] = [];
  const via: (BlindIndexKind | null)[] = [];
  for (const k of keys) {
    const score = new Map<string, { n: number; best: number }>();
    KINDS.forEach((kind, strength) => {
      const d = k[kind];
      if (!d) return;
      for (const id of found.get(kind)!.get(d.toString('hex')) ?? []) {
        const s = score.get(id);
        if (s) s.n++;
        else score.set(id, { n: 1, best: strength });
      }
    });
    let bestId: string | null = null;
    let bestScore = { n: 0, best: 99 };
    for (const [id, s] of score) {
      const better =
        s.n > bestScore.n ||
        (s.n === bestScore.n && s.best < bestScore.best) ||
        (s.n === bestScore.n && s.best === bestScore.best && bestId !== null && id < bestId);
      if (better) {
        bestId = id;
        bestScore = s;
      }
    }
    ids.push(bestId);
    via.push(bestId === null ? null : KINDS[bestScore.best]!);
  }
  return { ids, via };
}
