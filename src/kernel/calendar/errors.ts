/**
 * Typed input errors of the calendar kernel.
 *
 * Every function of the kernel that receives bad input throws a {@link CalendarInputError} with a
 * machine-readable `code`, the name of the offending `field` (dotted path for nested data, e.g.
 * `schedules[3].days[0].date`), a Vietnamese `message` and an English `messageEn`. The HTTP layer maps it
 * to a 400 response without parsing the text.
 */

/** Machine codes of {@link CalendarInputError}. */
export type CalendarErrorCode =
  /** Not a `YYYY-MM-DD` calendar date (wrong shape, month 13, 30 February …). */
  | 'INVALID_DATE'
  /** Not a valid instant (`Date` that is NaN, or a string that is not ISO 8601). */
  | 'INVALID_DATETIME'
  /** Not an `HH:mm` time of day. */
  | 'INVALID_TIME'
  /** A count or amount that is not a finite number / integer, or is outside the allowed sign. */
  | 'INVALID_NUMBER'
  /** A date or a result outside the years covered by the calendar snapshot (or by the lunar tables). */
  | 'OUT_OF_RANGE'
  /** An official holiday schedule that is inconsistent (day kind on the wrong weekday, unknown kind …). */
  | 'INVALID_SCHEDULE'
  /** Two schedules or two schedule days claim the same thing with equal precedence. */
  | 'SCHEDULE_CONFLICT'
  /** A holiday rule or time-limit rule that is malformed (validFrom after validTo, bad anchor …). */
  | 'INVALID_RULE'
  /** More than one enabled version of a rule is in force on the same date. */
  | 'AMBIGUOUS_RULE'
  /** Office-hours configuration that is malformed or does not cover every day of the year. */
  | 'INVALID_OFFICE_HOURS'
  /** Dossier clock events in an impossible order (resume without pause, event before receipt …). */
  | 'INVALID_EVENT_SEQUENCE';

/**
 * Thrown for invalid input to any calendar function.
 *
 * @example
 * try { addWorkingDays(cal, '2026-02-30', 3) } catch (e) {
 *   if (e instanceof CalendarInputError) console.log(e.code, e.field); // 'INVALID_DATE' 'start'
 * }
 */
export class CalendarInputError extends Error {
  override readonly name = 'CalendarInputError';
  readonly code: CalendarErrorCode;
  readonly field: string;
  /** English text of the error (`message` is Vietnamese). */
  readonly messageEn: string;

  constructor(code: CalendarErrorCode, field: string, message: string, messageEn: string) {
    super(message);
    this.code = code;
    this.field = field;
    this.messageEn = messageEn;
  }

  /** Plain object for logs and API responses. */
  toJSON(): { code: CalendarErrorCode; field: string; message: string; messageEn: string } {
    return { code: this.code, field: this.field, message: this.message, messageEn: this.messageEn };
  }
}
