/**
 * Working-day arithmetic over a {@link CalendarSnapshot}. Pure, O(1) per call.
 *
 * Dates are `YYYY-MM-DD` calendar dates in Asia/Ho_Chi_Minh; instants are `Date`s or ISO strings read in
 * Asia/Ho_Chi_Minh (UTC+7). A **working day** is a day that is not a weekly rest day (Saturday, Sunday for
 * civil servants), not a statutory holiday, compensatory day or swapped day off — or a make-up working
 * Saturday.
 */
import { CalendarInputError } from './errors.ts';
import {
  formatDayNumber,
  hcmPartsOfMs,
  invalidNumber,
  parseIsoDate,
  parseTimeOfDay,
  toEpochMs,
  type DateTimeInput,
  type IsoDate,
} from './dates.ts';
import type { CalendarSnapshot, HolidayEntry } from './snapshot.ts';

/** Day index of `date` in the snapshot. @throws CalendarInputError `INVALID_DATE` | `OUT_OF_RANGE` */
export function dayIndex(cal: CalendarSnapshot, date: unknown, field: string): number {
  const i = parseIsoDate(date, field) - cal.startDn;
  if (i < 0 || i >= cal.working.length) throw outOfRange(cal, field, String(date));
  return i;
}

function outOfRange(cal: CalendarSnapshot, field: string, value: string): CalendarInputError {
  return new CalendarInputError(
    'OUT_OF_RANGE',
    field,
    `${field}: ${value} nằm ngoài phạm vi lịch (${cal.firstDate} – ${cal.lastDate})`,
    `${field}: ${value} is outside the calendar (${cal.firstDate} – ${cal.lastDate})`,
  );
}

function resultOutOfRange(cal: CalendarSnapshot): CalendarInputError {
  return new CalendarInputError(
    'OUT_OF_RANGE',
    'n',
    `Kết quả nằm ngoài phạm vi lịch (${cal.firstDate} – ${cal.lastDate})`,
    `The result is outside the calendar (${cal.firstDate} – ${cal.lastDate})`,
  );
}

/**
 * Whether `date` is a working day (ngày làm việc) of civil servants.
 *
 * @param date `YYYY-MM-DD` (Asia/Ho_Chi_Minh)
 * @returns `false` on weekly rest days, statutory holidays (Labour Code 45/2019/QH14 Art 112), compensatory
 *   days (Art 111 cl.3) and swapped days off; `true` on other days and on make-up working Saturdays
 * @throws CalendarInputError `INVALID_DATE` | `OUT_OF_RANGE`
 * @example isWorkingDay(cal, '2025-04-26') // true — Saturday made a working day (làm bù)
 */
export function isWorkingDay(cal: CalendarSnapshot, date: IsoDate): boolean {
  return cal.working[dayIndex(cal, date, 'date')] === 1;
}

/**
 * The `n`-th working day after `start` (a time limit of `n` working days triggered on `start`).
 *
 * Counting starts on the day after the trigger (Bộ luật Dân sự 91/2015/QH13 Art 147: "thời hạn bắt đầu từ
 * ngày tiếp theo liền kề ngày xảy ra sự kiện"), so the trigger day never counts, whether or not it is a
 * working day. Weekly rest days, holidays, compensatory and swapped days are skipped; make-up working
 * Saturdays count. The limit ends at the end (24:00) of the returned day (Art 148; see `endOfDay`).
 *
 * @param start trigger date `YYYY-MM-DD` (Asia/Ho_Chi_Minh)
 * @param n working days, an integer: `n > 0` counts forward; `0` returns `start`; `n < 0` gives the
 *   `|n|`-th working day before `start` (for reminders, e.g. "1 working day before the deadline")
 * @returns a working day `YYYY-MM-DD` (for `n ≠ 0`)
 * @throws CalendarInputError `INVALID_DATE`, `INVALID_NUMBER` (not an integer), `OUT_OF_RANGE` (start or
 *   result outside the snapshot)
 * @example addWorkingDays(cal, '2026-02-13', 1) // '2026-02-23' (Tết 16–20/02/2026)
 */
export function addWorkingDays(cal: CalendarSnapshot, start: IsoDate, n: number): IsoDate {
  const i = dayIndex(cal, start, 'start');
  if (!Number.isInteger(n))
    throw invalidNumber('n', n, 'an integer number of working days', 'số nguyên ngày làm việc');
  let k: number;
  if (n > 0) k = cal.cum[i]! + n - 1;
  else if (n < 0) k = cal.cum[i]! - cal.working[i]! + n;
  else return cal.iso[i]!;
  if (k < 0 || k >= cal.workIdx.length) throw resultOutOfRange(cal);
  return cal.iso[cal.workIdx[k]!]!;
}

/**
 * Number of working days from `a` to `b`: the working days `d` with `a < d ≤ b`, negated when `b < a`
 * (then the working days with `b < d ≤ a`). Antisymmetric and additive:
 * `between(a, b) + between(b, c) === between(a, c)`. With `b` a deadline and `a` today, a positive value is
 * the working days left and a negative one the working days overdue.
 *
 * Inverse of {@link addWorkingDays}: `workingDaysBetween(s, addWorkingDays(s, n)) === n` for every `n ≥ 0`,
 * and for `n < 0` when `s` is itself a working day.
 *
 * @param a,b `YYYY-MM-DD` (Asia/Ho_Chi_Minh)
 * @returns working days (integer, may be negative)
 * @throws CalendarInputError `INVALID_DATE` | `OUT_OF_RANGE`
 * @example workingDaysBetween(cal, '2024-04-26', '2024-05-06') // 4 (29/4 swapped, 30/4–1/5 off, Sat 4/5 worked)
 */
