/**
 * The dashboard: asks the server who is logged in, shows the login page when nobody is, else the
 * page for the current path — or "not permitted" when the user lacks the page's right (the API
 * would refuse its data anyway).
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiPost, setUnauthorizedHandler } from './api/client.ts';
import type { Me, Right } from './api/types.ts';
import { Layout } from './components/layout.tsx';
import { matchPath, navigate, useLocation } from './router.tsx';
import { hasRight, SessionContext, type Session } from './session.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { OverviewPage } from './pages/overview-page.tsx';
import { AlertsPage } from './pages/alerts-page.tsx';
import { AlertPage } from './pages/alert-page.tsx';
import { ActorPage } from './pages/actor-page.tsx';
import { CustomerPage } from './pages/customer-page.tsx';
import { TracePage } from './pages/trace-page.tsx';
import { ComplaintsPage } from './pages/complaints-page.tsx';
import { CasesPage } from './pages/cases-page.tsx';
import { CasePage } from './pages/case-page.tsx';
import { AuditPage } from './pages/audit-page.tsx';
import { CanariesPage } from './pages/canaries-page.tsx';
import { PostsPage } from './pages/posts-page.tsx';

interface RouteDef {
  pattern: string;
  right?: Right;
  render(params: Record<string, string>): ReactNode;
}

const ROUTES: readonly RouteDef[] = [
  { pattern: '/', render: () => <OverviewPage /> },
  { pattern: '/alerts', right: 'investigate', render: () => <AlertsPage /> },
  { pattern: '/alerts/:id', right: 'investigate', render: (p) => <AlertPage id={p.id ?? ''} /> },
  { pattern: '/actors/:id', right: 'investigate', render: (p) => <ActorPage id={p.id ?? ''} /> },
  { pattern: '/customers', right: 'read', render: () => <CustomerPage /> },
  { pattern: '/customers/:id', right: 'read', render: (p) => <CustomerPage id={p.id} /> },
  { pattern: '/trace', right: 'investigate', render: () => <TracePage /> },
  { pattern: '/trace/:id', right: 'investigate', render: (p) => <TracePage id={p.id} /> },
  { pattern: '/complaints', right: 'investigate', render: () => <ComplaintsPage /> },
  { pattern: '/cases', right: 'investigate', render: () => <CasesPage /> },
  { pattern: '/cases/:id', right: 'investigate', render: (p) => <CasePage id={p.id ?? ''} /> },
  { pattern: '/canaries', right: 'investigate', render: () => <CanariesPage /> },
  { pattern: '/audit', right: 'audit:read', render: () => <AuditPage /> },
  { pattern: '/posts', right: 'posts:classify', render: () => <PostsPage /> },
];

function Message({ title, text }: { title: string; text: string }) {
  return (
    <>
      <h1>{title}</h1>
      <p role="alert">{text}</p>
    </>
  );
}

/**
 * @example
 * createRoot(el).render(<App />);
 */
export function App() {
  const { t } = useTranslation();
  const { path } = useLocation();
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  const refresh = useCallback(async () => {
    try {
      setMe(await apiGet<Me>('/auth/me'));
    } catch {
      setMe(null);
    }
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => setMe(null));
    void refresh();
  }, [refresh]);

  const session = useMemo<Session | null>(
    () =>
      me === null || me === undefined
        ? null
        : {
            me,
            logout: async () => {
              try {
                await apiPost('/auth/logout');
              } finally {
                setMe(null);
                navigate('/', true);
              }
            },
          },
    [me],
  );

  if (me === undefined)
    return (
      <main id="main" className="centered">
        <p role="status">{t('common.loading')}</p>
      </main>
    );
  if (session === null) return <LoginPage onLogin={refresh} />;

  let page: ReactNode = <Message title={t('error.notFoundTitle')} text={t('error.noPage')} />;
  for (const r of ROUTES) {
    const params = matchPath(r.pattern, path);
    if (params === null) continue;
    page =
      r.right !== undefined && !hasRight(session.me, r.right) ? (
        <Message title={t('error.forbiddenTitle')} text={t('error.forbiddenPage')} />
      ) : (
        r.render(params)
      );
    break;
  }
  return (
    <SessionContext.Provider value={session}>
      <Layout path={path}>{page}</Layout>
    </SessionContext.Provider>
  );
}
