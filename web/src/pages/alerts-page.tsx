/**
 * All alerts, highest score first, paginated by the server.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { query } from '../api/client.ts';
import { itemsOf } from '../api/items.ts';
import type { Alert, Page } from '../api/types.ts';
import { DataTable } from '../components/data-table.tsx';
import { Pager } from '../components/pager.tsx';
import { Status } from '../components/status.tsx';
import { useApi } from '../use-api.ts';
import { alertColumns } from './alert-columns.tsx';

const PAGE_SIZE = 25;

/**
 * @example
 * <AlertsPage />
 */
export function AlertsPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [since, setSince] = useState('');
  const sinceId = useId();
  const q = useApi<Page<Alert>>(`/alerts${query({ page, pageSize: PAGE_SIZE, since })}`);
  const { items, total } = itemsOf(q.data);
  return (
    <>
      <h1>{t('alerts.title')}</h1>
      <div className="toolbar">
        <label htmlFor={sinceId}>{t('alerts.since')}</label>
        <input
          id={sinceId}
          type="date"
          value={since}
          onChange={(e) => {
            setSince(e.target.value);
            setPage(1);
          }}
        />
      </div>
      <Status loading={q.loading} error={q.error} />
      <DataTable
        caption={t('alerts.caption')}
        testId="alerts"
        columns={alertColumns(t)}
        rows={items}
        rowKey={(a) => String(a.id)}
      />
      <Pager page={page} pageSize={PAGE_SIZE} total={total} onPage={setPage} />
    </>
  );
}
