/**
 * Vietnamese lunar calendar (âm lịch), through the library `@dqcai/vn-lunar`.
 *
 * The library uses the Vietnamese tables (new moons and solar terms computed for UTC+7, Hồ Ngọc Đức's
 * algorithm), which is what the Vietnamese government uses. Chinese-calendar libraries (UTC+8) are wrong
 * for Vietnam on some years: Tết 1985 was 1985-01-21 in Vietnam and 1985-02-20 in China; Tết 2030 is
 * 2030-02-02 in Vietnam and 2030-02-03 in China. Supported lunar years: 1200–2198.
 *
 * Results are memoised per (day, month, year, leap): they are fixed astronomical facts.
 */
import { getLunarDate, getSolarDate } from '@dqcai/vn-lunar';
import { CalendarInputError } from './errors.ts';
import { dayNumber, formatDayNumber, parseIsoDate, type IsoDate } from './dates.ts';

/** A date of the Vietnamese lunar calendar. `leap` marks a leap (nhuận) month. */
export interface LunarDate {
  day: number;
  month: number;
  year: number;
  leap: boolean;
}

const MIN_LUNAR_YEAR = 1200;
const MAX_LUNAR_YEAR = 2198;

const solarCache = new Map<string, number>();

function outOfRange(field: string, value: string): CalendarInputError {
  return new CalendarInputError(
    'OUT_OF_RANGE',
    field,
    `${field}: ${value} nằm ngoài phạm vi của bảng âm lịch (${MIN_LUNAR_YEAR}–${MAX_LUNAR_YEAR})`,
    `${field}: ${value} is outside the lunar tables (${MIN_LUNAR_YEAR}–${MAX_LUNAR_YEAR})`,
  );
}

/**
 * Day number (days since 1970-01-01) of a lunar date. Internal; see {@link lunarToSolar}.
 * @throws CalendarInputError `OUT_OF_RANGE` outside the tables, `INVALID_DATE` for a day the month lacks.
 */
export function lunarToDayNumber(day: number, month: number, year: number, leap = false): number {
  const key = `${year}-${month}-${day}-${leap ? 1 : 0}`;
  const cached = solarCache.get(key);
  if (cached !== undefined) return cached;
  if (!Number.isInteger(year) || year < MIN_LUNAR_YEAR || year > MAX_LUNAR_YEAR)
    throw outOfRange('year', String(year));
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1 || day > 30) {
    throw new CalendarInputError(
      'INVALID_DATE',
      'lunarDate',
      `Ngày âm lịch ${day}/${month}/${year} không hợp lệ`,
      `Lunar date ${day}/${month}/${year} is not valid`,
    );
  }
  const s = getSolarDate(day, month, year, leap);
  if (!s || s.jd === 0) throw outOfRange('year', String(year));
  const dn = dayNumber(s.year, s.month, s.day);
  // The library silently rolls day 30 of a 29-day month into the next month: reject that.
  const back = getLunarDate(s.day, s.month, s.year);
  if (back.day !== day || back.month !== month || back.year !== year || Boolean(back.leap) !== leap) {
    throw new CalendarInputError(
      'INVALID_DATE',
      'lunarDate',
      `Ngày âm lịch ${day}/${month}${leap ? ' nhuận' : ''}/${year} không tồn tại`,
      `Lunar date ${day}/${month}${leap ? ' (leap)' : ''}/${year} does not exist`,
    );
  }
  solarCache.set(key, dn);
  return dn;
}

/**
 * Gregorian date of a Vietnamese lunar date.
 * @param day 1–30, @param month 1–12, @param year lunar year (1200–2198), @param leap leap month (tháng nhuận)
 * @returns `YYYY-MM-DD`
 * @example lunarToSolar(10, 3, 2026) // '2026-04-26' (Giỗ Tổ Hùng Vương)
 * @throws CalendarInputError `OUT_OF_RANGE` | `INVALID_DATE`
 */
export function lunarToSolar(day: number, month: number, year: number, leap = false): IsoDate {
  return formatDayNumber(lunarToDayNumber(day, month, year, leap));
}

/**
 * Vietnamese lunar date of a Gregorian date.
 * @example solarToLunar('2025-01-27') // { day: 28, month: 12, year: 2024, leap: false }
 * @throws CalendarInputError `INVALID_DATE` | `OUT_OF_RANGE`
 */
const lunarCache = new Map<string, LunarDate>();

export function solarToLunar(date: IsoDate): LunarDate {
  const hit = lunarCache.get(date);
  if (hit) return { ...hit };
  parseIsoDate(date, 'date');
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const l = getLunarDate(d, m, y);
  if (!l || l.jd === 0 || l.year === 0) throw outOfRange('date', date);
  const out = { day: l.day, month: l.month, year: l.year, leap: Boolean(l.leap) };
  lunarCache.set(date, out);
  return { ...out };
}

/**
 * Tết Nguyên đán (lunar 1/1) of lunar year `year`, as a Gregorian date (Vietnamese calendar, UTC+7).
 * @example lunarNewYear(2030) // '2030-02-02' (the Chinese calendar gives 2030-02-03)
 * @throws CalendarInputError `OUT_OF_RANGE`
 */
export function lunarNewYear(year: number): IsoDate {
  return lunarToSolar(1, 1, year);
}

/**
 * Last day of the old lunar year before Tết of `year` (29 or 30 tháng Chạp, or of a leap 12th month).
 * @example lunarNewYearsEve(2026) // '2026-02-16'
 */
export function lunarNewYearsEve(year: number): IsoDate {
  return formatDayNumber(lunarToDayNumber(1, 1, year) - 1);
}

/**
 * Giỗ Tổ Hùng Vương, 10/3 lunar (of the regular, non-leap 3rd month) in lunar year `year`.
 * @example hungKingsDay(2026) // '2026-04-26'
 */
export function hungKingsDay(year: number): IsoDate {
  return lunarToSolar(10, 3, year);
}

/**
 * Vietnamese label of a lunar day, used in holiday names: "mùng 1 Tết", "29 tháng Chạp" …
 * Returns `{ vi, en }`.
 */
export function lunarDayLabel(date: IsoDate): { vi: string; en: string } {
  const l = solarToLunar(date);
  const monthVi = l.month === 12 ? 'tháng Chạp' : l.month === 1 ? 'tháng Giêng' : `tháng ${l.month}`;
  const dayVi = l.day <= 10 ? `mùng ${l.day}` : String(l.day);
  const vi =
    l.month === 1 && l.day <= 10 && !l.leap ? `${dayVi} Tết` : `${dayVi} ${monthVi}${l.leap ? ' nhuận' : ''}`;
  const en = `lunar ${l.day}/${l.month}${l.leap ? ' (leap)' : ''}`;
  return { vi, en };
}
