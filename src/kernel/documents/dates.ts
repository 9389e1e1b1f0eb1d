/**
 * Dates as documents write them. We accept `YYYY-MM-DD`, the Vietnamese `d/m/yyyy` (also `d-m-yyyy`,
 * `d.m.yyyy`) and words (the state format writes "ngày 12 tháng 11 năm 2021"; citations 12/11/2021).
 * Returns the ISO date or null when the written date is impossible (e.g. the seed's "31/4/2019").
 */
import { isIsoDate } from '../calendar/dates.ts';

export function parseWrittenDate(raw: string): { iso: string | null; recognised: boolean } {
  const s = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return { iso: isIsoDate(s) ? s : null, recognised: true };
  // d/m/yyyy, d-m-yyyy, d.m.yyyy (one separator) or in words: "[ngày] 09 tháng 6 năm 2025"
  const m =
    /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(s) ??
    /^(?:ngày\s+)?(\d{1,2})\s+(tháng)\s+(\d{1,2})\s+năm\s+(\d{4})$/iu.exec(s.normalize('NFC'));
  if (m) {
    const iso = `${m[4]}-${m[3]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`; // isIsoDate refuses year 0000
    return { iso: isIsoDate(iso) ? iso : null, recognised: true };
  }
  return { iso: null, recognised: false };
}
