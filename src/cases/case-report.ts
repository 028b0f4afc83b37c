/**
 * The printable case report (HTML; PDF through pdf-renderer.ts), in Simplified Chinese or English:
 * the case, the record counts against the thresholds of 法释〔2017〕10号 art. 5, the items with
 * their statistics, the history, the notes, and the audit-log anchor. Every value is escaped
 * (html-template.ts).
 */
import type { Lang } from '../core/config.ts';
import { html, type SafeHtml } from './html-template.ts';
import type { EvidenceItem } from './evidence-bundle.ts';
import { CATEGORY_LABELS, categoryOf } from './legal-categories.ts';
import { page } from './report-page.ts';
import type { ReportSource } from './report-source.ts';
import { FIELD_LABELS, WORDS, type ReportWords } from './report-text.ts';

function num(n: number, lang: Lang): string {
  return n.toLocaleString(lang === 'zh-CN' ? 'zh-CN' : 'en-US');
}

function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? 'null';
}

/** A short summary of the kinds whose layout we know (DESIGN §5.4 alerts, §5.5 traces). */
function itemSummary(item: EvidenceItem, lang: Lang): SafeHtml {
  const s = item.snapshot as Record<string, unknown> | null;
  if (s && typeof s === 'object' && item.kind === 'trace' && Array.isArray(s['suspects'])) {
    const suspects = s['suspects'] as Array<Record<string, unknown>>;
    return html`<table>
      <tr>
        <th>actor</th>
        <th>matched_in_access</th>
        <th>expected_by_chance</th>
        <th>false_accusation_probability</th>
      </tr>
      ${suspects.map(
        (x) =>
          html`<tr>
            <td>${String(x['actor'] ?? '')}</td>
            <td class="n">${String(x['matched_in_access'] ?? '')}</td>
            <td class="n">${String(x['expected_by_chance'] ?? '')}</td>
            <td class="n">${String(x['false_accusation_probability'] ?? '')}</td>
          </tr>`,
      )}
    </table>`;
  }
  if (s && typeof s === 'object' && item.kind === 'alert' && Array.isArray(s['reasons'])) {
    return html`<p>
        ${String(s['day'] ?? '')} · ${String(s['kind'] ?? '')} · score ${String(s['score'] ?? '')} ·
        ${num(Number(s['customers'] ?? 0), lang)}
      </p>
      <ul>
        ${(s['reasons'] as unknown[]).map((r) => html`<li>${String(r)}</li>`)}
      </ul>`;
  }
  return html``;
}

function legalSection(src: ReportSource, w: ReportWords, lang: Lang): SafeHtml {
  const l = src.legal;
  const mapping = Object.entries(l.config.fields)
    .filter(([f]) => l.fields.includes(f))
    .map(
      ([f]) =>
        `${FIELD_LABELS[f]?.[lang] ?? f} → ${CATEGORY_LABELS[categoryOf(f, l.config)][lang]}`,
    );
  for (const f of l.fields) {
    if (!(f in l.config.fields))
      mapping.push(`${FIELD_LABELS[f]?.[lang] ?? f} → ${CATEGORY_LABELS.other[lang]}`);
  }
  return html`<h2>${w.legal}</h2>
    <p class="meta">${w.legalBasis}</p>
    <p>${l.config.obtained_in_duty ? w.duty : w.notDuty}</p>
    <table>
      <tr>
        <th>${w.category}</th>
        <th>${w.records}</th>
        <th>${w.serious}</th>
        <th>${w.especiallySerious}</th>
        <th>${w.level}</th>
      </tr>
      ${l.by_category.map(
        (c) =>
          html`<tr>
            <td>${CATEGORY_LABELS[c.category][lang]}</td>
            <td class="n">${num(c.records, lang)}</td>
            <td class="n">${num(c.serious, lang)}</td>
            <td class="n">${num(c.especially_serious, lang)}</td>
            <td class="level-${c.level}">${w.levels[c.level]}</td>
          </tr>`,
      )}
      <tr>
        <th>${w.combined}</th>
        <td class="n">${String(l.combined_ratio)}</td>
        <td class="n">1</td>
        <td class="n">10</td>
        <td class="level-${l.level}">${w.levels[l.level]}</td>
      </tr>
    </table>
    <p>${w.customers}: ${num(l.customers, lang)}</p>
    <p class="meta">${w.fieldsMapping}: ${mapping.join('; ') || w.none}</p>`;
}

