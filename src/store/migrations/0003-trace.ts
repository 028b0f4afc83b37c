/**
 * Migration 0003: the trace tables (owned by src/trace). Portable SQL only.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database-url.ts';

/**
 * @example
 * const m = traceMigration('sqlite'); await m.up(db);
 */
export function traceMigration(engine: Engine): Migration {
  void engine;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      void db; // tables arrive with src/trace
    },
  };
}
