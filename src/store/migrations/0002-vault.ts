/**
 * Migration 0002: the vault — key ring, customers with encrypted fields and blind indexes, staff,
 * the access-event index, principals and credentials, exports. Portable SQL only.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database-url.ts';

/**
 * @example
 * const m = vaultMigration('postgres'); await m.up(db);
 */
export function vaultMigration(engine: Engine): Migration {
  const bytes = engine === 'postgres' ? 'bytea' : 'blob';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('key_ring')
        .addColumn('version', 'integer', (c) => c.primaryKey())
        .addColumn('wrapped', bytes, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('retired_at', 'text')
        .execute();
      await db.schema
        .createTable('blind_index_keys')
        .addColumn('version', 'integer', (c) => c.primaryKey())
        .addColumn('wrapped', bytes, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      let customers = db.schema
        .createTable('customers')
        .addColumn('customer_id', 'text', (c) => c.primaryKey())
        .addColumn('agent_id', 'text')
        .addColumn('branch', 'text')
        .addColumn('region', 'text')
        .addColumn('key_version', 'integer', (c) => c.notNull())
        .addColumn('ring_version', 'integer', (c) => c.notNull())
        .addColumn('wrapped_dek', bytes);
      for (const field of [
        'name',
        'birth_date',
        'phone',
        'id_number',
        'address',
        'email',
        'product',
        'premium',
        'start_date',
        'extra',
      ]) {
        customers = customers.addColumn(`${field}_enc`, bytes);
      }
      await customers
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('shredded_at', 'text')
        .execute();
      await db.schema.createIndex('customers_agent').on('customers').column('agent_id').execute();
      await db.schema
        .createIndex('customers_ring')
        .on('customers')
        .column('ring_version')
        .execute();

      await db.schema
        .createTable('customer_index')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('digest', bytes, (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('customer_index_pk', ['kind', 'digest', 'customer_id'])
        .execute();
      await db.schema
        .createIndex('customer_index_customer')
        .on('customer_index')
        .column('customer_id')
        .execute();

      await db.schema
        .createTable('staff')
        .addColumn('staff_id', 'text', (c) => c.primaryKey())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('role_raw', 'text')
        .addColumn('branch', 'text')
        .addColumn('team', 'text')
        .addColumn('start_date', 'text')
        .addColumn('end_date', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('access_events')
        .addColumn('audit_idx', 'bigint', (c) => c.primaryKey())
        .addColumn('ts', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('role', 'text')
        .addColumn('branch', 'text')
        .addColumn('outcome', 'text')
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('customers', 'integer', (c) => c.notNull())
        .addColumn('export_id', 'text')
        .execute();
      await db.schema
        .createIndex('access_events_actor_ts')
        .on('access_events')
        .columns(['actor', 'ts'])
        .execute();
      await db.schema.createIndex('access_events_ts').on('access_events').column('ts').execute();

      await db.schema
        .createTable('access_event_customers')
        .addColumn('audit_idx', 'bigint', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('ts', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('access_event_customers_pk', ['audit_idx', 'customer_id'])
        .execute();
      await db.schema
        .createIndex('access_event_customers_customer')
        .on('access_event_customers')
        .columns(['customer_id', 'ts'])
        .execute();
      await db.schema
        .createIndex('access_event_customers_actor_ts')
        .on('access_event_customers')
        .columns(['actor', 'ts'])
        .execute();

      await db.schema
        .createTable('principals')
        .addColumn('principal_id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('staff_id', 'text')
        .addColumn('password_hash', 'text')
        .addColumn('rights', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('disabled_at', 'text')
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('session_hash', bytes, (c) => c.primaryKey())
        .addColumn('principal_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('api_tokens')
        .addColumn('token_hash', bytes, (c) => c.primaryKey())
        .addColumn('principal_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createTable('subject_codes')
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('code_hash', bytes, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addPrimaryKeyConstraint('subject_codes_pk', ['customer_id', 'code_hash'])
        .execute();

      await db.schema
        .createTable('exports')
        .addColumn('export_id', 'text', (c) => c.primaryKey())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text')
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('filter', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('rows', 'integer', (c) => c.notNull())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('decision_reason', 'text')
        .addColumn('completed_at', 'text')
        .addColumn('file_sha256', 'text')
        .execute();
      await db.schema
        .createTable('export_rows')
        .addColumn('export_id', 'text', (c) => c.notNull())
        .addColumn('row_no', 'integer', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('export_rows_pk', ['export_id', 'row_no'])
        .execute();
      await db.schema
        .createIndex('export_rows_customer')
        .on('export_rows')
        .column('customer_id')
        .execute();
    },
  };
}
