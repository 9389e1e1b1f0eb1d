/** Labels of figure keys in the UI language: the contract's keys, task status × timeliness, else the key. */
import { useTranslation } from 'react-i18next';
import { FIGURE_LABELS } from './messages.ts';

const TASK_KEY = /^tasks\.([a-z_]+)\.(on_time|overdue)$/;

export function useFigureLabel() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  return (key: string): string => {
    const known = FIGURE_LABELS[key];
    if (known) return en ? known.en : known.vi;
    const m = TASK_KEY.exec(key);
    if (m) {
      const status = t(`status.${m[1]}` as 'status.completed', { defaultValue: m[1] });
      const timeliness = t(`timeliness.${m[2]}` as 'timeliness.overdue');
      return `${en ? 'Tasks' : 'Nhiệm vụ'} ${status.toLowerCase()} – ${timeliness.toLowerCase()}`;
    }
    return key;
  };
}
