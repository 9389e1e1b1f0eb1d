/** Showing API errors: a message in the UI language, and the form field named by `path` highlighted. */
import { App } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

export function useErrorText() {
  const { t, i18n } = useTranslation();
  return (e: unknown): string => (e instanceof ApiError ? e.text(i18n.language) : t('errors.generic'));
}

export function useApiErrors() {
  const { message } = App.useApp();
  const text = useErrorText();
  const { i18n } = useTranslation();
  const en = i18n.language.startsWith('en');

  const show = (e: unknown) => {
    void message.error(text(e));
  };

  /**
   * Puts the error on the form field named by its `path` (dotted, e.g. `document.date`) when that
   * field is one of `fields`; otherwise shows it as a message. Row errors (`errors[]`) go to their
   * fields too.
   */
  const applyToForm = (
    form: FormInstance,
    e: unknown,
    fields: readonly string[],
    /** API path → form field, when they differ */
    aliases: Record<string, string> = {},
  ) => {
    if (!(e instanceof ApiError)) return show(e);
    const known = new Set(fields);
    const field = (path: string | null) => (path ? (aliases[path] ?? path) : null);
    const marks: { name: (string | number)[]; errors: string[] }[] = [];
    const items = e.errors.length
      ? e.errors
      : [{ path: e.path, message: e.messageVi, messageEn: e.messageEn, code: e.code }];
    for (const it of items) {
      const f = field(it.path);
      if (f && known.has(f)) {
        marks.push({
          name: f.split('.'),
          errors: [en ? (it.messageEn ?? it.message) : it.message],
        });
      }
    }
    const main = field(e.path);
    if (main && known.has(main) && !marks.some((m) => m.name.join('.') === main)) {
      marks.push({ name: main.split('.'), errors: [text(e)] });
    }
    if (marks.length) {
      form.setFields(marks);
      void form.scrollToField(marks[0]!.name);
    }
    void message.error(text(e));
  };

  return { text, show, applyToForm };
}
