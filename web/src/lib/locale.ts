/** antd and dayjs locales for the UI language. */
import type { ConfigProviderProps } from 'antd';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat.js';
import 'dayjs/locale/vi.js';
import 'dayjs/locale/en.js';
import viVNModule from 'antd/locale/vi_VN.js';
import enUSModule from 'antd/locale/en_US.js';
import type { Lang } from '../i18n/index.ts';

dayjs.extend(customParseFormat);

type AntLocale = NonNullable<ConfigProviderProps['locale']>;
// antd's locale files are CommonJS with `exports.default`: the bundler gives the default export,
// while TypeScript (NodeNext) types the import as the module object. Accept both.
const unwrap = (m: unknown): AntLocale => ((m as { default?: AntLocale }).default ?? m) as AntLocale;

export const antdLocale = (lang: Lang): AntLocale => unwrap(lang === 'en' ? enUSModule : viVNModule);

export function setDayjsLocale(lang: Lang) {
  dayjs.locale(lang === 'en' ? 'en' : 'vi');
}
