/**
 * One alert: the actor's daily activity against the peer band, the reasons, and a way to open a
 * case on the actor.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost, query } from '../api/client.ts';
import { ALERT_STATUSES, type ActivitySeries, type Alert, type CaseSummary } from '../api/types.ts';
import { ActivityChart } from '../components/activity-chart.tsx';
import { Status } from '../components/status.tsx';
import { formatNumber } from '../format.ts';
import { Link, navigate } from '../router.tsx';
import { useApi } from '../use-api.ts';

/**
 * @example
 * <AlertPage id="17" />
 */
export function AlertPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useApi<Alert>(`/alerts/${encodeURIComponent(id)}`);
  const a = q.data;
  const activity = useApi<ActivitySeries>(
    a === undefined
      ? null
      : `/actors/${encodeURIComponent(a.actor)}/activity${query({ until: a.day })}`,
  );
  const [caseError, setCaseError] = useState<string | null>(null);
  const statusId = useId();
  const [status, setNewStatus] = useState('');
  const setStatus = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (status === '') return;
    setCaseError(null);
    try {
      await apiPost(`/alerts/${encodeURIComponent(id)}/status`, { status });
      setNewStatus('');
      q.reload();
    } catch (err) {
      setCaseError(err instanceof Error ? err.message : String(err));
    }
  };
  const openCase = async (): Promise<void> => {
    if (a === undefined) return;
    setCaseError(null);
    try {
      const c = await apiPost<CaseSummary>('/cases', {
        title: t('alert.caseTitle', { actor: a.actor, day: a.day }),
        suspect: a.actor,
      });
      // The alert as it is now becomes the case's first item (frozen in the case's history).
      await apiPost(`/cases/${encodeURIComponent(c.case_id)}/items`, {
        kind: 'alert',
        ref: String(a.id),
        snapshot: a,
      });
      navigate(`/cases/${encodeURIComponent(c.case_id)}`);
    } catch (e) {
      setCaseError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <>
      <h1>
        {a === undefined ? t('alert.title') : t('alert.titleFor', { actor: a.actor, day: a.day })}
      </h1>
      <Status loading={q.loading} error={q.error} />
      {a !== undefined && (
        <>
          <section aria-labelledby="al-facts" className="card">
            <h2 id="al-facts">{t('alert.facts')}</h2>
            <dl className="facts">
              <dt>{t('alert.actor')}</dt>
              <dd>
                <Link to={`/actors/${encodeURIComponent(a.actor)}`}>{a.actor}</Link>
              </dd>
              <dt>{t('alert.day')}</dt>
              <dd>{a.day}</dd>
              <dt>{t('alert.kind')}</dt>
              <dd>{t(`alertKind.${a.kind}`, { defaultValue: a.kind })}</dd>
              <dt>{t('alert.score')}</dt>
              <dd data-testid="alert-score">{formatNumber(a.score)}</dd>
              <dt>{t('alert.customers')}</dt>
              <dd>{a.customers}</dd>
              <dt>{t('alert.status')}</dt>
              <dd data-testid="alert-status">
                {a.status === undefined ? '—' : t(`alertStatus.${a.status}`)}
              </dd>
            </dl>
            <form className="toolbar" onSubmit={(e) => void setStatus(e)}>
              <label htmlFor={statusId}>{t('alert.setStatus')}</label>
              <select id={statusId} value={status} onChange={(e) => setNewStatus(e.target.value)}>
                <option value="">—</option>
                {ALERT_STATUSES.filter((s) => s !== a.status).map((s) => (
                  <option key={s} value={s}>
                    {t(`alertStatus.${s}`)}
                  </option>
                ))}
              </select>
              <button type="submit" disabled={status === ''}>
                {t('alert.saveStatus')}
              </button>
            </form>
            <button type="button" onClick={() => void openCase()}>
              {t('alert.openCase')}
            </button>
            {caseError !== null && (
              <p className="error" role="alert">
                {caseError}
              </p>
            )}
          </section>
          <section aria-labelledby="al-activity" className="card">
            <h2 id="al-activity">{t('alert.activity')}</h2>
            <Status loading={activity.loading} error={activity.error} />
            {activity.data !== undefined && (
              <ActivityChart series={activity.data} highlightDay={a.day} />
            )}
          </section>
          <section aria-labelledby="al-reasons" className="card">
            <h2 id="al-reasons">{t('alert.reasons')}</h2>
            <ul data-testid="alert-reasons">
              {a.reasons.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          </section>
        </>
      )}
    </>
  );
}
