/**
 * The audit log's state: entries committed, the latest signed checkpoint (size, time, root hash)
 * and how many entries are not covered by a signature yet.
 */
import { useTranslation } from 'react-i18next';
import type { AuditCheckpoint } from '../api/types.ts';
import { formatNumber, formatTime } from '../format.ts';

/**
 * @example
 * <CheckpointSummary checkpoint={cp} />
 */
export function CheckpointSummary({ checkpoint }: { checkpoint: AuditCheckpoint }) {
  const { t } = useTranslation();
  const cp = checkpoint.checkpoint;
  const unsigned = checkpoint.log_size - (cp?.size ?? 0);
  return (
    <dl className="facts" data-testid="checkpoint">
      <dt>{t('audit.origin')}</dt>
      <dd className="mono">{checkpoint.origin}</dd>
      <dt>{t('audit.logSize')}</dt>
      <dd>{formatNumber(checkpoint.log_size, 0)}</dd>
      <dt>{t('audit.treeSize')}</dt>
      <dd>{cp === null ? t('audit.noCheckpoint') : formatNumber(cp.size, 0)}</dd>
      <dt>{t('audit.signedAt')}</dt>
      <dd>{formatTime(cp?.created_at)}</dd>
      <dt>{t('audit.unsigned')}</dt>
      <dd className={unsigned > 0 ? undefined : 'ok'}>{formatNumber(unsigned, 0)}</dd>
      <dt>{t('audit.rootHash')}</dt>
      <dd className="mono break">{cp?.root_hash ?? '—'}</dd>
    </dl>
  );
}
