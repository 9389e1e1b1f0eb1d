/**
 * Yearly official holiday schedules (lịch nghỉ lễ, tết chính thức) as data.
 *
 * Each year the Prime Minister (through the Government Office, on the labour / home-affairs ministry's
 * proposal) fixes the exact days off for civil servants: the Tết days, the second National Day, swapped
 * days (hoán đổi) with their make-up working Saturdays (làm bù), and compensatory days (nghỉ bù). A schedule
 * is one such decision for one or more holidays of one year; when a **verified** schedule exists for a
 * (year, holiday) it replaces the rule-derived days of that holiday in that year. Unverified schedules are
 * kept but never applied until an admin confirms them ({@link verifySchedule}).
 *
 * Shaped as rows: `calendar_schedules` (one per schedule) + `calendar_schedule_days` (one per day).
 */
import { CalendarInputError } from './errors.ts';
import { parseIsoDate, weekdayOfDayNumber, type IsoDate } from './dates.ts';
import {
  validateEffectiveDated,
  validateLegalDocument,
  type EffectiveDated,
  type HolidayKey,
  type LegalDocumentRef,
} from './rules.ts';

/**
 * Kind of a special calendar day.
 * - `holiday` — a statutory holiday (ngày nghỉ lễ, tết), listed even when it falls on a weekend;
 * - `compensatory` — nghỉ bù: a working day off because a holiday fell on the weekly rest day (Labour Code Art 111 cl.3);
 * - `swapped_off` — nghỉ hoán đổi: a working day made a day off by the PM's swap;
 * - `makeup_working` — làm bù: a weekly rest day (Saturday) made a working day in exchange.
 */
export type CalendarDayKind = 'holiday' | 'compensatory' | 'swapped_off' | 'makeup_working';

export const CALENDAR_DAY_KINDS: readonly CalendarDayKind[] = [
  'holiday',
  'compensatory',
  'swapped_off',
  'makeup_working',
];

/** One day of an official schedule (a `calendar_schedule_days` row). */
export interface ScheduleDay {
  date: IsoDate;
  kind: CalendarDayKind;
  /** The holiday this day belongs to; must be one of the schedule's `holidays`. */
  holiday: HolidayKey;
  note?: string | null;
}

/**
 * One official decision on days off (a `calendar_schedules` row).
 *
 * Precedence: among verified `replace` schedules in force (see `validFrom`/`validTo`) that cover the same
 * (year, holiday), the one with the latest `validFrom` wins — enter an amending dispatch as a new schedule
 * rather than editing the old one. Verified `add` schedules in force are all applied.
 */
export interface HolidaySchedule extends EffectiveDated {
  id: string;
  /** The holiday's year (the 2019 New Year schedule has a day off on 2018-12-31 but `year: 2019`). */
  year: number;
  /** Holidays whose days this schedule fixes for `year`, e.g. `['reunification', 'labour']`. */
  holidays: HolidayKey[];
  /**
   * `replace`: the full announced break — its days replace the rule-derived days of `holidays` in `year`.
   * `add`: only a swap (or an extra day) is known — its days are added on top of the rule-derived days.
   */
  mode: 'replace' | 'add';
  name: string;
  nameEn: string;
  /** The announced continuous break including weekends, when known (informational). */
  period: { from: IsoDate; to: IsoDate } | null;
  /** Every special day: statutory days (weekends included), compensatory, swapped and make-up days. */
  days: ScheduleDay[];
  /** Only verified schedules are applied. */
  verified: boolean;
  /** The deciding document (e.g. Công văn 6519/VPCP-KGVX of 2018-07-11), when known. */
  legalDocument: LegalDocumentRef | null;
  /** Who the schedule binds (civil servants of bodies resting on Saturday and Sunday). */
  appliesTo: string | null;
  /** Where the fact comes from (free text), and a link. */
  source: string;
  sourceUrl: string | null;
}

function scheduleError(
  code: 'INVALID_SCHEDULE' | 'SCHEDULE_CONFLICT',
  field: string,
  vi: string,
  en: string,
) {
  return new CalendarInputError(code, field, `${field}: ${vi}`, `${field}: ${en}`);
}

/**
 * Validates a schedule row: dates, kinds, a make-up working day on the weekly rest day, compensatory and
 * swapped days on working weekdays, each day's holiday among `holidays`, no date listed twice with
 * conflicting kinds.
 * @param weeklyRestDays days of the week that are rest days, 0 = Sunday … 6 = Saturday (default Sat, Sun)
 * @throws CalendarInputError `INVALID_SCHEDULE` / `SCHEDULE_CONFLICT` / `INVALID_DATE` / `INVALID_RULE`
 */
