import { createOrganisation, simulateEvents } from '../../../src/sim/index.ts';
const org = createOrganisation({ customers: 3000, staff: 80, months: 6, seed: Number(process.argv[2]) });
const leak = org.leaks[Number(process.argv[3] ?? 0)]!;
console.log(JSON.stringify(leak.truth));
const src = leak.truth.sources.map((s) => s.actor);
const other = process.argv[4]!;
console.log('staff', JSON.stringify(org.staff.filter((s) => [...src, other].includes(s.staff_id))));
console.log('scenarios', JSON.stringify(org.truth.scenarios.filter((s) => [...src, other].some((a) => s.actor === a || s.actors?.includes(a)))));
const ids = new Set(leak.customerIds.filter(Boolean));
const agents = new Map<string, number>();
for (const id of ids) { const c = org.customers.find((x) => x.customer_id === id)!; agents.set(c.agent, (agents.get(c.agent) ?? 0) + 1); }
console.log('agents of leaked customers', JSON.stringify([...agents].sort((a, b) => b[1] - a[1]).slice(0, 5)));
