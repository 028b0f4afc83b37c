/**
 * One case: its facts, what it gathers (alerts, traces, complaints, canary hits), notes, status,
 * its audited history, and the outputs — the evidence bundle (one file that `piguard evidence
 * verify` checks offline), the printable report and the breach-notification draft.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost, apiUrl, query } from '../api/client.ts';
import { CASE_STATUSES, type CaseDetail } from '../api/types.ts';
import { DataTable } from '../components/data-table.tsx';
import { Status } from '../components/status.tsx';
import { formatTime } from '../format.ts';
import { i18next } from '../i18n/i18n.ts';
import { Link } from '../router.tsx';
import { useApi } from '../use-api.ts';

function itemLink(kind: string, ref: string) {
  const r = encodeURIComponent(ref);
  if (kind === 'alert') return <Link to={`/alerts/${r}`}>{ref}</Link>;
  if (kind === 'trace') return <Link to={`/trace/${r}`}>{ref}</Link>;
  return ref;
}

/** One history line in words: the change's kind and its non-hash fields. */
function describeChange(change: { what: string } & Record<string, unknown>): string {
  return Object.entries(change)
    .filter(([k]) => k !== 'what' && !k.endsWith('sha256'))
    .map(([k, v]) => `${k}: ${v === null ? '—' : String(v)}`)
    .join(', ');
}

/**
 * @example
 * <CasePage id="C1" />
 */
export function CasePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const enc = encodeURIComponent(id);
  const q = useApi<CaseDetail>(`/cases/${enc}`);
  const c = q.data;
  const noteId = useId();
  const statusId = useId();
  const [note, setNote] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState<Error | undefined>(undefined);
  const lang = i18next.language === 'zh-CN' ? 'zh-CN' : 'en';

  const act = async (path: string, body: unknown): Promise<void> => {
    setError(undefined);
    try {
      await apiPost(`/cases/${enc}/${path}`, body);
      q.reload();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  };
  const addNote = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    await act('notes', { text: note });
    setNote('');
  };
  const move = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (status !== '') await act('status', { status });
  };

  return (
    <>
      <h1>{c === undefined ? t('case.title') : t('case.titleFor', { title: c.title })}</h1>
      <Status loading={q.loading && c === undefined} error={q.error} />
      {c !== undefined && (
        <>
          <section aria-labelledby="ca-facts" className="card">
            <h2 id="ca-facts">{t('case.facts')}</h2>
            <dl className="facts" data-testid="case-facts">
              <dt>{t('case.id')}</dt>
              <dd className="mono">{c.case_id}</dd>
              <dt>{t('cases.suspect')}</dt>
              <dd>
                <Link to={`/actors/${encodeURIComponent(c.suspect)}`}>{c.suspect}</Link>
              </dd>
              <dt>{t('cases.status')}</dt>
              <dd>{t(`caseStatus.${c.status}`)}</dd>
              <dt>{t('cases.assignee')}</dt>
              <dd>{c.assignee ?? '—'}</dd>
              <dt>{t('case.openedBy')}</dt>
              <dd>
                {c.created_by} · {formatTime(c.created_at)}
              </dd>
              <dt>{t('cases.updated')}</dt>
              <dd>{formatTime(c.updated_at)}</dd>
            </dl>
          </section>
          <section aria-labelledby="ca-out" className="card">
            <h2 id="ca-out">{t('case.outputs')}</h2>
            <p>
              <a
                className="button"
                href={apiUrl(`/cases/${enc}/evidence`)}
                download
                data-testid="evidence-download"
              >
                {t('case.downloadEvidence')}
              </a>
            </p>
            <p className="muted">{t('case.evidenceHelp')}</p>
            <ul>
              <li>
                <a href={apiUrl(`/cases/${enc}/report${query({ lang, format: 'html' })}`)}>
                  {t('case.reportHtml')}
                </a>{' '}
                ·{' '}
                <a href={apiUrl(`/cases/${enc}/report${query({ lang, format: 'pdf' })}`)} download>
                  {t('case.reportPdf')}
                </a>
              </li>
              <li>
                <a href={apiUrl(`/cases/${enc}/notification${query({ lang, format: 'html' })}`)}>
                  {t('case.notification')}
                </a>
              </li>
            </ul>
          </section>
          <section aria-labelledby="ca-items" className="card">
            <h2 id="ca-items">{t('case.items')}</h2>
            <DataTable
              caption={t('case.itemsCaption')}
              testId="case-items"
              rows={c.items}
              rowKey={(i) => String(i.item_no)}
              columns={[
                { key: 'kind', header: t('case.kind'), render: (i) => t(`itemKind.${i.kind}`) },
                { key: 'ref', header: t('case.ref'), render: (i) => itemLink(i.kind, i.ref) },
                { key: 'by', header: t('case.by'), render: (i) => i.attached_by },
                { key: 'at', header: t('timeline.when'), render: (i) => formatTime(i.attached_at) },
                {
                  key: 'audit',
                  header: t('case.auditEntry'),
                  numeric: true,
                  render: (i) => i.audit_index,
                },
              ]}
            />
          </section>
          <section aria-labelledby="ca-notes" className="card">
            <h2 id="ca-notes">{t('case.notes')}</h2>
            {c.notes.length === 0 ? (
              <p className="muted">{t('common.empty')}</p>
            ) : (
              <ul>
                {c.notes.map((n) => (
                  <li key={n.note_no}>
                    {n.text}{' '}
                    <span className="muted">
                      — {n.author}, {formatTime(n.created_at)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <form onSubmit={(e) => void addNote(e)} className="toolbar">
              <label htmlFor={noteId}>{t('case.newNote')}</label>
              <input id={noteId} required value={note} onChange={(e) => setNote(e.target.value)} />
              <button type="submit">{t('case.addNote')}</button>
            </form>
            <form onSubmit={(e) => void move(e)} className="toolbar">
              <label htmlFor={statusId}>{t('case.moveTo')}</label>
              <select id={statusId} value={status} onChange={(e) => setStatus(e.target.value)}>
                <option value="">—</option>
                {CASE_STATUSES.filter((s) => s !== c.status).map((s) => (
                  <option key={s} value={s}>
                    {t(`caseStatus.${s}`)}
                  </option>
                ))}
              </select>
              <button type="submit" disabled={status === ''}>
                {t('case.move')}
              </button>
            </form>
            <Status error={error} />
          </section>
          <section aria-labelledby="ca-history" className="card">
            <h2 id="ca-history">{t('case.history')}</h2>
            <DataTable
              caption={t('case.historyCaption')}
              rows={c.history}
              rowKey={(h) => String(h.seq)}
              columns={[
                { key: 'at', header: t('timeline.when'), render: (h) => formatTime(h.ts) },
                { key: 'by', header: t('case.by'), render: (h) => h.actor },
                {
                  key: 'what',
                  header: t('timeline.action'),
                  render: (h) => t(`change.${h.change.what}`, { defaultValue: h.change.what }),
                },
                {
                  key: 'detail',
                  header: t('case.detail'),
                  render: (h) => describeChange(h.change),
                },
                {
                  key: 'audit',
                  header: t('case.auditEntry'),
                  numeric: true,
                  render: (h) => h.audit_index,
                },
              ]}
            />
          </section>
        </>
      )}
    </>
  );
}
