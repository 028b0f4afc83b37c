/**
 * Kysely table interfaces of src/watch, created by migration 0004-watch.
 */

/** watch tables, merged into the database's Schema. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface WatchTables {}