/**
 * Renders the case report.
 *
 * @example
 * writeFileSync('CASE-1.html', renderCaseReport(source, 'zh-CN'));
 */
export function renderCaseReport(src: ReportSource, lang: Lang): string {
  const w = WORDS[lang];
  const c = src.case;
  const body = html`<h1>${w.caseReport} — ${c.case_id}</h1>
    <p class="meta">${w.generated}: ${src.generatedAt} · piguard ${src.toolVersion}</p>
    <table>
      <tr>
        <th>${w.caseId}</th>
        <td>${c.case_id}</td>
      </tr>
      <tr>
        <th>${w.title}</th>
        <td>${c.title}</td>
      </tr>
      <tr>
        <th>${w.suspect}</th>
        <td>${c.suspect}</td>
      </tr>
      <tr>
        <th>${w.status}</th>
        <td>${w.statuses[c.status] ?? c.status}</td>
      </tr>
      <tr>
        <th>${w.assignee}</th>
        <td>${c.assignee ?? w.none}</td>
      </tr>
      <tr>
        <th>${w.opened}</th>
        <td>${c.created_at} · ${c.created_by}</td>
      </tr>
    </table>
    ${legalSection(src, w, lang)}
    <h2>${w.items}</h2>
    ${
      src.items.length === 0
        ? html`<p>${w.none}</p>`
        : src.items.map(
            (i) =>
              html`<h3>${i.item_no}. ${w.kinds[i.kind] ?? i.kind} ${i.ref}</h3>
                <p class="meta">
                  ${w.attached}: ${i.attached_at} · ${i.attached_by} · SHA-256
                  <code>${i.snapshot_sha256}</code>
                </p>
                ${itemSummary(i, lang)}
                <pre>${pretty(i.snapshot)}</pre>`,
          )
    }
    <h2>${w.history}</h2>
    <table>
      <tr>
        <th>#</th>
        <th>${w.time}</th>
        <th>${w.actor}</th>
        <th>${w.change}</th>
      </tr>
      ${c.history.map(
        (h) =>
          html`<tr>
            <td class="n">${h.seq}</td>
            <td>${h.ts}</td>
            <td>${h.actor}</td>
            <td><code>${JSON.stringify(h.change)}</code></td>
          </tr>`,
      )}
    </table>
    <h2>${w.notes}</h2>
    ${
      c.notes.length === 0
        ? html`<p>${w.none}</p>`
        : c.notes.map(
            (n) =>
              html`<p><b>${n.note_no}.</b> ${n.created_at} · ${n.author}</p>
                <pre>${n.text}</pre>`,
          )
    }
    <h2>${w.auditAnchor}</h2>
    <table>
      <tr>
        <th>${w.logOrigin}</th>
        <td><code>${src.log.origin}</code></td>
      </tr>
      <tr>
        <th>${w.keyFingerprint}</th>
        <td><code>${src.log.fingerprint}</code></td>
      </tr>
      ${
        src.bundle
          ? html`<tr>
                <th>${w.checkpointSize}</th>
                <td class="n">${num(src.bundle.checkpointSize, lang)}</td>
              </tr>
              <tr>
                <th>${w.entriesIncluded}</th>
                <td class="n">${num(src.bundle.entries, lang)}</td>
              </tr>`
          : html`<tr>
              <td colspan="2">${w.notExported}</td>
            </tr>`
      }
    </table>`;
  return page(lang, `${w.caseReport} — ${c.case_id}`, body).toString();
}
