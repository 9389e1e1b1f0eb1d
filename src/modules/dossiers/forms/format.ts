/**
 * Date and text formatting for the forms. All instants are shown in Asia/Ho_Chi_Minh (UTC+7).
 * Date line per ND 30/2020/NĐ-CP Appendix I: "Quảng Ngãi, ngày 05 tháng 3 năm 2022" — day < 10 and
 * months 1–2 written with a leading zero (REFERENCE §6 [S]).
 */
import { hcmPartsOfMs, formatDayNumber } from '../../../kernel/calendar/dates.ts';

/** NFC text, spaces kept (runs are joined); null/undefined → ''. */
export const t = (s: string | null | undefined): string => (s == null ? '' : String(s).normalize('NFC'));

const pad2 = (n: number) => String(n).padStart(2, '0');

/** "Quảng Ngãi, ngày 05 tháng 3 năm 2022" for `date` = YYYY-MM-DD. */
export function dateLine(place: string, date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const month = m <= 2 ? pad2(m) : String(m);
  return t(`${place}, ngày ${pad2(d)} tháng ${month} năm ${y}`);
}

/** Asia/Ho_Chi_Minh date (YYYY-MM-DD), hours and minutes of an instant. */
export function hcm(at: Date): { date: string; hh: number; mm: number; midnight: boolean } {
  const p = hcmPartsOfMs(at.getTime());
  const min = Math.floor(p.msOfDay / 60_000);
  return {
    date: formatDayNumber(p.dayNumber),
    hh: Math.floor(min / 60),
    mm: min % 60,
    midnight: p.msOfDay === 0,
  };
}

/** "05/03/2022" from YYYY-MM-DD. */
export const dmy = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** "09 giờ 30 phút, ngày 05/03/2022". */
export function dateTimeVi(at: Date): string {
  const p = hcm(at);
  return `${pad2(p.hh)} giờ ${pad2(p.mm)} phút, ngày ${dmy(p.date)}`;
}

/** "09:30 05/03/2022" (tables). */
export function shortDateTime(at: Date | null | undefined): string {
  if (!at) return '';
  const p = hcm(at);
  return `${pad2(p.hh)}:${pad2(p.mm)} ${dmy(p.date)}`;
}

/**
 * A deadline instant as the people read it. A deadline at 24:00 of day D (stored as 00:00 of D+1, BLDS 2015
 * Art 148) is shown as "ngày D" — the whole working day D; any other instant as "hh giờ mm phút, ngày D".
 */
export function dueVi(at: Date | null | undefined): string {
  if (!at) return '';
  const p = hcm(at);
  if (p.midnight) return `ngày ${dmy(hcm(new Date(at.getTime() - 1)).date)}`;
  return dateTimeVi(at);
}

/** Short form of `dueVi` for tables: "05/03/2022" or "10:00 05/03/2022". */
export function dueShort(at: Date | null | undefined): string {
  if (!at) return '';
  const p = hcm(at);
  if (p.midnight) return dmy(hcm(new Date(at.getTime() - 1)).date);
  return shortDateTime(at);
}

/** The last day of a deadline (YYYY-MM-DD): 24:00 of D counts as day D. */
export const dueDate = (at: Date) => hcm(new Date(at.getTime() - (hcm(at).midnight ? 1 : 0))).date;

export const RESULT_VI: Record<string, string> = {
  early: 'Trước hạn',
  on_time: 'Đúng hạn',
  late: 'Quá hạn',
};

export const RETURN_METHOD_VI: Record<string, string> = {
  counter: 'Nhận trực tiếp tại Bộ phận Một cửa',
  post: 'Qua dịch vụ bưu chính công ích',
  online: 'Trực tuyến (qua Cổng dịch vụ công)',
};

export const CHANNEL_VI: Record<string, string> = {
  counter: 'Trực tiếp',
  online: 'Trực tuyến',
  postal: 'Qua bưu chính',
  phone: 'Qua tổng đài (điện thoại)',
};

/** "1.250.000 đồng" (VND, dot thousands separators). */
export const vnd = (n: number) => `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đồng`;
