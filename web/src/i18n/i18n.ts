/**
 * i18next set-up: Simplified Chinese and English, the choice remembered in localStorage. The
 * default is the browser's language when it is Chinese, else English.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { zhCN } from './zh-cn.ts';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_KEY = 'piguard.lang';

function initialLanguage(): Language {
  const stored = window.localStorage.getItem(LANGUAGE_KEY);
  if (stored === 'zh-CN' || stored === 'en') return stored;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/**
 * Switches the language and remembers it.
 *
 * @example
 * await setLanguage('en');
 */
export async function setLanguage(lang: Language): Promise<void> {
  window.localStorage.setItem(LANGUAGE_KEY, lang);
  await i18next.changeLanguage(lang);
}

const lang = initialLanguage();
document.documentElement.lang = lang;
i18next.on('languageChanged', (l) => {
  document.documentElement.lang = l;
});

// Resources are inline, so initialisation completes synchronously; no top-level await needed.
void i18next.use(initReactI18next).init({
  initAsync: false,
  lng: lang,
  fallbackLng: 'en',
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  // React escapes text itself.
  interpolation: { escapeValue: false },
  returnNull: false,
});

export { i18next };
