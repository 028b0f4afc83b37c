/**
 * The overview: alerts over time, the top actors, open cases and the log's health — each section
 * only for a user with the right to see it.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { query } from '../api/client.ts';
import { itemsOf } from '../api/items.ts';
import type { Alert, AuditCheckpoint, CaseSummary, Page } from '../api/types.ts';
import { Chart } from '../components/chart.tsx';
import { DataTable } from '../components/data-table.tsx';
import { Status } from '../components/status.tsx';
import { formatNumber, formatTime } from '../format.ts';
import { Link } from '../router.tsx';
import { hasRight, useSession } from '../session.tsx';
import { useApi } from '../use-api.ts';
import { CheckpointSummary } from './checkpoint-summary.tsx';

/** How many alerts the overview reads to draw its chart and rank actors. */
const OVERVIEW_ALERTS = 500;

interface ActorRow {
  actor: string;
  alerts: number;
  maxScore: number;
  top: Alert;
  customers: number;
}

function topActors(alerts: Alert[]): ActorRow[] {
  const by = new Map<string, ActorRow>();
  for (const a of alerts) {
    const row = by.get(a.actor);
    if (row === undefined) {
      by.set(a.actor, {
        actor: a.actor,
        alerts: 1,
        maxScore: a.score,
        top: a,
        customers: a.customers,
      });
    } else {
      row.alerts++;
      row.customers = Math.max(row.customers, a.customers);
      if (a.score > row.maxScore) {
        row.maxScore = a.score;
        row.top = a;
      }
    }
  }
  return [...by.values()].sort((a, b) => b.maxScore - a.maxScore).slice(0, 10);
}

function AlertsSection() {
  const { t } = useTranslation();
  const q = useApi<Page<Alert>>(`/alerts${query({ page: 1, pageSize: OVERVIEW_ALERTS })}`);
  const alerts = itemsOf(q.data).items;
  // Every day from the first alert to the last, quiet days as zero: the gaps are information.
  const perDay = useMemo(() => {
    const m = new Map<string, number>();
    for (const a of alerts) m.set(a.day, (m.get(a.day) ?? 0) + 1);
    const days = [...m.keys()].sort();
    const first = days[0];
    const last = days[days.length - 1];
    if (first === undefined || last === undefined) return [];
    const out: Array<[string, number]> = [];
    for (let d = new Date(`${first}T00:00:00Z`); ; d.setUTCDate(d.getUTCDate() + 1)) {
      const day = d.toISOString().slice(0, 10);
      out.push([day, m.get(day) ?? 0]);
      if (day >= last || out.length > 3660) break;
    }
    return out;
  }, [alerts]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 16, bottom: 48 },
      xAxis: { type: 'category', data: perDay.map((d) => d[0]) },
      yAxis: { type: 'value', minInterval: 1 },
      dataZoom: [{ type: 'inside' }],
      series: [
        {
          name: t('overview.alertsPerDay'),
          type: 'bar',
          data: perDay.map((d) => d[1]),
          itemStyle: { color: '#c2410c' },
        },
      ],
    }),
    [perDay, t],
  );
  const actors = topActors(alerts);
  return (
    <>
      <section aria-labelledby="ov-alerts" className="card">
        <h2 id="ov-alerts">{t('overview.alertsOverTime')}</h2>
        <Status loading={q.loading} error={q.error} />
        {q.data !== undefined && (
          <>
            <p className="muted">{t('overview.alertsTotal', { count: itemsOf(q.data).total })}</p>
            <Chart option={option} label={t('overview.alertsChartLabel')} testId="alerts-chart" />
          </>
        )}
      </section>
      <section aria-labelledby="ov-actors" className="card">
        <h2 id="ov-actors">{t('overview.topActors')}</h2>
        {q.data !== undefined && (
          <DataTable
            caption={t('overview.topActorsCaption')}
            testId="top-actors"
            rows={actors}
            rowKey={(r) => r.actor}
            columns={[
              {
                key: 'actor',
                header: t('alert.actor'),
                render: (r) => <Link to={`/actors/${encodeURIComponent(r.actor)}`}>{r.actor}</Link>,
              },
              {
                key: 'score',
                header: t('alert.score'),
                numeric: true,
                render: (r) => formatNumber(r.maxScore),
              },
              {
                key: 'alerts',
                header: t('overview.alertCount'),
                numeric: true,
                render: (r) => r.alerts,
              },
              {
                key: 'customers',
                header: t('alert.customers'),
                numeric: true,
                render: (r) => r.customers,
              },
              {
                key: 'top',
                header: t('overview.topAlert'),
                render: (r) => (
                  <Link to={`/alerts/${encodeURIComponent(String(r.top.id))}`}>
                    {t('overview.openAlert', {
                      day: r.top.day,
                      kind: t(`alertKind.${r.top.kind}`, { defaultValue: r.top.kind }),
                    })}
                  </Link>
                ),
              },
            ]}
          />
        )}
      </section>
    </>
  );
}

function CasesSection() {
  const { t } = useTranslation();
  // The list is paged by the server: the newest 50 cases give the ones shown, and the count of
  // cases not closed is the sum of the server's totals per open status (exact at any size).
  const q = useApi<{ cases: CaseSummary[] }>('/cases?pageSize=50');
  const opened = useApi<{ total: number }>('/cases?status=open&pageSize=1');
  const investigating = useApi<{ total: number }>('/cases?status=investigating&pageSize=1');
  const referred = useApi<{ total: number }>('/cases?status=referred&pageSize=1');
  const open = (q.data?.cases ?? []).filter((c) => c.status !== 'closed');
  const openCount =
    (opened.data?.total ?? 0) + (investigating.data?.total ?? 0) + (referred.data?.total ?? 0);
  return (
    <section aria-labelledby="ov-cases" className="card">
      <h2 id="ov-cases">{t('overview.openCases')}</h2>
      <Status loading={q.loading} error={q.error} />
      {q.data !== undefined && (
        <>
          <p className="stat">
            <span className="stat-value" data-testid="open-cases">
              {openCount}
            </span>{' '}
            {t('overview.openCasesCount')}
          </p>
          <ul className="plain">
            {open.slice(0, 8).map((c) => (
              <li key={c.case_id}>
                <Link to={`/cases/${encodeURIComponent(c.case_id)}`}>{c.title}</Link>{' '}
                <span className="muted">
                  {c.suspect} · {t(`caseStatus.${c.status}`)} · {formatTime(c.updated_at)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function LogHealthSection() {
  const { t } = useTranslation();
  const q = useApi<AuditCheckpoint>('/audit/checkpoint');
  return (
    <section aria-labelledby="ov-log" className="card">
      <h2 id="ov-log">{t('overview.logHealth')}</h2>
      <Status loading={q.loading} error={q.error} />
      {q.data !== undefined && <CheckpointSummary checkpoint={q.data} />}
      <p>
        <Link to="/audit">{t('overview.toAudit')}</Link>
      </p>
    </section>
  );
}

/**
 * @example
 * <OverviewPage />
 */
export function OverviewPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const investigator = hasRight(me, 'investigate');
  return (
    <>
      <h1>{t('overview.title')}</h1>
      {!investigator && <p className="muted">{t('overview.limited')}</p>}
      <div className="grid">
        {investigator && <AlertsSection />}
        {investigator && <CasesSection />}
        {hasRight(me, 'audit:read') && <LogHealthSection />}
      </div>
    </>
  );
}
