/**
 * Canary identities: the trap pool (phones and mailboxes the organisation controls, given to
 * synthetic customers mixed into exports) and the hits on it. A hit with identity evidence (the
 * caller used the synthetic name or address) names the exports that carried the canary; a bare
 * call is a weak signal (trap lines get spam too).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { query } from '../api/client.ts';
import type { PageInfo } from '../api/types.ts';
import { DataTable } from '../components/data-table.tsx';
import { Pager } from '../components/pager.tsx';
import { Status } from '../components/status.tsx';
import { formatTime } from '../format.ts';
import { useApi } from '../use-api.ts';

interface PoolEntry {
  identity: string;
  kind: string;
  added_at: string;
}

interface Hit {
  hit_id: string;
  identity: string;
  at: string;
  evidence: string;
  /** JSON arrays, as stored. */
  canary_ids: string;
  export_ids: string;
  source: string;
}

const PAGE_SIZE = 25;

function list(json: string): string {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) && v.length > 0 ? v.map(String).join(', ') : '—';
  } catch {
    return json;
  }
}

/**
 * @example
 * <CanariesPage />
 */
export function CanariesPage() {
  const { t } = useTranslation();
  const [poolPage, setPoolPage] = useState(1);
  const [hitsPage, setHitsPage] = useState(1);
  // Both lists are paged by the server, newest first.
  const pool = useApi<{ pool: PoolEntry[] } & PageInfo>(
    `/canaries/pool${query({ page: poolPage, pageSize: PAGE_SIZE })}`,
  );
  const hits = useApi<{ hits: Hit[] } & PageInfo>(
    `/canary-hits${query({ page: hitsPage, pageSize: PAGE_SIZE })}`,
  );
  return (
    <>
      <h1>{t('canary.title')}</h1>
      <p className="muted">{t('canary.help')}</p>
      <section aria-labelledby="cn-hits" className="card">
        <h2 id="cn-hits">{t('canary.hits')}</h2>
        <Status loading={hits.loading} error={hits.error} />
        <DataTable
          caption={t('canary.hitsCaption')}
          testId="canary-hits"
          rows={hits.data?.hits ?? []}
          rowKey={(x) => x.hit_id}
          columns={[
            { key: 'at', header: t('timeline.when'), render: (x) => formatTime(x.at) },
            { key: 'identity', header: t('canary.identity'), render: (x) => x.identity },
            {
              key: 'evidence',
              header: t('canary.evidence'),
              render: (x) => (
                <span className={x.evidence === 'identity' ? 'tag tag-bad' : 'tag'}>
                  {t(x.evidence === 'identity' ? 'canary.identityEvidence' : 'canary.bare')}
                </span>
              ),
            },
            { key: 'exports', header: t('trace.export'), render: (x) => list(x.export_ids) },
            { key: 'source', header: t('timeline.source'), render: (x) => x.source },
          ]}
        />
        <Pager
          page={hitsPage}
          pageSize={PAGE_SIZE}
          total={hits.data?.total ?? 0}
          onPage={setHitsPage}
          label={`${t('canary.hits')}: ${t('common.pagination')}`}
        />
      </section>
      <section aria-labelledby="cn-pool" className="card">
        <h2 id="cn-pool">{t('canary.pool')}</h2>
        <Status loading={pool.loading} error={pool.error} />
        <DataTable
          caption={t('canary.poolCaption')}
          testId="canary-pool"
          rows={pool.data?.pool ?? []}
          rowKey={(x) => x.identity}
          columns={[
            { key: 'identity', header: t('canary.identity'), render: (x) => x.identity },
            { key: 'kind', header: t('canary.kind'), render: (x) => x.kind },
            { key: 'added', header: t('canary.added'), render: (x) => formatTime(x.added_at) },
          ]}
        />
        <Pager
          page={poolPage}
          pageSize={PAGE_SIZE}
          total={pool.data?.total ?? 0}
          onPage={setPoolPage}
          label={`${t('canary.pool')}: ${t('common.pagination')}`}
        />
      </section>
    </>
  );
}
