/**
 * The takedown report: for each flagged post, why it was flagged (the signals and their weights),
 * the contact handles and the masked PI samples; then a summary grouped by contact handle, since
 * one seller posts many times and a platform acts on the account, not the post.
 */
import type { MonitoredPost } from './post-monitor.ts';

export interface FlaggedPostEntry {
  id: string;
  score: number;
  reasons: Array<{ signal: string; weight: number; terms: string[] }>;
  contacts: string[];
  pii_types: string[];
  samples: Array<{ type: string; masked: string }>;
}

export interface ContactGroup {
  contact: string;
  posts: string[];
  /** Highest score among the contact's posts. */
  max_score: number;
}

export interface TakedownReport {
  generated_at: string;
  posts_classified: number;
  posts_flagged: number;
  flagged: FlaggedPostEntry[];
  by_contact: ContactGroup[];
  /** Flagged posts that left no handle: the platform must act on the post's author instead. */
  without_contact: string[];
}

/**
 * Builds the report from monitored posts (flagged and not).
 *
 * @example
 * const report = buildTakedownReport(results, new Date());
 * report.by_contact[0] // { contact: 'qq:12345678', posts: ['p1', 'p7'], max_score: 0.998 }
 */
export function buildTakedownReport(
  posts: readonly MonitoredPost[],
  generatedAt: Date = new Date(),
): TakedownReport {
  const flaggedPosts = posts.filter((p) => p.label === 'pi_trade');
  const groups = new Map<string, ContactGroup>();
  const withoutContact: string[] = [];
  for (const p of flaggedPosts) {
    if (p.contacts.length === 0) withoutContact.push(p.id);
    for (const c of p.contacts) {
      const g = groups.get(c) ?? { contact: c, posts: [], max_score: 0 };
      g.posts.push(p.id);
      g.max_score = Math.max(g.max_score, p.score);
      groups.set(c, g);
    }
  }
  return {
    generated_at: generatedAt.toISOString(),
    posts_classified: posts.length,
    posts_flagged: flaggedPosts.length,
    flagged: flaggedPosts.map((p) => ({
      id: p.id,
      score: p.score,
      reasons: p.signals.map((s) => ({ signal: s.name, weight: s.weight, terms: s.terms })),
      contacts: p.contacts,
      pii_types: p.piiTypes,
      samples: p.samples.map((s) => ({ type: s.type, masked: s.masked })),
    })),
    // Sellers with the most posts first; ties by handle so the order is stable.
    by_contact: [...groups.values()].sort(
      (a, b) => b.posts.length - a.posts.length || a.contact.localeCompare(b.contact),
    ),
    without_contact: withoutContact,
  };
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * Renders the report as Markdown for people.
 *
 * @example
 * writeFileSync('takedown.md', renderTakedownMarkdown(report));
 */
export function renderTakedownMarkdown(report: TakedownReport): string {
  const out: string[] = [
    '# Takedown report',
    '',
    `Generated ${report.generated_at}. ${report.posts_flagged} of ${report.posts_classified} posts flagged as trading personal data.`,
    '',
    '## By contact handle',
    '',
  ];
  if (report.by_contact.length === 0) out.push('No contact handles in flagged posts.', '');
  else {
    out.push('| contact | posts | max score |', '| --- | --- | --- |');
    for (const g of report.by_contact) {
      out.push(`| ${cell(g.contact)} | ${cell(g.posts.join(', '))} | ${g.max_score} |`);
    }
    out.push('');
  }
  if (report.without_contact.length > 0) {
    out.push(`Flagged without a handle: ${report.without_contact.join(', ')}`, '');
  }
  out.push('## Flagged posts', '');
  for (const p of report.flagged) {
    out.push(`### ${cell(p.id)} (score ${p.score})`, '');
    out.push(
      `- why: ${p.reasons
        .map((r) => `${r.signal} ${r.weight > 0 ? '+' : ''}${r.weight} (${r.terms.join(', ')})`)
        .join('; ')}`,
    );
    out.push(`- contacts: ${p.contacts.join(', ') || '—'}`);
    out.push(`- PI types: ${p.pii_types.join(', ') || '—'}`);
    out.push(
      `- samples (masked): ${p.samples.map((s) => `${s.type} ${s.masked}`).join(', ') || '—'}`,
      '',
    );
  }
  return out.join('\n');
}
