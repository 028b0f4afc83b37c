/**
 * The zh-CN / en switch; the choice is stored in localStorage by setLanguage.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n/i18n.ts';

const NAMES: Record<Language, string> = { 'zh-CN': '简体中文', en: 'English' };

/**
 * @example
 * <LanguageSwitch />
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <span className="language">
      <label htmlFor={id}>{t('layout.language')}</label>
      <select
        id={id}
        data-testid="language"
        value={i18n.language}
        onChange={(e) => void setLanguage(e.target.value as Language)}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </span>
  );
}
