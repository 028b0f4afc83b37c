/**
 * The audit log: the latest signed checkpoint and its signed note, the verifier key (what a
 * prosecutor needs to check evidence offline), and a full verification on demand — against the
 * stored checkpoints and the published (witness) copy when the server has one.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../api/client.ts';
import type { AuditCheckpoint, AuditVerifyReport } from '../api/types.ts';
import { Status } from '../components/status.tsx';
import { formatNumber } from '../format.ts';
import { useApi } from '../use-api.ts';
import { CheckpointSummary } from './checkpoint-summary.tsx';

/**
 * @example
 * <AuditPage />
 */
export function AuditPage() {
  const { t } = useTranslation();
  const q = useApi<AuditCheckpoint>('/audit/checkpoint');
  const [report, setReport] = useState<AuditVerifyReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);
  const run = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    setReport(null);
    try {
      setReport(await apiPost<AuditVerifyReport>('/audit/verify'));
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };
  const note = q.data?.checkpoint?.note ?? null;
  return (
    <>
      <h1>{t('audit.title')}</h1>
      <section aria-labelledby="au-cp" className="card">
        <h2 id="au-cp">{t('audit.latest')}</h2>
        <Status loading={q.loading} error={q.error} />
        {q.data !== undefined && (
          <>
            <CheckpointSummary checkpoint={q.data} />
            <h3>{t('audit.verifierKey')}</h3>
            <pre className="note" data-testid="verifier-key">
              {q.data.verifier_key}
            </pre>
          </>
        )}
        {note !== null && (
          <>
            <h3>{t('audit.note')}</h3>
            <pre className="note" data-testid="checkpoint-note">
              {note}
            </pre>
          </>
        )}
      </section>
      <section aria-labelledby="au-verify" className="card">
        <h2 id="au-verify">{t('audit.verify')}</h2>
        <p className="muted">{t('audit.verifyHelp')}</p>
        <button type="button" onClick={() => void run()} disabled={busy}>
          {t('audit.verifyRun')}
        </button>
        <Status loading={busy} error={error} />
        {report !== null && (
          <div role="status" data-testid="verify-result">
            <p className={report.ok ? 'ok' : 'error'}>
              {report.ok
                ? t('audit.verifyOk', { size: formatNumber(report.size, 0) })
                : t('audit.verifyFailed')}
            </p>
            <dl className="facts">
              <dt>{t('audit.checkpointsChecked')}</dt>
              <dd>{report.checkpoints_checked}</dd>
              <dt>{t('audit.witnesses')}</dt>
              <dd>
                {report.published_file === null
                  ? t('audit.noWitness')
                  : t('audit.witnessChecked', { file: report.published_file })}
              </dd>
            </dl>
            {report.problems.length > 0 && (
              <ul>
                {report.problems.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </section>
    </>
  );
}
