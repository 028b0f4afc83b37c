/**
 * The frame of every page after login: skip link, banner with the language switch and the user,
 * the navigation (only the pages the user's rights open), and the main landmark. On each page
 * change the focus moves to the main heading so keyboard and screen-reader users land on the
 * new content.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../router.tsx';
import { hasRight, useSession } from '../session.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { NAV_ITEMS } from '../nav-items.ts';

/**
 * @example
 * <Layout path="/cases"><CasesPage /></Layout>
 */
export function Layout({ path, children }: { path: string; children: ReactNode }) {
  const { t } = useTranslation();
  const { me, logout } = useSession();
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    const h1 = main.current?.querySelector('h1');
    if (h1 instanceof HTMLElement) {
      h1.tabIndex = -1;
      h1.focus({ preventScroll: true });
    }
  }, [path]);
  const items = NAV_ITEMS.filter((i) => i.right === undefined || hasRight(me, i.right));
  const current = (to: string): boolean => (to === '/' ? path === '/' : path.startsWith(to));
  return (
    <>
      <a className="skip-link" href="#main">
        {t('layout.skip')}
      </a>
      <header className="banner">
        <span className="brand">piguard</span>
        <span className="tagline">{t('layout.tagline')}</span>
        <div className="banner-tools">
          <LanguageSwitch />
          <span className="user" data-testid="current-user">
            {me.staffId === null ? me.id : `${me.id} · ${me.staffId}`}
          </span>
          <button type="button" onClick={() => void logout()}>
            {t('layout.logout')}
          </button>
        </div>
      </header>
      <div className="frame">
        <nav className="sidenav" aria-label={t('layout.navigation')}>
          <ul>
            {items.map((i) => (
              <li key={i.to}>
                <Link to={i.to} aria-current={current(i.to) ? 'page' : undefined}>
                  {t(i.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" ref={main} tabIndex={-1}>
          {children}
        </main>
      </div>
    </>
  );
}
