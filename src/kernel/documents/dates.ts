/**
 * Dates as documents write them. We accept `YYYY-MM-DD` or the Vietnamese `d/m/yyyy` (the state format
 * writes "ngày 12 tháng 11 năm 2021"; citations are written 12/11/2021). Returns the ISO date or null
 * when the written date is impossible (e.g. the seed's "31/4/2019").
 */
import { isIsoDate } from '../calendar/dates.ts';

export function parseWrittenDate(raw: string): { iso: string | null; recognised: boolean } {
  const s = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return { iso: isIsoDate(s) ? s : null, recognised: true };
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) {
    const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`; // isIsoDate refuses year 0000
    return { iso: isIsoDate(iso) ? iso : null, recognised: true };
  }
  return { iso: null, recognised: false };
}