export function validateSchedule(
  s: HolidaySchedule,
  field = 'schedule',
  weeklyRestDays: readonly number[] = [6, 0],
): void {
  if (typeof s.id !== 'string' || s.id === '') {
    throw scheduleError('INVALID_SCHEDULE', `${field}.id`, 'thiếu mã lịch nghỉ', 'missing id');
  }
  if (!Number.isInteger(s.year) || s.year < 1900 || s.year > 2200) {
    throw scheduleError('INVALID_SCHEDULE', `${field}.year`, 'năm không hợp lệ', 'invalid year');
  }
  if (!Array.isArray(s.holidays) || s.holidays.length === 0) {
    throw scheduleError(
      'INVALID_SCHEDULE',
      `${field}.holidays`,
      'phải nêu ít nhất một ngày lễ',
      'must name at least one holiday',
    );
  }
  if (s.mode !== 'replace' && s.mode !== 'add') {
    throw scheduleError(
      'INVALID_SCHEDULE',
      `${field}.mode`,
      'mode phải là replace hoặc add',
      'mode must be replace or add',
    );
  }
  if (typeof s.verified !== 'boolean') {
    throw scheduleError(
      'INVALID_SCHEDULE',
      `${field}.verified`,
      'verified phải là true/false',
      'verified must be a boolean',
    );
  }
  validateEffectiveDated(s, field);
  if (s.legalDocument !== null) validateLegalDocument(s.legalDocument, `${field}.legalDocument`);
  if (s.period !== null) {
    const a = parseIsoDate(s.period.from, `${field}.period.from`);
    const b = parseIsoDate(s.period.to, `${field}.period.to`);
    if (a > b)
      throw scheduleError(
        'INVALID_SCHEDULE',
        `${field}.period`,
        'khoảng nghỉ ngược',
        'period ends before it starts',
      );
  }
  if (!Array.isArray(s.days)) {
    throw scheduleError('INVALID_SCHEDULE', `${field}.days`, 'days phải là danh sách', 'days must be a list');
  }
  const seen = new Map<string, CalendarDayKind>();
  s.days.forEach((d, j) => {
    const f = `${field}.days[${j}]`;
    const dn = parseIsoDate(d.date, `${f}.date`);
    if (!CALENDAR_DAY_KINDS.includes(d.kind)) {
      throw scheduleError(
        'INVALID_SCHEDULE',
        `${f}.kind`,
        `loại ngày "${String(d.kind)}" không hợp lệ`,
        `unknown kind "${String(d.kind)}"`,
      );
    }
    if (!s.holidays.includes(d.holiday)) {
      throw scheduleError(
        'INVALID_SCHEDULE',
        `${f}.holiday`,
        `ngày lễ "${String(d.holiday)}" không thuộc lịch này`,
        `holiday "${String(d.holiday)}" is not one of the schedule's holidays`,
      );
    }
    const rest = weeklyRestDays.includes(weekdayOfDayNumber(dn));
    if (d.kind === 'makeup_working' && !rest) {
      throw scheduleError(
        'INVALID_SCHEDULE',
        `${f}.date`,
        `ngày làm bù ${d.date} không phải ngày nghỉ hằng tuần`,
        `make-up working day ${d.date} is not a weekly rest day`,
      );
    }
    if ((d.kind === 'compensatory' || d.kind === 'swapped_off') && rest) {
      throw scheduleError(
        'INVALID_SCHEDULE',
        `${f}.date`,
        `ngày nghỉ bù/hoán đổi ${d.date} rơi vào ngày nghỉ hằng tuần`,
        `compensatory/swapped day ${d.date} falls on a weekly rest day`,
      );
    }
    const prev = seen.get(d.date);
    if (prev !== undefined && (prev === 'makeup_working') !== (d.kind === 'makeup_working')) {
      throw scheduleError(
        'SCHEDULE_CONFLICT',
        `${f}.date`,
        `ngày ${d.date} vừa là ngày nghỉ vừa là ngày làm bù`,
        `${d.date} is both a day off and a make-up working day`,
      );
    }
    seen.set(d.date, d.kind);
  });
}

/**
 * Admin action: confirm a schedule (e.g. after reading the Government Office dispatch). Returns a new
 * schedule with `verified: true` and the document; the input is not changed.
 * @throws CalendarInputError `INVALID_RULE` when the document number is missing
 */
export function verifySchedule(
  s: HolidaySchedule,
  change: { legalDocument: LegalDocumentRef; validFrom?: IsoDate | null },
): HolidaySchedule {
  validateLegalDocument(change.legalDocument, 'legalDocument');
  const next: HolidaySchedule = {
    ...s,
    verified: true,
    legalDocument: { ...change.legalDocument },
    validFrom: change.validFrom === undefined ? s.validFrom : change.validFrom,
    days: s.days.map((d) => ({ ...d })),
    holidays: [...s.holidays],
  };
  validateSchedule(next, 'schedule');
  return next;
}
