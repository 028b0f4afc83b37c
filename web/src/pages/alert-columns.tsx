/**
 * Table columns shared by the alert lists (alerts page, actor page).
 */
import type { TFunction } from 'i18next';
import type { Alert } from '../api/types.ts';
import type { Column } from '../components/data-table.tsx';
import { formatNumber } from '../format.ts';
import { Link } from '../router.tsx';

/**
 * @example
 * <DataTable columns={alertColumns(t)} ... />
 */
export function alertColumns(t: TFunction): Column<Alert>[] {
  return [
    {
      key: 'day',
      header: t('alert.day'),
      render: (a) => <Link to={`/alerts/${encodeURIComponent(String(a.id))}`}>{a.day}</Link>,
    },
    {
      key: 'actor',
      header: t('alert.actor'),
      render: (a) => <Link to={`/actors/${encodeURIComponent(a.actor)}`}>{a.actor}</Link>,
    },
    {
      key: 'kind',
      header: t('alert.kind'),
      render: (a) => t(`alertKind.${a.kind}`, { defaultValue: a.kind }),
    },
    { key: 'score', header: t('alert.score'), numeric: true, render: (a) => formatNumber(a.score) },
    { key: 'customers', header: t('alert.customers'), numeric: true, render: (a) => a.customers },
    {
      key: 'status',
      header: t('alert.status'),
      render: (a) => (a.status === undefined ? '—' : t(`alertStatus.${a.status}`)),
    },
  ];
}
