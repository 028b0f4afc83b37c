/**
 * Case reports and notification drafts: both languages, every value escaped (hostile titles,
 * notes, refs, actors, snapshot strings, contact), and the PDF rendered through Chromium.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { notificationDraft, renderNotification } from '../../src/cases/breach-notification.ts';
import { renderCaseReport } from '../../src/cases/case-report.ts';
import { escapeHtml, html } from '../../src/cases/html-template.ts';
import { DEFAULT_LEGAL_CONFIG } from '../../src/cases/legal-categories.ts';
import { countLegalCategories } from '../../src/cases/legal-count.ts';
import { DEFAULT_CHROMIUM, renderPdf } from '../../src/cases/pdf-renderer.ts';
import type { ReportSource } from '../../src/cases/report-source.ts';

const EVIL = `<script>alert("x")</script><img src=x onerror=alert(1)>'&`;

function source(): ReportSource {
  const legal = countLegalCategories(
    [
      {
        type: 'access',
        actor: EVIL,
        action: 'export',
        decision: 'allow',
        customers: Array.from({ length: 300 }, (_, i) => `C${i}`),
        fields: ['name', 'phone', 'premium', EVIL],
      },
    ],
    EVIL,
    DEFAULT_LEGAL_CONFIG,
  );
  return {
    case: {
      case_id: 'CASE-1',
      suspect: EVIL,
      title: `Drip ${EVIL}`,
      status: 'investigating',
      assignee: EVIL,
      created_at: '2026-03-01T00:00:00.000Z',
      created_by: EVIL,
      history: [
        {
          seq: 1,
          ts: '2026-03-01T00:00:00.000Z',
          actor: EVIL,
          change: { what: 'opened', suspect: EVIL, title_sha256: 'ab' },
          audit_index: 3,
        },
      ],
      notes: [
        {
          note_no: 1,
          author: EVIL,
          text: EVIL,
          created_at: '2026-03-01T00:00:00.000Z',
          audit_index: 4,
        },
      ],
    },
    items: [
      {
        item_no: 1,
        kind: 'trace',
        ref: EVIL,
        attached_at: '2026-03-01T00:00:00.000Z',
        attached_by: EVIL,
        audit_index: 5,
        snapshot_sha256: 'cd',
        snapshot: {
          rows: 1,
          suspects: [
            {
              actor: EVIL,
              matched_in_access: 30,
              expected_by_chance: 1.5,
              false_accusation_probability: 1e-9,
            },
          ],
        },
      },
      {
        item_no: 2,
        kind: 'alert',
        ref: 'A1',
        attached_at: '2026-03-01T00:00:00.000Z',
        attached_by: 'inv',
        audit_index: 6,
        snapshot_sha256: 'ef',
        snapshot: {
          actor: 'S1',
          day: '2026-03-01',
          score: 3,
          kind: EVIL,
          reasons: [EVIL],
          customers: 9,
        },
      },
    ],
    legal,
    log: { origin: 'test.example/log', fingerprint: 'SHA256:abc' },
    bundle: { checkpointSize: 40, entries: 12, created: '2026-03-02T00:00:00.000Z' },
    toolVersion: '0.1.0',
    generatedAt: '2026-03-02T00:00:00.000Z',
  };
}

function assertEscaped(doc: string): void {
  assert.ok(!doc.includes('<script'), 'no script element');
  assert.ok(!doc.includes('<img'), 'no img element');
  assert.ok(
    !/onerror=alert/.test(doc.replace(/&lt;img src=x onerror=alert\(1\)&gt;/g, '')),
    'no raw handler',
  );
  assert.ok(doc.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
  assert.ok(doc.includes('&#39;&amp;'));
}

test('escapeHtml and the html tag', () => {
  assert.equal(escapeHtml(`<a href="x">'&\``), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#96;');
  const inner = html`<b>${'<i>'}</b>`;
  assert.equal(
    html`<p>${inner}${['<', 1, null, undefined, false]}</p>`.toString(),
    '<p><b>&lt;i&gt;</b>&lt;1</p>',
  );
});

test('case report: both languages, every value escaped', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    const doc = renderCaseReport(source(), lang);
    assert.ok(doc.startsWith('<!DOCTYPE html>'));
    assert.ok(doc.includes(`<html lang="${lang}">`));
    assertEscaped(doc);
    assert.ok(doc.includes(lang === 'zh-CN' ? '案件报告' : 'Case report'));
    assert.ok(doc.includes(lang === 'zh-CN' ? '情节严重' : 'serious'));
    assert.ok(doc.includes('1e-9'));
  }
  const zh = renderCaseReport(source(), 'zh-CN');
  assert.ok(zh.includes('交易信息'));
  assert.ok(zh.includes('标准减半'));
});

test('notification draft: content and escaping', () => {
  const src = source();
  const d = notificationDraft(src, 'en', { contact: EVIL });
  assert.equal(d.people, 300);
  assert.ok(d.categories.includes('mobile phone number'));
  assert.ok(d.harm.some((h) => /calls/.test(h)));
  for (const lang of ['zh-CN', 'en'] as const) {
    const doc = renderNotification(src, lang, { contact: EVIL, cause: EVIL, remedies: [EVIL] });
    assertEscaped(doc);
    assert.ok(doc.includes(lang === 'zh-CN' ? '第五十七条' : 'article 57'));
  }
  const missing = renderNotification(src, 'zh-CN');
  assert.ok(missing.includes('请填写个人信息保护负责人联系方式'));
});

test(
  'PDF renders through Chromium',
  { skip: process.env['CI'] !== 'true' && !existsSync(DEFAULT_CHROMIUM) ? 'no Chromium' : false },
  async () => {
    const pdf = await renderPdf(renderCaseReport(source(), 'zh-CN'));
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf.length > 1000);
    const notice = await renderPdf(renderNotification(source(), 'en'));
    assert.equal(notice.subarray(0, 5).toString('latin1'), '%PDF-');
  },
);
