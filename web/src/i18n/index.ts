/** i18next set-up: Vietnamese by default, English on request; the choice is kept in localStorage. */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import vi from './vi.ts';
import en from './en.ts';

export type Lang = 'vi' | 'en';
const KEY = 'kientao.lang';

export function storedLang(): Lang {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function storeLang(lang: Lang) {
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    /* private mode: keep it for this page only */
  }
}

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof vi };
  }
}

void i18next.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: storedLang(),
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18next;
