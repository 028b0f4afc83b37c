/**
 * Alert output: the JSON line of DESIGN §5.4 (exactly its fields, in its order) and a table for
 * people. Alerts carry ids and numbers only, so nothing here needs masking.
 */
import type { WatchAlert } from './watch-types.ts';

/**
 * One §5.4 line: `{"actor","day","score","kind","reasons","customers"}`.
 *
 * @example
 * formatAlertJsonl(alert) // '{"actor":"S1","day":"2025-03-04","score":1.5,...}'
 */
export function formatAlertJsonl(a: WatchAlert): string {
  return JSON.stringify({
    actor: a.actor,
    day: a.day,
    score: a.score,
    kind: a.kind,
    reasons: a.reasons,
    customers: a.customers,
  });
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/**
 * A plain-text table: one row per alert, the first reason under it.
 *
 * @example
 * console.log(formatAlertTable(alerts));
 */
export function formatAlertTable(alerts: readonly WatchAlert[]): string {
  const lines = [
    `${pad('DAY', 11)}${pad('ACTOR', 14)}${pad('KIND', 18)}${pad('SCORE', 8)}CUSTOMERS`,
  ];
  for (const a of alerts) {
    lines.push(
      `${pad(a.day, 11)}${pad(a.actor, 14)}${pad(a.kind, 18)}${pad(a.score.toFixed(2), 8)}${a.customers}`,
    );
    for (const r of a.reasons) lines.push(`    ${r}`);
  }
  lines.push(`${alerts.length} alert${alerts.length === 1 ? '' : 's'}`);
  return lines.join('\n') + '\n';
}
