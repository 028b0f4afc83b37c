/**
 * A server over the gateway fixture's customers and staff (test/vault/gateway-fixture.ts) and the
 * default policy: what the data-route, subject-access, log and load tests run against.
 */
import type { TestContext } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { writeFileSync } from 'node:fs';
import { CustomerVault } from '../../src/vault/customer-vault.ts';
import { defaultPolicyText } from '../../src/vault/policy/default-policy.ts';
import { upsertStaff } from '../../src/vault/staff-store.ts';
import type { AppOptions } from '../../src/server/app.ts';
import { CUSTOMERS, STAFF } from '../vault/gateway-fixture.ts';
import type { TestEngine } from '../helpers/databases.ts';
import { openServerFixture, type ServerFixture } from './server-fixture.ts';

/** A server over the gateway fixture's customers, staff and the default policy. */
export async function openDataFixture(
  engine: TestEngine,
  t: TestContext,
  options: AppOptions & { configure?: (app: FastifyInstance) => void } = {},
): Promise<ServerFixture> {
  return openServerFixture(engine, t, {
    rateLimit: false,
    ...options,
    before: async (ctx) => {
      writeFileSync(ctx.policyPath, defaultPolicyText());
      const vault = await CustomerVault.open(ctx.database, ctx.keys);
      await ctx.database.db.transaction().execute(async (trx) => {
        await vault.upsert(trx, CUSTOMERS);
        await upsertStaff(trx, STAFF, new Date().toISOString());
      });
      vault.close();
    },
  });
}
