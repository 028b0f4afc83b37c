/**
 * Cases: the list (newest first, filterable by status, paged by the server 25 at a time) and a
 * form to open one about a suspect.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost, query } from '../api/client.ts';
import { CASE_STATUSES, type CaseSummary, type PageInfo } from '../api/types.ts';
import { DataTable } from '../components/data-table.tsx';
import { Pager } from '../components/pager.tsx';
import { Status } from '../components/status.tsx';
import { formatTime } from '../format.ts';
import { Link, navigate } from '../router.tsx';
import { useApi } from '../use-api.ts';

const PAGE_SIZE = 25;

/**
 * @example
 * <CasesPage />
 */
export function CasesPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState('');
  const statusId = useId();
  const titleId = useId();
  const suspectId = useId();
  const [title, setTitle] = useState('');
  const [suspect, setSuspect] = useState('');
  const [error, setError] = useState<Error | undefined>(undefined);
  const q = useApi<{ cases: CaseSummary[] } & PageInfo>(
    `/cases${query({ status, page, pageSize: PAGE_SIZE })}`,
  );
  const rows = q.data?.cases ?? [];

  const create = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(undefined);
    try {
      const c = await apiPost<CaseSummary>('/cases', { title, suspect });
      navigate(`/cases/${encodeURIComponent(c.case_id)}`);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  };

  return (
    <>
      <h1>{t('cases.title')}</h1>
      <div className="toolbar">
        <label htmlFor={statusId}>{t('cases.status')}</label>
        <select
          id={statusId}
          value={status}
          onChange={(e) => {
            setStatus(e.target.value);
            setPage(1);
          }}
        >
          <option value="">{t('cases.any')}</option>
          {CASE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`caseStatus.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <Status loading={q.loading} error={q.error} />
      <DataTable
        caption={t('cases.caption')}
        testId="cases"
        rows={rows}
        rowKey={(c) => c.case_id}
        columns={[
          {
            key: 'title',
            header: t('cases.caseTitle'),
            render: (c) => <Link to={`/cases/${encodeURIComponent(c.case_id)}`}>{c.title}</Link>,
          },
          {
            key: 'suspect',
            header: t('cases.suspect'),
            render: (c) => <Link to={`/actors/${encodeURIComponent(c.suspect)}`}>{c.suspect}</Link>,
          },
          { key: 'status', header: t('cases.status'), render: (c) => t(`caseStatus.${c.status}`) },
          { key: 'assignee', header: t('cases.assignee'), render: (c) => c.assignee ?? '—' },
          { key: 'updated', header: t('cases.updated'), render: (c) => formatTime(c.updated_at) },
        ]}
      />
      <Pager page={page} pageSize={PAGE_SIZE} total={q.data?.total ?? 0} onPage={setPage} />
      <form className="card" onSubmit={(e) => void create(e)} aria-labelledby="cs-new">
        <h2 id="cs-new">{t('cases.new')}</h2>
        <label htmlFor={suspectId}>{t('cases.suspect')}</label>
        <input
          id={suspectId}
          required
          value={suspect}
          onChange={(e) => setSuspect(e.target.value)}
        />
        <label htmlFor={titleId}>{t('cases.caseTitle')}</label>
        <input id={titleId} required value={title} onChange={(e) => setTitle(e.target.value)} />
        <Status error={error} />
        <button type="submit">{t('cases.create')}</button>
      </form>
    </>
  );
}
