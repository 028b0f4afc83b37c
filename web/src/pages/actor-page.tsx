/**
 * One member of staff (an actor in the access log): daily activity against the peers, their
 * alerts, and their access timeline — who read what, when, for which purpose.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { query } from '../api/client.ts';
import { itemsOf } from '../api/items.ts';
import type { ActivitySeries, Alert, Page } from '../api/types.ts';
import { ActivityChart } from '../components/activity-chart.tsx';
import { DataTable } from '../components/data-table.tsx';
import { Status } from '../components/status.tsx';
import { useApi } from '../use-api.ts';
import { alertColumns } from './alert-columns.tsx';
import { AccessTimeline } from './access-timeline.tsx';

/**
 * @example
 * <ActorPage id="S0042" />
 */
export function ActorPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const enc = encodeURIComponent(id);
  const activity = useApi<ActivitySeries>(`/actors/${enc}/activity`);
  const alerts = useApi<Page<Alert>>(`/alerts${query({ actor: id, page: 1, pageSize: 50 })}`);
  const [page, setPage] = useState(1);
  // Only this actor's alerts: the list route may ignore the actor filter.
  const mine = itemsOf(alerts.data).items.filter((a) => a.actor === id);
  return (
    <>
      <h1>{t('actor.title', { actor: id })}</h1>
      <section aria-labelledby="ac-activity" className="card">
        <h2 id="ac-activity">{t('alert.activity')}</h2>
        <Status loading={activity.loading} error={activity.error} />
        {activity.data !== undefined && <ActivityChart series={activity.data} />}
      </section>
      <section aria-labelledby="ac-alerts" className="card">
        <h2 id="ac-alerts">{t('actor.alerts')}</h2>
        <Status loading={alerts.loading} error={alerts.error} />
        <DataTable
          caption={t('actor.alertsCaption')}
          columns={alertColumns(t)}
          rows={mine}
          rowKey={(a) => String(a.id)}
        />
      </section>
      <AccessTimeline path={`/actors/${enc}/events`} page={page} onPage={setPage} mode="actor" />
    </>
  );
}
