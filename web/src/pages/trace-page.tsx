/**
 * Trace a leaked file: upload it as it turned up (any columns, any encoding), then read the
 * matches, the canaries it carried and the suspects, each with its false-accusation probability
 * (DESIGN §4.6, §5.5).
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost, apiUpload, query } from '../api/client.ts';
import type { CaseSummary, TraceResult } from '../api/types.ts';
import { DataTable } from '../components/data-table.tsx';
import { Status } from '../components/status.tsx';
import { formatNumber } from '../format.ts';
import { Probability } from '../components/probability.tsx';
import { Link, navigate } from '../router.tsx';
import { useApi } from '../use-api.ts';

/**
 * A §5.5 result: summary, suspects with their probabilities, canaries.
 *
 * @example
 * <TraceReport result={r} />
 */
export function TraceReport({ result }: { result: TraceResult }) {
  const { t } = useTranslation();
  const [caseError, setCaseError] = useState<Error | undefined>(undefined);
  const top = result.suspects[0];
  // A case on the strongest suspect, with this trace (as it is now) as its first item.
  const openCase = async (): Promise<void> => {
    if (top === undefined) return;
    setCaseError(undefined);
    try {
      const c = await apiPost<CaseSummary>('/cases', {
        suspect: top.actor,
        title: t('trace.caseTitle', { actor: top.actor }),
      });
      await apiPost(`/cases/${encodeURIComponent(c.case_id)}/items`, {
        kind: 'trace',
        ref: String(result.trace_id ?? result.id ?? 'trace'),
        snapshot: result,
      });
      navigate(`/cases/${encodeURIComponent(c.case_id)}`);
    } catch (err) {
      setCaseError(err instanceof Error ? err : new Error(String(err)));
    }
  };
  return (
    <>
      <section aria-labelledby="tr-summary" className="card">
        <h2 id="tr-summary">{t('trace.summary')}</h2>
        <dl className="facts" data-testid="trace-summary">
          <dt>{t('trace.rows')}</dt>
          <dd>{formatNumber(result.rows, 0)}</dd>
          <dt>{t('trace.matched')}</dt>
          <dd>{formatNumber(result.matched, 0)}</dd>
          {result.actors_tested !== undefined && (
            <>
              <dt>{t('trace.actorsTested')}</dt>
              <dd>{formatNumber(result.actors_tested, 0)}</dd>
            </>
          )}
          {result.unexplained !== undefined && (
            <>
              <dt>{t('trace.unexplained')}</dt>
              <dd>{formatNumber(result.unexplained, 0)}</dd>
            </>
          )}
          {result.trace_id !== undefined && (
            <>
              <dt>{t('trace.id')}</dt>
              <dd className="mono">{result.trace_id}</dd>
            </>
          )}
        </dl>
        {result.null_model !== undefined && (
          <details>
            <summary>{t('trace.nullModel')}</summary>
            <p>{result.null_model}</p>
          </details>
        )}
      </section>
      <section aria-labelledby="tr-suspects" className="card">
        <h2 id="tr-suspects">{t('trace.suspects')}</h2>
        <p className="muted">{t('trace.probabilityHelp')}</p>
        <DataTable
          caption={t('trace.suspectsCaption')}
          testId="suspects"
          rows={result.suspects}
          rowKey={(s, i) => `${s.actor}-${String(s.export_id ?? '')}-${i}`}
          columns={[
            {
              key: 'actor',
              header: t('alert.actor'),
              render: (s) => <Link to={`/actors/${encodeURIComponent(s.actor)}`}>{s.actor}</Link>,
            },
            { key: 'export', header: t('trace.export'), render: (s) => s.export_id ?? '—' },
            {
              key: 'k',
              header: t('trace.matchedInAccess'),
              numeric: true,
              render: (s) => formatNumber(s.matched_in_access, 0),
            },
            {
              key: 'e',
              header: t('trace.expected'),
              numeric: true,
              render: (s) => formatNumber(s.expected_by_chance, 1),
            },
            {
              key: 'p',
              header: t('trace.probability'),
              numeric: true,
              render: (s) => <Probability p={s.false_accusation_probability} />,
            },
            {
              key: 'signals',
              header: t('trace.signals'),
              render: (s) =>
                s.indistinguishable_from && s.indistinguishable_from.length > 0
                  ? `${s.signals.join(', ')} — ${t('trace.indistinguishable', {
                      actors: s.indistinguishable_from.join(', '),
                    })}`
                  : s.signals.join(', '),
            },
          ]}
        />
        {top !== undefined && (
          <button type="button" onClick={() => void openCase()}>
            {t('trace.openCase', { actor: top.actor })}
          </button>
        )}
        <Status error={caseError} />
      </section>
      <section aria-labelledby="tr-canaries" className="card">
        <h2 id="tr-canaries">{t('trace.canaries')}</h2>
        <DataTable
          caption={t('trace.canariesCaption')}
          testId="trace-canaries"
          rows={result.canaries}
          rowKey={(c, i) => `${c.identity}-${i}`}
          columns={[
            { key: 'identity', header: t('canary.identity'), render: (c) => c.identity },
            { key: 'export', header: t('trace.export'), render: (c) => c.export_id ?? '—' },
            {
              key: 'actor',
              header: t('alert.actor'),
              render: (c) =>
                c.actor === null ? (
                  '—'
                ) : (
                  <Link to={`/actors/${encodeURIComponent(c.actor)}`}>{c.actor}</Link>
                ),
            },
          ]}
        />
      </section>
    </>
  );
}

/**
 * @example
 * <TracePage />          // upload form
 * <TracePage id="3" />   // a stored trace
 */
export function TracePage({ id }: { id?: string | undefined }) {
  const { t } = useTranslation();
  const fileId = useId();
  const stored = useApi<TraceResult>(id === undefined ? null : `/traces/${encodeURIComponent(id)}`);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [fresh, setFresh] = useState<TraceResult | null>(null);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (file === null) return;
    setBusy(true);
    setError(undefined);
    try {
      const r = await apiUpload<TraceResult>(`/traces${query({ name: file.name })}`, file);
      setFresh(r);
      const id = r.trace_id ?? r.id;
      if (id !== undefined) navigate(`/trace/${encodeURIComponent(String(id))}`, true);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };

  const result = fresh ?? stored.data;
  return (
    <>
      <h1>{t('trace.title')}</h1>
      <form className="card" onSubmit={(e) => void submit(e)}>
        <p className="muted">{t('trace.help')}</p>
        <label htmlFor={fileId}>{t('trace.file')}</label>
        <input
          id={fileId}
          type="file"
          data-testid="trace-file"
          required
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <button type="submit" disabled={busy || file === null}>
          {t('trace.submit')}
        </button>
      </form>
      <Status loading={busy || stored.loading} error={error ?? stored.error} />
      {result !== undefined && result !== null && <TraceReport result={result} />}
    </>
  );
}
