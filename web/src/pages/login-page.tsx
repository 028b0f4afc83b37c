/**
 * Login with the server's sessions: `POST /auth/login` sets the HttpOnly session cookie.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost, ApiError } from '../api/client.ts';
import { LanguageSwitch } from '../components/language-switch.tsx';

/**
 * @example
 * <LoginPage onLogin={refreshSession} />
 */
export function LoginPage({ onLogin }: { onLogin(): Promise<void> }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await apiPost('/auth/login', { username, password });
      setPassword('');
      await onLogin();
    } catch (err) {
      setError(
        err instanceof ApiError && (err.status === 401 || err.status === 400)
          ? t('login.failed')
          : err instanceof ApiError && err.status === 429
            ? t('login.tooMany')
            : t('error.generic', { message: err instanceof Error ? err.message : String(err) }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <header className="banner">
        <span className="brand">piguard</span>
        <span className="tagline">{t('layout.tagline')}</span>
        <div className="banner-tools">
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="centered">
        <form className="card login" onSubmit={(e) => void submit(e)} aria-labelledby="login-h">
          <h1 id="login-h">{t('login.title')}</h1>
          <label htmlFor="login-username">{t('login.username')}</label>
          <input
            id="login-username"
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
          <label htmlFor="login-password">{t('login.password')}</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {error !== null && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {t('login.submit')}
          </button>
        </form>
      </main>
    </>
  );
}
