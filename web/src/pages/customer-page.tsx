/**
 * A customer as the viewer's policy shows them (masked by the server, read for a stated purpose
 * and audited), and the customer's access timeline.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, query } from '../api/client.ts';
import { Status } from '../components/status.tsx';
import { navigate } from '../router.tsx';
import { hasRight, useSession } from '../session.tsx';
import { AccessTimeline } from './access-timeline.tsx';

/** `GET /customers/:id?purpose=`: the gateway's read, masked per policy, with its audit entry. */
interface ReadResult {
  customers: Array<{
    customer_id: string;
    fields: Record<string, string | null>;
    shredded?: boolean;
  }>;
  fields: string[];
  audit_index: number;
}

/**
 * @example
 * <CustomerPage id="C000123" />
 */
export function CustomerPage({ id }: { id?: string | undefined }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const idField = useId();
  const purposeField = useId();
  const [customerId, setCustomerId] = useState(id ?? '');
  const [purpose, setPurpose] = useState('investigation');
  const [record, setRecord] = useState<ReadResult | null>(null);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [page, setPage] = useState(1);

  const read = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setRecord(null);
    try {
      if (customerId !== id) navigate(`/customers/${encodeURIComponent(customerId)}`, true);
      setRecord(
        await apiGet<ReadResult>(
          `/customers/${encodeURIComponent(customerId)}${query({ purpose })}`,
        ),
      );
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };

  const customer = record?.customers[0];
  const fields = customer === undefined ? [] : Object.entries(customer.fields);

  return (
    <>
      <h1>{id === undefined ? t('customer.title') : t('customer.titleFor', { id })}</h1>
      <form className="card toolbar" onSubmit={(e) => void read(e)}>
        <label htmlFor={idField}>{t('customer.id')}</label>
        <input
          id={idField}
          required
          value={customerId}
          onChange={(e) => setCustomerId(e.target.value)}
        />
        <label htmlFor={purposeField}>{t('customer.purpose')}</label>
        <input
          id={purposeField}
          required
          value={purpose}
          onChange={(e) => setPurpose(e.target.value)}
        />
        <button type="submit" disabled={busy}>
          {t('customer.read')}
        </button>
      </form>
      <p className="muted">{t('customer.audited')}</p>
      <Status loading={busy} error={error} />
      {record !== null && customer !== undefined && (
        <section aria-labelledby="cu-record" className="card">
          <h2 id="cu-record">{t('customer.record')}</h2>
          <p className="muted">
            {t('customer.auditEntry', { index: record.audit_index })}
            {customer.shredded === true && ` · ${t('customer.shredded')}`}
          </p>
          <dl className="facts" data-testid="customer-record">
            {fields.map(([k, v]) => (
              <div key={k} className="fact">
                <dt>{t(`field.${k}`, { defaultValue: k })}</dt>
                <dd>{v ?? '—'}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      {id !== undefined && hasRight(me, 'investigate') && (
        <AccessTimeline
          path={`/customers/${encodeURIComponent(id)}/access`}
          page={page}
          onPage={setPage}
          mode="customer"
        />
      )}
    </>
  );
}
