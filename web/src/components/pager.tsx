/**
 * Previous / next for a server-side paginated list.
 */
import { useTranslation } from 'react-i18next';

export interface PagerProps {
  page: number;
  pageSize: number;
  total: number;
  onPage(page: number): void;
  /** Accessible name of the pager; give one when a page has several lists (default: "Pages"). */
  label?: string;
}

/**
 * @example
 * <Pager page={1} pageSize={20} total={135} onPage={setPage} />
 */
export function Pager({ page, pageSize, total, onPage, label }: PagerProps) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pager" aria-label={label ?? t('common.pagination')}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('common.previous')}
      </button>
      <span aria-live="polite">{t('common.pageOf', { page, pages, total })}</span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('common.next')}
      </button>
    </nav>
  );
}
