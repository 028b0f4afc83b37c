/**
 * Kysely table interfaces of src/trace, created by migration 0003-trace.
 */

/** trace tables, merged into the database's Schema. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TraceTables {}
