import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../../../src/store/open-database.ts';
import { migrateToLatest } from '../../../src/store/migrator.ts';
const path = '/tmp/h6-read.db';
const fresh = process.argv[2] === 'make';
if (fresh) {
  const d = await openDatabase(`sqlite:${path}`); await migrateToLatest(d.db, d.engine); await d.close();
  const raw = new BetterSqlite3(path); raw.pragma('synchronous = OFF');
  const ins = raw.prepare("insert into access_event_customers (audit_idx, customer_id, actor, ts, action) values (?, ?, ?, ?, 'view')");
  raw.transaction(() => { for (let i = 0; i < 2_000_000; i++) ins.run(i, `C${String(i % 100000).padStart(8, '0')}`, `S${String(i % 400).padStart(5, '0')}`, '2026-03-01T00:00:00.000Z'); })();
  raw.close();
}
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
let c0 = cpu(), t0 = performance.now(), n = 0;
const raw = new BetterSqlite3(path, { readonly: true });
for (const r of raw.prepare('select customer_id, actor from access_event_customers where ts < ?').raw(true).iterate('2026-08-01')) { if ((r as string[])[1]) n++; }
console.log('raw iterate', n, ((performance.now() - t0) / 1000).toFixed(2), 's wall', (cpu() - c0).toFixed(2), 's cpu');
raw.close();
const d = await openDatabase(`sqlite:${path}`);
c0 = cpu(); t0 = performance.now(); n = 0;
for await (const r of d.db.selectFrom('access_event_customers').select(['customer_id', 'actor']).where('ts', '<', '2026-08-01').stream(20000)) { if (r.actor) n++; }
console.log('kysely stream', n, ((performance.now() - t0) / 1000).toFixed(2), 's wall', (cpu() - c0).toFixed(2), 's cpu');
await d.close();
