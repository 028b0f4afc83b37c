/**
 * The gateway's cache of staff records on PostgreSQL, invalidated by version, never by time.
 *
 * Why: every batch read its actors' staff rows, one round trip of the few a batch makes. The
 * records change rarely (a staff import, a leaver's end date), and every change bumps the
 * staff_version counter (a trigger, migration 0010). The cache hands out records together with
 * the version they were read at; the batch's audit append (piguard_record_access) compares that
 * version with the stored one under the head lock and writes nothing when staff changed, and the
 * gateway then drops the cache and redoes the batch with fresh rows. So a leaver cannot keep
 * reading on a cached record, and no time-to-live is involved.
 *
 * Employment dates are still checked against the batch's clock on every read (policy
 * evaluator): a cached member whose end date passes is refused the moment it passes.
 */
import type { Kysely } from 'kysely';
import type { Engine } from '../../store/database-url.ts';
import type { Schema } from '../../store/schema.ts';
import type { StaffMember } from '../staff-member.ts';
import { getStaffVersioned } from '../staff-store.ts';

/** More distinct actors than this and the cache starts over (bounded memory). */
const MAX_CACHED = 20_000;

/** Members for a batch and what to check at its append. */
export interface CachedStaff {
  members: Map<string, StaffMember>;
  /**
   * The staff_version to check at the append when the records came from the cache; null when
   * they were read in the caller's transaction (as fresh as an uncached read).
   */
  checkVersion: number | null;
}

/**
 * @example
 * const cache = new StaffCache('postgres');
 * const { members, checkVersion } = await cache.get(trx, ['S001']);
 */
export class StaffCache {
  readonly #engine: Engine;
  /** Version the cached entries were read at; undefined when empty. */
  #version: number | undefined;
  /** Cached lookups; null: no such member (also cached: an unknown actor's retries are cheap). */
  #members = new Map<string, StaffMember | null>();

  constructor(engine: Engine) {
    this.#engine = engine;
  }

  /**
   * The members named by `staffIds` (absent ids are missing from the map). From the cache when
   * every id is in it (unless `fresh`); else all of them read in `trx` in one statement with the
   * version.
   *
   * @example
   * const { members } = await cache.get(trx, ['S001', 'S002']);
   */
  async get(trx: Kysely<Schema>, staffIds: readonly string[], fresh = false): Promise<CachedStaff> {
    const members = new Map<string, StaffMember>();
    let hit = !fresh && this.#version !== undefined;
    for (let i = 0; hit && i < staffIds.length; i++) {
      const id = staffIds[i]!;
      const cached = this.#members.get(id);
      if (cached === undefined) hit = false;
      else if (cached !== null) members.set(id, cached);
    }
    if (hit) return { members, checkVersion: this.#version! };
    const read = await getStaffVersioned(trx, this.#engine, staffIds);
    if (read.version !== this.#version || this.#members.size > MAX_CACHED) {
      this.#members = new Map();
      this.#version = read.version;
    }
    for (const id of staffIds) this.#members.set(id, read.members.get(id) ?? null);
    return { members: read.members, checkVersion: null };
  }

  /** Forgets everything (staff changed). */
  clear(): void {
    this.#members = new Map();
    this.#version = undefined;
  }
}
