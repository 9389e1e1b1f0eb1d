/**
 * Shared by the citizens' pages (/tra-cuu, /nop-ho-so, /danh-gia, kiosk):
 * - `usePublicMeta()` — `GET /api/public/meta` → `{ demo, receivingBody: { code, name } }` (the centre's
 *   name from the data, one name everywhere; `demo`: verification codes are printed by the server, not sent);
 * - `useCitizenErrors(labels)` — the API's messages with field LABELS in place of field names
 *   ("…: check" → "… (4 số cuối điện thoại hoặc CCCD)").
 */
import { useQuery } from '@tanstack/react-query';
import type { FormInstance } from 'antd';
import { api } from '../../api/client.ts';
import { useApiErrors } from '../../lib/errors.ts';
import { withLabels } from './labels.ts';

export { withLabels };

export interface PublicMeta {
  demo: boolean;
  receivingBody: { code: string; name: string };
}

export function usePublicMeta() {
  return useQuery({
    queryKey: ['public', 'meta'],
    queryFn: () => api.get<PublicMeta>('/api/public/meta'),
    staleTime: Infinity,
    retry: false,
  });
}

/** The name split for the header: "Trung tâm … hành chính" + "tỉnh Quảng Ngãi". */
export function splitBodyName(name: string): [string, string | null] {
  const m = /^(.*?)\s+(tỉnh\s+.+)$/u.exec(name.normalize('NFC'));
  return m ? [m[1]!, m[2]!] : [name, null];
}

/** `useApiErrors` for citizens: messages name the field by its label. */
export function useCitizenErrors(labels: Record<string, string>) {
  const base = useApiErrors();
  return {
    text: (e: unknown) => base.text(withLabels(e, labels)),
    show: (e: unknown) => base.show(withLabels(e, labels)),
    applyToForm: (form: FormInstance, e: unknown, fields: readonly string[]) =>
      base.applyToForm(form, withLabels(e, labels), fields),
  };
}
