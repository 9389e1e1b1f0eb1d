/**
 * Working-day calendar kernel (lịch ngày làm việc) — the one calendar every module uses for deadlines.
 *
 * Pure functions over an immutable {@link CalendarSnapshot}. Build a snapshot from the calendar data
 * (statutory holiday rules, official yearly schedules, weekly rest days) with {@link buildCalendar}, and
 * rebuild it whenever an admin changes that data. Dates are `YYYY-MM-DD` in Asia/Ho_Chi_Minh; instants are
 * `Date`s or ISO strings converted to Asia/Ho_Chi_Minh (UTC+7, no DST). Invalid input throws
 * {@link CalendarInputError} (`code`, `field`, `message`, `messageEn`).
 *
 * @example
 * import { buildCalendar, addWorkingDays, effectiveStart } from '../kernel/calendar/index.ts';
 * const cal = buildCalendar();
 * const due = addWorkingDays(cal, effectiveStart(cal, receivedAt), 10);
 *
 * Legal sources: Bộ luật Dân sự 91/2015/QH13 Art 147–148 (counting), Bộ luật Lao động 45/2019/QH14
 * Art 111–112 (holidays, compensatory days), Nghị định 61/2018/NĐ-CP Art 18–19 (15:00 cut-off, supplement
 * restart). See docs/calendar.md.
 */
export { CalendarInputError, type CalendarErrorCode } from './errors.ts';
export {
  DAY_MS,
  HCM_OFFSET_MS,
  daysBetween,
  endOfDay,
  hcmDateTime,
  isIsoDate,
  isoWeekday,
  shiftDate,
  toHcmDate,
  type DateTimeInput,
  type IsoDate,
} from './dates.ts';
export {
  hungKingsDay,
  lunarDayLabel,
  lunarNewYear,
  lunarNewYearsEve,
  lunarToSolar,
  solarToLunar,
  type LunarDate,
} from './lunar.ts';
export {
  DEFAULT_HOLIDAY_RULES,
  HOLIDAY_NAMES,
  assertNoOverlap,
  disableHolidayRule,
  enableHolidayRule,
  isInForce,
  ruleInForce,
  validateEffectiveDated,
  validateHolidayRule,
  validateLegalDocument,
  type EffectiveDated,
  type HolidayKey,
  type HolidayRule,
  type KnownHolidayKey,
  type LegalDocumentRef,
  type Verification,
} from './rules.ts';
export {
  CALENDAR_DAY_KINDS,
  validateSchedule,
  verifySchedule,
  type CalendarDayKind,
  type HolidaySchedule,
  type ScheduleDay,
} from './schedule.ts';
export {
  SEED_FILE,
  classifyScheduleDays,
  holidayKeysOfTitle,
  legalDocumentOfNote,
  parseSeedSchedules,
  seedEntries,
  seedPendingLawChanges,
  seedSchedules,
  type DaySwapSeedEntry,
} from './seed.ts';
export {
  DEFAULT_FROM_YEAR,
  DEFAULT_TO_YEAR,
  MAX_CALENDAR_YEAR,
  MIN_CALENDAR_YEAR,
  buildCalendar,
  defaultCalendar,
  listHolidays,
  type CalendarOptions,
  type CalendarSnapshot,
  type HolidayEntry,
  type HolidayOrigin,
  type IgnoredSchedule,
} from './snapshot.ts';
export {
  DEFAULT_CUTOFF,
  addCalendarDays,
  addWorkingDays,
  describeDay,
  effectiveStart,
  isWorkingDay,
  workingDayOnOrAfter,
  workingDaysBetween,
  type DayInfo,
} from './ops.ts';
export {
  DEFAULT_OFFICE_HOURS,
  addWorkingHours,
  validateOfficeHours,
  workingHoursBetween,
  type OfficeHours,
  type OfficeHoursSeason,
  type TimeInterval,
} from './hours.ts';
export {
  DEFAULT_PAUSE_RULES,
  DEFAULT_TIME_LIMIT_RULES,
  ONE_STOP_DOSSIER,
  computeClock,
  computeDeadline,
  timeLimitRuleFor,
  type ClockEvent,
  type ClockState,
  type Deadline,
  type PauseEffect,
  type PauseRule,
  type TimeLimit,
  type TimeLimitRule,
  type TimeLimitUnit,
} from './clock.ts';
