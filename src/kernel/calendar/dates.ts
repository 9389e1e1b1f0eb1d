/**
 * Date primitives of the calendar kernel: `YYYY-MM-DD` calendar dates as day numbers, and instants read
 * in Asia/Ho_Chi_Minh.
 *
 * Vietnam keeps UTC+07:00 all year (no daylight saving time since 1975), so the conversion is a fixed
 * offset and needs no time-zone database. A *day number* is the count of days since 1970-01-01 (which has
 * day number 0); it is only used inside the kernel.
 */
import { CalendarInputError } from './errors.ts';

/** A calendar date in Asia/Ho_Chi_Minh, written `YYYY-MM-DD` (e.g. `'2026-02-17'`). */
export type IsoDate = string;

/** An instant: a JS `Date`, or an ISO 8601 string. A string without an offset is read as Hồ Chí Minh wall time. */
export type DateTimeInput = Date | string;

/** Offset of Asia/Ho_Chi_Minh from UTC, in milliseconds (UTC+7, no DST). */
export const HCM_OFFSET_MS = 7 * 3_600_000;
/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Number of days in month `m` (1–12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : (MONTH_DAYS[m - 1] ?? 0);
}

/** Day number (days since 1970-01-01) of a proleptic Gregorian date (H. Hinnant's algorithm). */
export function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** `[year, month, day]` of a day number. */
export function civilFromDayNumber(dn: number): [number, number, number] {
  const z = dn + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `YYYY-MM-DD` of a day number (years 1000–9999). */
export function formatDayNumber(dn: number): IsoDate {
  const [y, m, d] = civilFromDayNumber(dn);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** Day of week of a day number: 0 = Sunday … 6 = Saturday (as `Date#getUTCDay`). */
export function weekdayOfDayNumber(dn: number): number {
  return (((dn + 4) % 7) + 7) % 7;
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function invalidDate(field: string, value: unknown): CalendarInputError {
  const shown = typeof value === 'string' ? `"${value}"` : String(value);
  return new CalendarInputError(
    'INVALID_DATE',
    field,
    `${field}: ${shown} không phải ngày hợp lệ dạng YYYY-MM-DD`,
    `${field}: ${shown} is not a valid YYYY-MM-DD date`,
  );
}

/**
 * Parses a `YYYY-MM-DD` date into its day number. Hot path: no regex, no allocation.
 * @throws CalendarInputError `INVALID_DATE` (with `field`) when the value is not a real calendar date.
 */
export function parseIsoDate(value: unknown, field: string): number {
  if (
    typeof value !== 'string' ||
    value.length !== 10 ||
    value.charCodeAt(4) !== 45 ||
    value.charCodeAt(7) !== 45
  ) {
    throw invalidDate(field, value);
  }
  const y0 = digit(value, 0);
  const y1 = digit(value, 1);
  const y2 = digit(value, 2);
  const y3 = digit(value, 3);
  const m0 = digit(value, 5);
  const m1 = digit(value, 6);
  const d0 = digit(value, 8);
  const d1 = digit(value, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) throw invalidDate(field, value);
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  // year 0000 does not exist (PostgreSQL refuses it): 0001-01-01 is the first date
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) throw invalidDate(field, value);
  return dayNumber(y, m, d);
}

/** True when `value` is a real `YYYY-MM-DD` date. */
export function isIsoDate(value: unknown): value is IsoDate {
  try {
    parseIsoDate(value, 'value');
    return true;
  } catch {
    return false;
  }
}

/** Number of days from `a` to `b` (`b − a`, may be negative). @throws CalendarInputError `INVALID_DATE` */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return parseIsoDate(b, 'b') - parseIsoDate(a, 'a');
}

/** `date` shifted by `n` calendar days, without any working-day logic. @throws CalendarInputError */
export function shiftDate(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw invalidNumber('n', n, 'an integer', 'số nguyên');
  return formatDayNumber(parseIsoDate(date, 'date') + n);
}

/** Day of week of a date, ISO numbering: 1 = Monday … 7 = Sunday. @throws CalendarInputError */
export function isoWeekday(date: IsoDate): number {
  const wd = weekdayOfDayNumber(parseIsoDate(date, 'date'));
  return wd === 0 ? 7 : wd;
}

export function invalidNumber(
  field: string,
  value: unknown,
  expectedEn: string,
  expectedVi: string,
): CalendarInputError {
  return new CalendarInputError(
    'INVALID_NUMBER',
    field,
    `${field}: ${String(value)} không hợp lệ (cần ${expectedVi})`,
    `${field}: ${String(value)} is not valid (expected ${expectedEn})`,
  );
}

// ---------------------------------------------------------------------------------------------------
// Instants in Asia/Ho_Chi_Minh
// ---------------------------------------------------------------------------------------------------

const OFFSET_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

function invalidDateTime(field: string, value: unknown): CalendarInputError {
  const shown =
    value instanceof Date ? 'Invalid Date' : typeof value === 'string' ? `"${value}"` : String(value);
  return new CalendarInputError(
    'INVALID_DATETIME',
    field,
    `${field}: ${shown} không phải thời điểm hợp lệ (Date hoặc chuỗi ISO 8601)`,
    `${field}: ${shown} is not a valid instant (Date or ISO 8601 string)`,
  );
}

/**
 * Converts an instant to epoch milliseconds.
 *
 * Accepts a valid `Date`, or an ISO 8601 string `YYYY-MM-DDTHH:mm[:ss[.fff]][Z|±HH:mm]`. A string **without**
 * an offset is read as Asia/Ho_Chi_Minh wall time (UTC+7), never as the server's local time.
 * @throws CalendarInputError `INVALID_DATETIME`
 */
export function toEpochMs(value: unknown, field: string): number {
  if (value instanceof Date) {
    const t = value.getTime();
    if (Number.isNaN(t)) throw invalidDateTime(field, value);
    return t;
  }
  if (typeof value !== 'string') throw invalidDateTime(field, value);
  const m = OFFSET_RE.exec(value);
  if (!m) throw invalidDateTime(field, value);
  const [, ys, mos, ds, hs, mis, ss, frac, off] = m;
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  const h = Number(hs);
  const mi = Number(mis);
  const s = ss === undefined ? 0 : Number(ss);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) {
    throw invalidDateTime(field, value);
  }
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  let offsetMs = HCM_OFFSET_MS;
  if (off !== undefined && off !== 'Z') {
    const sign = off[0] === '-' ? -1 : 1;
    const digits = off.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2, 4));
    if (oh > 14 || om > 59) throw invalidDateTime(field, value);
    offsetMs = sign * (oh * 3_600_000 + om * 60_000);
  } else if (off === 'Z') {
    offsetMs = 0;
  }
  return dayNumber(y, mo, d) * DAY_MS + h * 3_600_000 + mi * 60_000 + s * 1000 + ms - offsetMs;
}

