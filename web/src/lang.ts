import { createContext, useContext } from 'react';
import type { Lang } from './i18n/index.ts';

export const LangContext = createContext<{ lang: Lang; setLang: (l: Lang) => void }>({
  lang: 'vi',
  setLang: () => {},
});

export const useLang = () => useContext(LangContext);