export function workingDaysBetween(cal: CalendarSnapshot, a: IsoDate, b: IsoDate): number {
  const ia = dayIndex(cal, a, 'a');
  const ib = dayIndex(cal, b, 'b');
  return cal.cum[ib]! - cal.cum[ia]!;
}

/**
 * The last day of a limit of `n` calendar days (ngày, not ngày làm việc) triggered on `start`.
 *
 * The period starts the day after the trigger (Bộ luật Dân sự 91/2015/QH13 Art 147), so the last day is
 * `start + n`; if that day is not a working day (weekend, holiday, compensatory or swapped day), the limit
 * ends at the end of the next working day (Art 148). A make-up working Saturday is a working day here.
 *
 * @param start trigger date `YYYY-MM-DD`
 * @param n calendar days, integer ≥ 0 (`0`: `start` itself, rolled over the same way)
 * @returns the last day `YYYY-MM-DD` (always a working day); the limit ends at its 24:00
 * @throws CalendarInputError `INVALID_DATE`, `INVALID_NUMBER`, `OUT_OF_RANGE`
 * @example addCalendarDays(cal, '2026-03-27', 30) // '2026-04-28' (26/4 Sunday holiday, 27/4 compensatory)
 */
export function addCalendarDays(cal: CalendarSnapshot, start: IsoDate, n: number): IsoDate {
  const i0 = dayIndex(cal, start, 'start');
  if (!Number.isInteger(n) || n < 0) {
    throw invalidNumber('n', n, 'a non-negative integer number of days', 'số nguyên ngày không âm');
  }
  let i = i0 + n;
  const len = cal.working.length;
  while (i < len && cal.working[i] === 0) i++;
  if (i >= len) throw resultOutOfRange(cal);
  return cal.iso[i]!;
}

/**
 * The first working day on or after `date` (`date` itself when it is a working day).
 * @throws CalendarInputError `INVALID_DATE` | `OUT_OF_RANGE`
 */
export function workingDayOnOrAfter(cal: CalendarSnapshot, date: IsoDate): IsoDate {
  const i = dayIndex(cal, date, 'date');
  if (cal.working[i] === 1) return cal.iso[i]!;
  const k = cal.cum[i]!;
  if (k >= cal.workIdx.length) throw resultOutOfRange(cal);
  return cal.iso[cal.workIdx[k]!]!;
}

/** Default cut-off for same-day handling at the one-stop shop (ND 61/2018/NĐ-CP Art 18). */
export const DEFAULT_CUTOFF = '15:00';

/**
 * The day a dossier counts as received, applying the 15:00 cut-off of the one-stop shop.
 *
 * Nghị định 61/2018/NĐ-CP Art 18: a dossier received before the cut-off is transferred the same working
 * day; one received **after 15:00**, or on a day that is not a working day, counts as received on the next
 * working day. A limit of N working days then ends at the end of the N-th working day after this day:
 * `addWorkingDays(cal, effectiveStart(cal, receivedAt), N)`.
 *
 * @param receivedAt instant of receipt (`Date` or ISO string; read in Asia/Ho_Chi_Minh, UTC+7)
 * @param cutoff `HH:mm` (default `'15:00'`); receipt at exactly the cut-off counts as the same day; `null`
 *   disables the time cut-off (a non-working day still moves to the next working day)
 * @returns a working day `YYYY-MM-DD`
 * @throws CalendarInputError `INVALID_DATETIME`, `INVALID_TIME`, `OUT_OF_RANGE`
 * @example effectiveStart(cal, '2025-04-25T15:30:00+07:00') // '2025-04-26' (make-up Saturday)
 */
export function effectiveStart(
  cal: CalendarSnapshot,
  receivedAt: DateTimeInput,
  cutoff: string | null = DEFAULT_CUTOFF,
): IsoDate {
  const parts = hcmPartsOfMs(toEpochMs(receivedAt, 'receivedAt'));
  const cutoffMs = cutoff === null ? Infinity : parseTimeOfDay(cutoff, 'cutoff') * 60_000;
  const i = parts.dayNumber - cal.startDn;
  if (i < 0 || i >= cal.working.length) throw outOfRange(cal, 'receivedAt', formatDayNumber(parts.dayNumber));
  if (cal.working[i] === 1 && parts.msOfDay <= cutoffMs) return cal.iso[i]!;
  const k = cal.cum[i]!;
  if (k >= cal.workIdx.length) throw resultOutOfRange(cal);
  return cal.iso[cal.workIdx[k]!]!;
}

/** What a date is, for display: working or not, and the listed entries (holiday, compensatory …) on it. */
export interface DayInfo {
  date: IsoDate;
  working: boolean;
  /** 1 = Monday … 7 = Sunday */
  isoWeekday: number;
  weeklyRestDay: boolean;
  entries: readonly HolidayEntry[];
}

/**
 * Describes a date: working or not, weekly rest day or not, and the holiday entries on it.
 * @throws CalendarInputError `INVALID_DATE` | `OUT_OF_RANGE`
 */
export function describeDay(cal: CalendarSnapshot, date: IsoDate): DayInfo {
  const i = dayIndex(cal, date, 'date');
  const dn = cal.startDn + i;
  const wd = (((dn + 4) % 7) + 7) % 7;
  return {
    date: cal.iso[i]!,
    working: cal.working[i] === 1,
    isoWeekday: wd === 0 ? 7 : wd,
    weeklyRestDay: cal.weeklyRestDays.includes(wd),
    entries: cal.entriesByDay.get(dn) ?? [],
  };
}