/** An instant read in Asia/Ho_Chi_Minh: its day number and the milliseconds since local midnight. */
export interface HcmParts {
  dayNumber: number;
  msOfDay: number;
}

/** Splits epoch milliseconds into the Hồ Chí Minh day number and time of day. */
export function hcmPartsOfMs(epochMs: number): HcmParts {
  const local = epochMs + HCM_OFFSET_MS;
  const dn = Math.floor(local / DAY_MS);
  return { dayNumber: dn, msOfDay: local - dn * DAY_MS };
}

/**
 * The calendar date (Asia/Ho_Chi_Minh) of an instant.
 * @example toHcmDate('2025-12-31T17:30:00Z') // '2026-01-01' (00:30 in Hà Nội)
 * @throws CalendarInputError `INVALID_DATETIME`
 */
export function toHcmDate(at: DateTimeInput, field = 'at'): IsoDate {
  return formatDayNumber(hcmPartsOfMs(toEpochMs(at, field)).dayNumber);
}

/** Epoch ms of a Hồ Chí Minh day number + milliseconds since local midnight. */
export function msOfHcm(dn: number, msOfDay: number): number {
  return dn * DAY_MS + msOfDay - HCM_OFFSET_MS;
}

/**
 * The instant at which a calendar date ends in Asia/Ho_Chi_Minh: 24:00 of `date`, i.e. 00:00 of the next
 * day (+07:00). A time limit whose last day is `date` ends at this instant (Bộ luật Dân sự 91/2015 Art 148:
 * "kết thúc vào thời điểm 24 giờ của ngày cuối cùng"). Anything done strictly before it is in time.
 * @throws CalendarInputError `INVALID_DATE`
 */
export function endOfDay(date: IsoDate): Date {
  return new Date(msOfHcm(parseIsoDate(date, 'date') + 1, 0));
}

/**
 * The instant of a wall-clock time on a date in Asia/Ho_Chi_Minh.
 * @example hcmDateTime('2026-03-02', '15:00') // 2026-03-02T08:00:00.000Z
 * @throws CalendarInputError `INVALID_DATE` | `INVALID_TIME`
 */
export function hcmDateTime(date: IsoDate, time: string): Date {
  return new Date(msOfHcm(parseIsoDate(date, 'date'), parseTimeOfDay(time, 'time') * 60_000));
}

const TIME_RE = /^([01]\d|2[0-4]):([0-5]\d)$/;

/**
 * Parses `HH:mm` (00:00–24:00) into minutes since midnight.
 * @throws CalendarInputError `INVALID_TIME`
 */
export function parseTimeOfDay(value: unknown, field: string): number {
  const m = typeof value === 'string' ? TIME_RE.exec(value) : null;
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || minutes > 24 * 60) {
    throw new CalendarInputError(
      'INVALID_TIME',
      field,
      `${field}: ${String(value)} không phải giờ hợp lệ dạng HH:mm`,
      `${field}: ${String(value)} is not a valid HH:mm time`,
    );
  }
  return minutes;
}

/** An instant as ISO 8601 with the +07:00 offset (Asia/Ho_Chi_Minh), e.g. `2022-03-04T01:30:00Z` → `2022-03-04T08:30:00+07:00`; null stays null. */
export function isoHcm(d: Date | null | undefined): string | null {
  if (!d) return null;
  const s = new Date(d.getTime() + HCM_OFFSET_MS).toISOString();
  return `${s.slice(0, 19)}+07:00`;
}
