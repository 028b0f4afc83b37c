/**
 * Loads a (small) synthetic organisation into a test database the way piguard itself would:
 * customers through the vault (encrypted, blind-indexed), access events through recordAccess
 * (audit log + access index), exports through the export decorators with their row sets.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AuditLog } from '../../../src/audit/audit-log.ts';
import { createLog } from '../../../src/audit/log-signer.ts';
import type { AccessAuditEntry } from '../../../src/core/access-event.ts';
import type { KeyProvider } from '../../../src/protect/key-provider.ts';
import type { Database } from '../../../src/store/open-database.ts';
import type { Schema } from '../../../src/store/schema.ts';
import { recordAccess } from '../../../src/vault/access-recorder.ts';
import { CustomerVault } from '../../../src/vault/customer-vault.ts';
import type { ExportDecorator, ExportRow } from '../../../src/vault/export-decorator.ts';
import type { SyntheticOrg } from './synthetic-org.ts';

/** History starts here; day d of the org is BASE + d days. */
export const BASE = Date.UTC(2026, 0, 1);

export function dayTs(day: number): string {
  return new Date(BASE + day * 86_400_000).toISOString();
}

export interface LoadedOrg {
  vault: CustomerVault;
  log: AuditLog;
  keys: KeyProvider;
  masterKeyHex: string;
  close(): Promise<void>;
}

/**
 * @example
 * const loaded = await loadOrg(database, org);
 */
export async function loadOrg(database: Database, org: SyntheticOrg): Promise<LoadedOrg> {
  const master = randomBytes(32);
  const keys: KeyProvider = {
    source: 'test',
    getMasterKey: () => Promise.resolve(Buffer.from(master)),
  };
  await createLog(database.db, { origin: 'test.example/trace', masterKey: master });
  const vault = await CustomerVault.open(database, keys);
  const log = new AuditLog(database);
  await database.db.transaction().execute(async (trx) => {
    await vault.upsert(
      trx,
      org.customers.map((c) => ({
        customer_id: c.id,
        name: c.name,
        birth_date: c.birthDate,
        phone: c.phone,
        id_number: c.idNumber,
        agent: org.staff[c.agent]!.id,
        branch: `B${c.branch}`,
      })),
    );
  });
  // One access event per actor and week.
  const groups = new Map<string, Set<string>>();
  for (let i = 0; i < org.pairs.length; i++) {
    const week = Math.floor(org.pairs.day[i]! / 7);
    const key = `${org.pairs.actor[i]}:${week}`;
    let set = groups.get(key);
    if (!set) groups.set(key, (set = new Set()));
    set.add(org.customers[org.pairs.customer[i]!]!.id);
  }
  const entries: AccessAuditEntry[] = [];
  for (const [key, customers] of groups) {
    const [a, week] = key.split(':').map(Number) as [number, number];
    entries.push({
      type: 'access',
      ts: dayTs(week * 7),
      actor: org.staff[a]!.id,
      action: 'view',
      customers: [...customers],
      purpose: 'service',
      source: 'test',
      decision: 'allow',
    });
  }
  entries.sort((x, y) => (x.ts < y.ts ? -1 : x.ts > y.ts ? 1 : 0));
  for (let i = 0; i < entries.length; i += 2000) {
    await database.db
      .transaction()
      .execute((trx) => recordAccess(trx, log, entries.slice(i, i + 2000)));
  }
  return {
    vault,
    log,
    keys,
    masterKeyHex: master.toString('hex'),
    async close() {
      await log.close();
      vault.close();
    },
  };
}

/**
 * Writes an export the way the gateway does (record, decorators, row set, audit entry) and
 * returns the decorated columns and rows.
 *
 * @example
 * const { columns, rows } = await makeExport(db, log, org, decorators, 'S0001', [0, 1, 2], 200);
 */
export async function makeExport(
  db: Kysely<Schema>,
  log: AuditLog,
  org: SyntheticOrg,
  decorators: readonly ExportDecorator[],
  actor: string,
  customers: readonly number[],
  day: number,
): Promise<{ exportId: string; columns: string[]; rows: ExportRow[] }> {
  const exportId = `E${randomBytes(6).toString('hex')}`;
  const ts = dayTs(day);
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('exports')
      .values({
        export_id: exportId,
        actor,
        purpose: 'marketing',
        recipient: null,
        format: 'csv',
        filter: '{}',
        status: 'done',
        rows: customers.length,
        requested_at: ts,
        decided_by: null,
        decided_at: null,
        decision_reason: null,
        completed_at: ts,
        file_sha256: null,
      })
      .execute();
    let columns = ['customer_id', 'name', 'phone', 'birth_date'];
    let rows: ExportRow[] = customers.map((c) => {
      const cu = org.customers[c]!;
      return {
        customerId: cu.id,
        cells: { customer_id: cu.id, name: cu.name, phone: cu.phone, birth_date: cu.birthDate },
      };
    });
    for (const d of decorators) {
      ({ columns, rows } = await d.decorate({
        trx,
        exportId,
        actor,
        purpose: 'marketing',
        recipient: null,
        columns,
        rows,
      }));
    }
    const real = rows.flatMap((r, i) =>
      r.customerId === null
        ? []
        : [{ export_id: exportId, row_no: i + 1, customer_id: r.customerId }],
    );
    for (let i = 0; i < real.length; i += 1000) {
      await trx
        .insertInto('export_rows')
        .values(real.slice(i, i + 1000))
        .execute();
    }
    await recordAccess(trx, log, [
      {
        type: 'access',
        ts,
        actor,
        action: 'export',
        customers: real.map((r) => r.customer_id),
        purpose: 'marketing',
        source: 'gateway',
        decision: 'allow',
        export_id: exportId,
      },
    ]);
    return { exportId, columns, rows };
  });
}

/** CSV text of rows (quoted where needed). */
export function toCsv(columns: readonly string[], rows: readonly Record<string, string>[]): string {
  const q = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return (
    [columns.join(','), ...rows.map((r) => columns.map((c) => q(r[c] ?? '')).join(','))].join(
      '\n',
    ) + '\n'
  );
}
