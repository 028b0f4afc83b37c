/**
 * Migration 0004: the watch tables (owned by src/watch). Portable SQL only.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database-url.ts';

/**
 * @example
 * const m = watchMigration('sqlite'); await m.up(db);
 */
export function watchMigration(engine: Engine): Migration {
  void engine;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      void db; // tables arrive with src/watch
    },
  };
}
