/**
 * A paginated access timeline: for an actor, which customers they touched; for a customer, who
 * touched them — when, how and for which purpose (from the audited access events).
 */
import { useTranslation } from 'react-i18next';
import { query } from '../api/client.ts';
import { itemsOf } from '../api/items.ts';
import type { Page } from '../api/types.ts';
import { DataTable } from '../components/data-table.tsx';
import { Pager } from '../components/pager.tsx';
import { Status } from '../components/status.tsx';
import { formatTime } from '../format.ts';
import { Link } from '../router.tsx';
import { useApi } from '../use-api.ts';

export interface AccessRow {
  id?: string | number;
  ts: string;
  actor?: string;
  action: string;
  purpose?: string | null;
  source?: string | null;
  customers?: string[] | number;
  outcome?: string | null;
}

const PAGE_SIZE = 20;

function customersCell(c: AccessRow['customers']) {
  if (c === undefined) return '—';
  if (typeof c === 'number') return c;
  if (c.length <= 3)
    return c.map((id, i) => (
      <span key={id}>
        {i > 0 && ', '}
        <Link to={`/customers/${encodeURIComponent(id)}`}>{id}</Link>
      </span>
    ));
  return `${c.slice(0, 3).join(', ')} … (${c.length})`;
}

/**
 * @example
 * <AccessTimeline path="/actors/S1/events" page={1} onPage={setPage} mode="actor" />
 */
export function AccessTimeline({
  path,
  page,
  onPage,
  mode,
}: {
  path: string;
  page: number;
  onPage(p: number): void;
  mode: 'actor' | 'customer';
}) {
  const { t } = useTranslation();
  const q = useApi<Page<AccessRow>>(`${path}${query({ page, pageSize: PAGE_SIZE })}`);
  const { items, total } = itemsOf(q.data);
  return (
    <section aria-labelledby={`tl-${mode}`} className="card">
      <h2 id={`tl-${mode}`}>{t('timeline.title')}</h2>
      <Status loading={q.loading} error={q.error} />
      <DataTable
        caption={t(mode === 'actor' ? 'timeline.actorCaption' : 'timeline.customerCaption')}
        testId="timeline"
        rows={items}
        rowKey={(r, i) => String(r.id ?? `${r.ts}-${i}`)}
        columns={[
          { key: 'ts', header: t('timeline.when'), render: (r) => formatTime(r.ts) },
          mode === 'actor'
            ? {
                key: 'who',
                header: t('timeline.customers'),
                render: (r) => customersCell(r.customers),
              }
            : {
                key: 'who',
                header: t('timeline.actor'),
                render: (r) =>
                  r.actor === undefined ? (
                    '—'
                  ) : (
                    <Link to={`/actors/${encodeURIComponent(r.actor)}`}>{r.actor}</Link>
                  ),
              },
          { key: 'action', header: t('timeline.action'), render: (r) => r.action },
          { key: 'purpose', header: t('timeline.purpose'), render: (r) => r.purpose ?? '—' },
          { key: 'source', header: t('timeline.source'), render: (r) => r.source ?? '—' },
        ]}
      />
      <Pager page={page} pageSize={PAGE_SIZE} total={total} onPage={onPage} />
    </section>
  );
}
