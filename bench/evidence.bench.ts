/**
 * Evidence bundle benchmark (issue 7): export and offline verify of a case whose suspect has many
 * audit entries, in a log much larger than the suspect's share, each against a baseline measured
 * in the same run:
 *
 * 1. `exportEvidence` (collect entries, count, custody entry, fresh checkpoint, one inclusion
 *    proof per entry, consistency proofs) against the bare inclusion-proof generation for the
 *    same entries (`inclusionProof` per entry, what `audit prove` does once per call).
 * 2. `verifyEvidence` of that bundle against checking the same entries as separate C2SP
 *    tlog-proof files (`verifyTlogProof` each: one signature check per proof).
 *
 * Run: `node --import tsx bench/evidence.bench.ts [--entries N] [--suspect K]`
 * Defaults: --entries 200000 log entries, --suspect 20000 of them by the suspect (10 customers
 * each: 200,000 customer accesses, four times the Jing'an clerk's 50,000 records). SQLite.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AuditLog } from '../src/audit/audit-log.ts';
import { createLog, loadLogSigner } from '../src/audit/log-signer.ts';
import { inclusionProof } from '../src/audit/merkle-proofs.ts';
import { formatTlogProof, verifyTlogProof } from '../src/audit/tlog-proof.ts';
import { CaseStore } from '../src/cases/case-store.ts';
import { exportEvidence } from '../src/cases/evidence-export.ts';
import { verifyEvidence } from '../src/cases/evidence-verify.ts';
import { DEFAULT_LEGAL_CONFIG } from '../src/cases/legal-categories.ts';
import type { AccessAuditEntry } from '../src/core/access-event.ts';
import { migrateToLatest } from '../src/store/migrator.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { recordAccess } from '../src/vault/access-recorder.ts';

const { values } = parseArgs({
  options: { entries: { type: 'string' }, suspect: { type: 'string' } },
});
const TOTAL = Number(values.entries ?? 200_000);
const SUSPECT = Math.min(Number(values.suspect ?? 20_000), TOTAL);

function entry(n: number, suspect: boolean): AccessAuditEntry {
  return {
    type: 'access',
    ts: new Date(1_767_225_600_000 + n * 1000).toISOString(),
    actor: suspect ? 'S0042' : `staff-${n % 997}`,
    action: n % 10 === 0 ? 'export' : 'view',
    customers: Array.from({ length: suspect ? 10 : 1 }, (_, i) => `C${(n * 7919 + i) % 1_000_003}`),
    purpose: 'qa',
    source: 'gateway',
    decision: 'allow',
    fields: ['name', 'birth_date', 'phone', 'address', 'product', 'premium'],
  };
}

async function timed<T>(run: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await run();
  return { ms: performance.now() - t0, value };
}

const dir = mkdtempSync(join(tmpdir(), 'piguard-bench-evidence-'));
try {
  const database = await openDatabase(`sqlite:${join(dir, 'bench.db')}`);
  await migrateToLatest(database.db, database.engine);
  const masterKey = randomBytes(32);
  await createLog(database.db, { origin: 'bench.example/evidence', masterKey });
  const log = new AuditLog(database);
  const signer = await loadLogSigner(database.db, masterKey);
  const every = Math.max(1, Math.floor(TOTAL / SUSPECT));
  const fill = await timed(async () => {
    let suspectLeft = SUSPECT;
    for (let start = 0; start < TOTAL; start += 2000) {
      const batch: AccessAuditEntry[] = [];
      for (let n = start; n < Math.min(TOTAL, start + 2000); n++) {
        const mine = suspectLeft > 0 && n % every === 0;
        if (mine) suspectLeft--;
        batch.push(entry(n, mine));
      }
      await database.db.transaction().execute((trx) => recordAccess(trx, log, batch));
    }
  });
  const store = new CaseStore(log, database.engine);
  const c = await store.openCase({ suspect: 'S0042', title: 'bench', actor: 'bench' });
  console.log(
    `log: ${TOTAL} entries (${SUSPECT} by the suspect, ${SUSPECT * 10} customer accesses), filled in ${(fill.ms / 1000).toFixed(1)} s`,
  );

  const exp = await timed(() =>
    exportEvidence(store, c.caseId, { actor: 'bench', legalConfig: DEFAULT_LEGAL_CONFIG, signer }),
  );
  const bundle = exp.value.bundle;
  const size = (await log.info()).size;
  const indexes = bundle.entries.map((e) => e.index);
  const checkpoint = bundle.log.checkpoint;
  const baseProofs = await timed(async () => {
    const out: string[] = [];
    for (const i of indexes) {
      out.push(
        formatTlogProof({
          index: i,
          proof: await inclusionProof(i, size, log.nodeSource()),
          checkpoint,
        }),
      );
    }
    return out;
  });
  const text = JSON.stringify(bundle);
  const ver = await timed(() => verifyEvidence(text));
  if (!ver.value.ok) throw new Error('the bundle does not verify');
  const vkey = bundle.manifest.log.verifier_key;
  const baseVerify = await timed(() => {
    bundle.entries.forEach((e, i) => {
      verifyTlogProof(baseProofs.value[i]!, vkey, { entry: Buffer.from(e.entry, 'base64') });
    });
  });

  const mb = (Buffer.byteLength(text) / 1024 / 1024).toFixed(1);
  console.log(
    `export: ${(exp.ms / 1000).toFixed(2)} s for ${bundle.entries.length} entries (bundle ${mb} MiB); baseline inclusion proofs alone ${(baseProofs.ms / 1000).toFixed(2)} s; ratio ${(exp.ms / baseProofs.ms).toFixed(2)}×`,
  );
  console.log(
    `verify: ${(ver.ms / 1000).toFixed(2)} s; baseline ${bundle.entries.length} separate tlog-proof checks ${(baseVerify.ms / 1000).toFixed(2)} s; ratio ${(ver.ms / baseVerify.ms).toFixed(2)}×`,
  );
  console.log(`legal: ${bundle.legal.customers} customers, level ${bundle.legal.level}`);
  await log.close();
  await database.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
