/**
 * A small history-API router: the dashboard has a dozen flat pages, not worth a dependency.
 * Paths are real URLs (the server falls back to index.html), so links can be bookmarked and
 * opened in new tabs.
 */
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const listeners = new Set<() => void>();

/**
 * Goes to a path inside the app without reloading.
 *
 * @example
 * navigate('/alerts/12');
 */
export function navigate(to: string, replace = false): void {
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  for (const l of listeners) l();
}

/**
 * The current location (path and search), re-rendering on navigation.
 *
 * @example
 * const { path } = useLocation();
 */
export function useLocation(): { path: string; search: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const update = (): void => setTick((n) => n + 1);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return {
    path: window.location.pathname,
    search: new URLSearchParams(window.location.search),
  };
}

/**
 * Matches a path against a pattern with `:name` segments.
 *
 * @example
 * matchPath('/alerts/:id', '/alerts/7') // { id: '7' }
 */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i] as string;
    const val = s[i] as string;
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(val);
    else if (seg !== val) return null;
  }
  return params;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

/**
 * An anchor that navigates inside the app on a plain click and behaves as a normal link
 * otherwise (new tab, copy link).
 *
 * @example
 * <Link to="/cases">Cases</Link>
 */
export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const handle = (e: MouseEvent<HTMLAnchorElement>): void => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
      return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
