import BetterSqlite3 from 'better-sqlite3';
const path = '/tmp/h6-read.db';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const raw = new BetterSqlite3(path, { readonly: true });
for (let rep = 0; rep < 2; rep++) {
let c0 = cpu(), n = 0;
for (const r of raw.prepare('select customer_id, actor from access_event_customers where ts < ?').raw(true).iterate('2026-08-01')) { if ((r as string[])[1]) n++; }
console.log('iterate', n, (cpu() - c0).toFixed(2), 's cpu');
c0 = cpu(); n = 0;
const max = (raw.prepare('select max(rowid) m from access_event_customers').get() as { m: number }).m;
const st = raw.prepare('select customer_id, actor from access_event_customers where rowid > ? and rowid <= ? and ts < ?').raw(true);
for (let lo = 0; lo < max; lo += 100_000) { const rows = st.all(lo, lo + 100_000, '2026-08-01') as string[][]; n += rows.length; }
console.log('paged all', n, (cpu() - c0).toFixed(2), 's cpu');
c0 = cpu(); n = 0;
const st2 = raw.prepare("select group_concat(customer_id || char(9) || actor, char(10)) from access_event_customers where rowid > ? and rowid <= ? and ts < ?").pluck();
for (let lo = 0; lo < max; lo += 100_000) { const s = st2.get(lo, lo + 100_000, '2026-08-01') as string; n += s.split('\n').length; }
console.log('group_concat pages', n, (cpu() - c0).toFixed(2), 's cpu');
}
