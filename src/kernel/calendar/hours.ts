/**
 * Office hours (giờ hành chính) per agency, and limits counted in working hours.
 *
 * Which days are worked comes from the calendar snapshot (so make-up Saturdays count and holidays do not);
 * which hours of those days are worked comes from {@link OfficeHours}, which may differ by season (e.g. a
 * summer timetable) and by weekday.
 */
import { CalendarInputError } from './errors.ts';
import {
  DAY_MS,
  civilFromDayNumber,
  hcmPartsOfMs,
  invalidNumber,
  msOfHcm,
  parseTimeOfDay,
  toEpochMs,
  weekdayOfDayNumber,
  type DateTimeInput,
} from './dates.ts';
import type { EffectiveDated } from './rules.ts';
import type { CalendarSnapshot } from './snapshot.ts';

/** A span of the working day, `HH:mm`–`HH:mm` (Asia/Ho_Chi_Minh), end exclusive. */
export interface TimeInterval {
  start: string;
  end: string;
}

/** Office hours of a season: the days of the year `from`–`to` (`MM-DD`, inclusive; may wrap over New Year). */
export interface OfficeHoursSeason {
  name: string;
  nameEn: string;
  from: string;
  to: string;
  /** Hours of every working day in the season (make-up Saturdays included). */
  intervals: TimeInterval[];
  /** Hours for particular ISO weekdays (`'1'` = Monday … `'7'` = Sunday), overriding `intervals`. */
  byWeekday?: Partial<Record<string, TimeInterval[]>>;
}

/**
 * Office hours of an agency (a row, editable by admins). Versions can be effective-dated (pick one with
 * `ruleInForce(versions, date)`). The first season that contains a day gives its hours; together the
 * seasons must cover every day of the year.
 */
export interface OfficeHours extends EffectiveDated {
  id: string;
  /** The agency (org unit) these hours belong to; `null` for the province-wide default. */
  agencyId: string | null;
  name: string;
  nameEn: string;
  seasons: OfficeHoursSeason[];
}

/** Default office hours: Monday–Friday (and make-up Saturdays) 07:30–11:30 and 13:30–17:00. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = Object.freeze({
  id: 'default',
  agencyId: null,
  name: 'Giờ hành chính mặc định',
  nameEn: 'Default office hours',
  validFrom: null,
  validTo: null,
  seasons: [
    {
      name: 'Cả năm',
      nameEn: 'All year',
      from: '01-01',
      to: '12-31',
      intervals: [
        { start: '07:30', end: '11:30' },
        { start: '13:30', end: '17:00' },
      ],
    },
  ],
}) as OfficeHours;

interface CompiledSeason {
  from: number; // month*100 + day
  to: number;
  intervals: Int32Array; // [start, end, start, end, …] in ms since midnight
  byWeekday: (Int32Array | undefined)[]; // index 1..7
}

const compiled = new WeakMap<OfficeHours, CompiledSeason[]>();

function ohError(field: string, vi: string, en: string): CalendarInputError {
  return new CalendarInputError('INVALID_OFFICE_HOURS', field, `${field}: ${vi}`, `${field}: ${en}`);
}

function parseMonthDay(value: unknown, field: string): number {
  const m = typeof value === 'string' ? /^(\d{2})-(\d{2})$/.exec(value) : null;
  const mo = m ? Number(m[1]) : 0;
  const d = m ? Number(m[2]) : 0;
  const max = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] ?? 0;
  if (!m || d < 1 || d > max)
    throw ohError(
      field,
      `${String(value)} không phải ngày dạng MM-DD`,
      `${String(value)} is not an MM-DD day`,
    );
  return mo * 100 + d;
}

function compileIntervals(list: unknown, field: string): Int32Array {
  if (!Array.isArray(list))
    throw ohError(field, 'phải là danh sách khung giờ', 'must be a list of intervals');
  const out = new Int32Array(list.length * 2);
  let prevEnd = -1;
  (list as TimeInterval[]).forEach((iv, j) => {
    const s = parseTimeOfDay(iv?.start, `${field}[${j}].start`) * 60_000;
    const e = parseTimeOfDay(iv?.end, `${field}[${j}].end`) * 60_000;
    if (e <= s)
      throw ohError(`${field}[${j}]`, 'giờ kết thúc phải sau giờ bắt đầu', 'end must be after start');
    if (s < prevEnd)
      throw ohError(
        `${field}[${j}]`,
        'các khung giờ phải tăng dần, không chồng nhau',
        'intervals must be sorted and not overlap',
      );
    prevEnd = e;
    out[2 * j] = s;
    out[2 * j + 1] = e;
  });
  return out;
}

/**
 * Validates office hours: `HH:mm` times, sorted non-overlapping intervals, `MM-DD` season bounds, every
 * day of the year covered by a season. Compiled once per object (cached).
 * @throws CalendarInputError `INVALID_OFFICE_HOURS` | `INVALID_TIME`
 */
