/**
 * Kysely table interfaces of src/cases, created by migration 0005-cases.
 */

/** cases tables, merged into the database's Schema. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CaseTables {}
