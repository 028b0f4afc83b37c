/**
 * Loading and error states, announced to screen readers.
 */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

/**
 * Shows "loading…" or the error of a request, or nothing.
 *
 * @example
 * <Status loading={q.loading} error={q.error} />
 */
export function Status({ loading, error }: { loading?: boolean; error?: Error | undefined }) {
  const { t } = useTranslation();
  if (error !== undefined) {
    const status = error instanceof ApiError ? error.status : 0;
    const text =
      status === 403
        ? t('error.forbidden')
        : status === 404
          ? t('error.notFound')
          : t('error.generic', { message: error.message });
    return (
      <p className="error" role="alert">
        {text}
      </p>
    );
  }
  if (loading === true)
    return (
      <p className="muted" role="status" data-testid="loading">
        {t('common.loading')}
      </p>
    );
  return null;
}
