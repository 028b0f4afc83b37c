/**
 * A paginated access timeline from the audited access events: for an actor, which customers they
 * touched; for a customer, who touched them — when, how and for which purpose.
 */
import { useTranslation } from 'react-i18next';
import { query } from '../api/client.ts';
import type { Page } from '../api/types.ts';
import { DataTable } from '../components/data-table.tsx';
import { Pager } from '../components/pager.tsx';
import { Status } from '../components/status.tsx';
import { formatTime } from '../format.ts';
import { Link } from '../router.tsx';
import { useApi } from '../use-api.ts';

/** One row of `GET /actors/:id/events` or `GET /customers/:id/access`. */
export interface AccessRow {
  audit_idx: number;
  ts: string;
  action: string;
  purpose: string | null;
  source: string;
  decision: string;
  /** Actor timeline: how many customers, and the first ids. */
  customers?: number;
  customer_ids?: string[];
  outcome?: string | null;
  /** Customer timeline: who. */
  actor?: string;
  role?: string | null;
  branch?: string | null;
}

const PAGE_SIZE = 20;

function customersCell(r: AccessRow) {
  const ids = r.customer_ids ?? [];
  const n = r.customers ?? ids.length;
  return (
    <>
      {ids.slice(0, 3).map((id, i) => (
        <span key={id}>
          {i > 0 && ', '}
          <Link to={`/customers/${encodeURIComponent(id)}`}>{id}</Link>
        </span>
      ))}
      {n > Math.min(3, ids.length) && ` … (${n})`}
    </>
  );
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
  const items = q.data?.items ?? [];
  return (
    <section aria-labelledby={`tl-${mode}`} className="card">
      <h2 id={`tl-${mode}`}>{t('timeline.title')}</h2>
      <Status loading={q.loading} error={q.error} />
      <DataTable
        caption={t(mode === 'actor' ? 'timeline.actorCaption' : 'timeline.customerCaption')}
        testId="timeline"
        rows={items}
        rowKey={(r) => String(r.audit_idx)}
        columns={[
          { key: 'ts', header: t('timeline.when'), render: (r) => formatTime(r.ts) },
          mode === 'actor'
            ? { key: 'who', header: t('timeline.customers'), render: customersCell }
            : {
                key: 'who',
                header: t('timeline.actor'),
                render: (r) =>
                  r.actor === undefined ? (
                    '—'
                  ) : (
                    <>
                      <Link to={`/actors/${encodeURIComponent(r.actor)}`}>{r.actor}</Link>
                      {r.role !== null && r.role !== undefined && (
                        <span className="muted">
                          {' '}
                          {r.role}
                          {r.branch !== null && r.branch !== undefined && ` · ${r.branch}`}
                        </span>
                      )}
                    </>
                  ),
              },
          { key: 'action', header: t('timeline.action'), render: (r) => r.action },
          { key: 'purpose', header: t('timeline.purpose'), render: (r) => r.purpose ?? '—' },
          { key: 'source', header: t('timeline.source'), render: (r) => r.source },
          {
            key: 'decision',
            header: t('timeline.decision'),
            render: (r) => (
              <span className={r.decision === 'deny' ? 'tag tag-bad' : undefined}>
                {t(`decision.${r.decision}`, { defaultValue: r.decision })}
              </span>
            ),
          },
          {
            key: 'audit',
            header: t('case.auditEntry'),
            numeric: true,
            render: (r) => r.audit_idx,
          },
        ]}
      />
      <Pager page={page} pageSize={PAGE_SIZE} total={q.data?.total ?? 0} onPage={onPage} />
    </section>
  );
}