export function validateOfficeHours(oh: OfficeHours): void {
  compile(oh);
}

function compile(oh: OfficeHours): CompiledSeason[] {
  const hit = compiled.get(oh);
  if (hit) return hit;
  if (!oh || !Array.isArray(oh.seasons) || oh.seasons.length === 0) {
    throw ohError('officeHours.seasons', 'cần ít nhất một mùa', 'at least one season is required');
  }
  const seasons = oh.seasons.map((s, i): CompiledSeason => {
    const f = `officeHours.seasons[${i}]`;
    const byWeekday: (Int32Array | undefined)[] = [];
    for (const [k, v] of Object.entries(s.byWeekday ?? {})) {
      const wd = Number(k);
      if (!Number.isInteger(wd) || wd < 1 || wd > 7)
        throw ohError(`${f}.byWeekday`, `thứ "${k}" không hợp lệ (1–7)`, `weekday "${k}" is not 1–7`);
      if (v) byWeekday[wd] = compileIntervals(v, `${f}.byWeekday.${k}`);
    }
    return {
      from: parseMonthDay(s.from, `${f}.from`),
      to: parseMonthDay(s.to, `${f}.to`),
      intervals: compileIntervals(s.intervals, `${f}.intervals`),
      byWeekday,
    };
  });
  // Every day of a leap year must fall in some season.
  for (let m = 1; m <= 12; m++) {
    const max = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
    for (let d = 1; d <= max; d++) {
      if (!seasonOf(seasons, m * 100 + d)) {
        throw ohError(
          'officeHours.seasons',
          `ngày ${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')} không thuộc mùa nào`,
          `day ${m}-${d} is in no season`,
        );
      }
    }
  }
  compiled.set(oh, seasons);
  return seasons;
}

function seasonOf(seasons: CompiledSeason[], md: number): CompiledSeason | undefined {
  for (const s of seasons) {
    if (s.from <= s.to ? md >= s.from && md <= s.to : md >= s.from || md <= s.to) return s;
  }
  return undefined;
}

/** Office intervals (ms since midnight, flat pairs) of a working day number. */
function intervalsOf(seasons: CompiledSeason[], dn: number): Int32Array {
  const [, m, d] = civilFromDayNumber(dn);
  const s = seasonOf(seasons, m * 100 + d)!;
  const wd = weekdayOfDayNumber(dn);
  return s.byWeekday[wd === 0 ? 7 : wd] ?? s.intervals;
}

function checkDay(cal: CalendarSnapshot, dn: number, field: string): number {
  const i = dn - cal.startDn;
  if (i < 0 || i >= cal.working.length) {
    throw new CalendarInputError(
      'OUT_OF_RANGE',
      field,
      `${field}: nằm ngoài phạm vi lịch (${cal.firstDate} – ${cal.lastDate})`,
      `${field}: outside the calendar (${cal.firstDate} – ${cal.lastDate})`,
    );
  }
  return i;
}

