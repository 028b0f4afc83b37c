/**
 * The printable page both the case report and the notification draft use: one self-contained
 * HTML document (inline CSS, no scripts, no external resources), A4-friendly.
 */
import type { Lang } from '../core/config.ts';
import { html, type SafeHtml } from './html-template.ts';

const CSS = `
  @page { size: A4; margin: 18mm 16mm; }
  body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
    "WenQuanYi Micro Hei", "DejaVu Sans", sans-serif; font-size: 10.5pt; color: #111; line-height: 1.45; }
  h1 { font-size: 17pt; margin: 0 0 4pt; }
  h2 { font-size: 12.5pt; margin: 16pt 0 6pt; border-bottom: 1px solid #999; padding-bottom: 2pt; }
  table { border-collapse: collapse; width: 100%; margin: 4pt 0; }
  th, td { border: 1px solid #bbb; padding: 3pt 5pt; text-align: left; vertical-align: top; }
  th { background: #eee; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; }
  pre { white-space: pre-wrap; word-break: break-all; font-size: 8.5pt; background: #f6f6f6; padding: 4pt; margin: 2pt 0; }
  .meta { color: #444; font-size: 9pt; }
  .level-serious { color: #a40; font-weight: bold; }
  .level-especially_serious { color: #b00; font-weight: bold; }
  .draft { border: 1px dashed #a40; padding: 4pt 6pt; color: #a40; }
  code { font-size: 9pt; word-break: break-all; }
`;

/**
 * A whole HTML document.
 *
 * @example
 * const doc = page('en', 'Case report — CASE-1', html`<p>…</p>`).toString();
 */
export function page(lang: Lang, title: string, body: SafeHtml): SafeHtml {
  return html`<!DOCTYPE html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta
          http-equiv="Content-Security-Policy"
          content="default-src 'none'; style-src 'unsafe-inline'"
        />
        <title>${title}</title>
        <style>
          ${CSS}
        </style>
      </head>
      <body>
        ${body}
      </body>
    </html> `;
}
