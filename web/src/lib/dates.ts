/** Dates: shown dd/mm/yyyy (Vietnamese convention), sent YYYY-MM-DD, "today" in Asia/Ho_Chi_Minh. */
import dayjs, { type Dayjs } from 'dayjs';

export const DATE_FORMAT = 'DD/MM/YYYY';
export const ISO = 'YYYY-MM-DD';
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2022-09-15` → `15/09/2022`; null/empty → the given fallback. */
export function fmtDate(iso: string | null | undefined, fallback = '—'): string {
  if (!iso) return fallback;
  const m = ISO_RE.exec(iso.slice(0, 10));
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

const hcmDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const hcmDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** Today's calendar date in Vietnam, YYYY-MM-DD. */
export const todayIso = (): string => hcmDate.format(new Date());

/** An ISO timestamp as `dd/mm/yyyy hh:mm` in Vietnam time. */
export function fmtDateTime(ts: string | null | undefined): string {
  if (!ts) return '—';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  return hcmDateTime.format(d).replace(',', '');
}

export const isIso = (s: string | null | undefined): s is string => !!s && ISO_RE.test(s);

/** YYYY-MM-DD → Dayjs for a date picker (null when empty or malformed). */
export const toDayjs = (iso: string | null | undefined): Dayjs | null =>
  isIso(iso) ? dayjs(iso, ISO) : null;

/** Dayjs from a date picker → YYYY-MM-DD (undefined when empty). */
export const fromDayjs = (d: Dayjs | null | undefined): string | undefined =>
  d && d.isValid() ? d.format(ISO) : undefined;
