/**
 * Loading a resource for a page: state for loading, the data, and the error, reloaded when the
 * path changes. Out-of-order answers are dropped so a quick page change never shows stale data.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { apiGet, type ApiError } from './api/client.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | Error | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * GETs `path` (null = don't load) and tracks the answer.
 *
 * @example
 * const alerts = useApi<Page<Alert>>('/alerts?page=1');
 */
export function useApi<T>(path: string | null): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    if (path === null) return;
    const mine = ++seq.current;
    setLoading(true);
    setError(undefined);
    apiGet<T>(path).then(
      (d) => {
        if (mine !== seq.current) return;
        setData(d);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        setError(e instanceof Error ? e : new Error(String(e)));
        setData(undefined);
        setLoading(false);
      },
    );
  }, [path, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}
