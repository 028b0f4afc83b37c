/**
 * Migration 0005: the cases tables (owned by src/cases). Portable SQL only.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database-url.ts';

/**
 * @example
 * const m = casesMigration('sqlite'); await m.up(db);
 */
export function casesMigration(engine: Engine): Migration {
  void engine;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      void db; // tables arrive with src/cases
    },
  };
}
