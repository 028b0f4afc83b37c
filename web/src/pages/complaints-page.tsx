/**
 * Complaints about unsolicited calls and messages — a leak seen through another channel — and
 * the trace of the complaining customers (§5.5): who had accessed them beyond chance.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost, query } from '../api/client.ts';
import type { Complaint, PageInfo, TraceResult } from '../api/types.ts';
import { DataTable } from '../components/data-table.tsx';
import { Pager } from '../components/pager.tsx';
import { Status } from '../components/status.tsx';
import { formatTime } from '../format.ts';
import { Link } from '../router.tsx';
import { useApi } from '../use-api.ts';
import { TraceReport } from './trace-page.tsx';

const PAGE_SIZE = 25;

/**
 * @example
 * <ComplaintsPage />
 */
export function ComplaintsPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [since, setSince] = useState('');
  const sinceId = useId();
  // One page at a time, newest first, as the server pages them.
  const q = useApi<{ complaints: Complaint[] } & PageInfo>(
    `/complaints${query({ since, page, pageSize: PAGE_SIZE })}`,
  );
  const [trace, setTrace] = useState<TraceResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);

  const runTrace = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setTrace(await apiPost<TraceResult>('/complaints/trace', since === '' ? {} : { since }));
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{t('complaints.title')}</h1>
      <p className="muted">{t('complaints.help')}</p>
      <form className="toolbar" onSubmit={(e) => void runTrace(e)}>
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
        <button type="submit" disabled={busy}>
          {t('complaints.trace')}
        </button>
      </form>
      <Status loading={q.loading || busy} error={q.error ?? error} />
      {trace !== null && <TraceReport result={trace} />}
      <section aria-labelledby="co-list" className="card">
        <h2 id="co-list">{t('complaints.received')}</h2>
        <DataTable
          caption={t('complaints.caption')}
          testId="complaints"
          rows={q.data?.complaints ?? []}
          rowKey={(c) => c.complaint_id}
          columns={[
            { key: 'ts', header: t('timeline.when'), render: (c) => formatTime(c.ts) },
            {
              key: 'customer',
              header: t('complaints.customer'),
              render: (c) =>
                c.customer_id === null ? (
                  t('complaints.unresolved')
                ) : (
                  <Link to={`/customers/${encodeURIComponent(c.customer_id)}`}>
                    {c.customer_id}
                  </Link>
                ),
            },
            { key: 'kind', header: t('complaints.kind'), render: (c) => c.kind },
            { key: 'caller', header: t('complaints.caller'), render: (c) => c.caller ?? '—' },
            { key: 'source', header: t('timeline.source'), render: (c) => c.source },
          ]}
        />
        <Pager page={page} pageSize={PAGE_SIZE} total={q.data?.total ?? 0} onPage={setPage} />
      </section>
    </>
  );
}