/**
 * The instant at which `hours` of office time have elapsed after `start`.
 *
 * A limit in hours starts at the moment of the trigger (Bộ luật Dân sự 91/2015/QH13 Art 147 cl.1) and only
 * office hours of working days count (weekends, holidays, compensatory and swapped days are skipped;
 * make-up Saturdays count with the season's hours). Outside office hours the clock waits for the next
 * interval. A result exactly at the end of an interval is returned as that end (e.g. 11:30, not 13:30).
 *
 * @param start instant (`Date` / ISO string, read in Asia/Ho_Chi_Minh, UTC+7)
 * @param hours office hours, finite, ≥ 0, fractions allowed (rounded to the millisecond)
 * @param officeHours the agency's office hours (default 07:30–11:30, 13:30–17:00)
 * @returns the instant as a `Date`
 * @throws CalendarInputError `INVALID_DATETIME`, `INVALID_NUMBER`, `INVALID_OFFICE_HOURS`, `OUT_OF_RANGE`
 * @example addWorkingHours(cal, '2026-02-13T16:00:00+07:00', 2) // 2026-02-23T08:30+07:00 (Tết in between)
 */
export function addWorkingHours(
  cal: CalendarSnapshot,
  start: DateTimeInput,
  hours: number,
  officeHours: OfficeHours = DEFAULT_OFFICE_HOURS,
): Date {
  const t0 = toEpochMs(start, 'start');
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0) {
    throw invalidNumber('hours', hours, 'a finite number of hours ≥ 0', 'số giờ hữu hạn ≥ 0');
  }
  const seasons = compile(officeHours);
  let remaining = Math.round(hours * 3_600_000);
  const p = hcmPartsOfMs(t0);
  checkDay(cal, p.dayNumber, 'start');
  if (remaining === 0) return new Date(t0);
  let dn = p.dayNumber;
  let cursor = p.msOfDay;
  for (;;) {
    const i = checkDay(cal, dn, 'hours');
    if (cal.working[i] === 1) {
      const iv = intervalsOf(seasons, dn);
      for (let j = 0; j < iv.length; j += 2) {
        const from = Math.max(iv[j]!, cursor);
        const avail = iv[j + 1]! - from;
        if (avail <= 0) continue;
        if (remaining <= avail) return new Date(msOfHcm(dn, from + remaining));
        remaining -= avail;
      }
    }
    dn++;
    cursor = 0;
  }
}

/**
 * Office hours elapsed between two instants (negative when `b` is before `a`).
 *
 * @param a,b instants (`Date` / ISO string, Asia/Ho_Chi_Minh)
 * @returns hours (fractional), counting only office intervals of working days
 * @throws CalendarInputError `INVALID_DATETIME`, `INVALID_OFFICE_HOURS`, `OUT_OF_RANGE`
 */
export function workingHoursBetween(
  cal: CalendarSnapshot,
  a: DateTimeInput,
  b: DateTimeInput,
  officeHours: OfficeHours = DEFAULT_OFFICE_HOURS,
): number {
  const ta = toEpochMs(a, 'a');
  const tb = toEpochMs(b, 'b');
  if (tb < ta) return -workingHoursBetween(cal, b, a, officeHours);
  const seasons = compile(officeHours);
  const pa = hcmPartsOfMs(ta);
  const pb = hcmPartsOfMs(tb);
  checkDay(cal, pa.dayNumber, 'a');
  checkDay(cal, pb.dayNumber, 'b');
  let total = 0;
  for (let dn = pa.dayNumber; dn <= pb.dayNumber; dn++) {
    if (cal.working[dn - cal.startDn] !== 1) continue;
    const lo = dn === pa.dayNumber ? pa.msOfDay : 0;
    const hi = dn === pb.dayNumber ? pb.msOfDay : DAY_MS;
    const iv = intervalsOf(seasons, dn);
    for (let j = 0; j < iv.length; j += 2) {
      const s = Math.max(iv[j]!, lo);
      const e = Math.min(iv[j + 1]!, hi);
      if (e > s) total += e - s;
    }
  }
  return total / 3_600_000;
}
