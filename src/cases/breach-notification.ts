/**
 * The breach-notification draft of PIPL art. 57 for a case: the categories of personal
 * information involved, how many people, the cause, the possible harm, the remedial steps taken
 * and what individuals can do, and a contact — HTML (and PDF through pdf-renderer.ts), in
 * Simplified Chinese or English. Every value is escaped.
 */
import type { Lang } from '../core/config.ts';
import { html } from './html-template.ts';
import { page } from './report-page.ts';
import type { ReportSource } from './report-source.ts';
import {
  DEFAULT_ADVICE,
  DEFAULT_REMEDIES,
  FIELD_HARM,
  FIELD_LABELS,
  WORDS,
} from './report-text.ts';

/** What the organisation fills in; defaults are used for what is missing. */
export interface NotificationOptions {
  cause?: string;
  remedies?: string[];
  advice?: string[];
  contact?: string;
}

/** The draft's content, before rendering (also served as JSON by the API). */
export interface NotificationDraft {
  case: string;
  lang: Lang;
  categories: string[];
  people: number;
  cause: string;
  harm: string[];
  remedies: string[];
  advice: string[];
  contact: string | null;
}

/**
 * Works out the draft's content from a case's facts.
 *
 * @example
 * const draft = notificationDraft(source, 'en', { contact: 'dpo@example.com' });
 */
export function notificationDraft(
  src: ReportSource,
  lang: Lang,
  options: NotificationOptions = {},
): NotificationDraft {
  const w = WORDS[lang];
  const fields = src.legal.fields;
  const harm = [
    ...new Set(fields.map((f) => FIELD_HARM[f]?.[lang]).filter((h): h is string => !!h)),
  ];
  return {
    case: src.case.case_id,
    lang,
    categories: fields.map((f) => FIELD_LABELS[f]?.[lang] ?? f),
    people: src.legal.customers,
    cause: options.cause ?? w.defaultCause(src.case.case_id, src.case.suspect),
    harm,
    remedies: options.remedies?.length ? options.remedies : DEFAULT_REMEDIES[lang],
    advice: options.advice?.length ? options.advice : DEFAULT_ADVICE[lang],
    contact: options.contact ?? null,
  };
}

/**
 * Renders the draft as a printable HTML document.
 *
 * @example
 * writeFileSync('notice.html', renderNotification(source, 'zh-CN', { contact: '400-000-0000' }));
 */
export function renderNotification(
  src: ReportSource,
  lang: Lang,
  options: NotificationOptions = {},
): string {
  const w = WORDS[lang];
  const d = notificationDraft(src, lang, options);
  const count = d.people.toLocaleString(lang === 'zh-CN' ? 'zh-CN' : 'en-US');
  const body = html`<h1>${w.notification}</h1>
    <p class="draft">${w.draftNote}</p>
    <p class="meta">${w.caseId}: ${d.case} · ${w.generated}: ${src.generatedAt}</p>
    <p>${w.notificationIntro}</p>
    <h2>${w.piCategories}</h2>
    <p>${d.categories.join(lang === 'zh-CN' ? '、' : ', ') || w.none}</p>
    <h2>${w.peopleAffected}</h2>
    <p>${count}</p>
    <h2>${w.cause}</h2>
    <p>${d.cause}</p>
    <h2>${w.harm}</h2>
    ${
      d.harm.length === 0
        ? html`<p>${w.none}</p>`
        : html`<ul>
            ${d.harm.map((h) => html`<li>${h}</li>`)}
          </ul>`
    }
    <h2>${w.remedies}</h2>
    <ul>
      ${d.remedies.map((r) => html`<li>${r}</li>`)}
    </ul>
    <h2>${w.advice}</h2>
    <ul>
      ${d.advice.map((a) => html`<li>${a}</li>`)}
    </ul>
    <h2>${w.contact}</h2>
    <p>${d.contact ?? w.contactMissing}</p>`;
  return page(lang, `${w.notification} — ${d.case}`, body).toString();
}
