/**
 * Time limits as data, deadlines, and the dossier clock with pause / resume.
 *
 * A time limit is `{ amount, unit, cutoff }` (e.g. 10 working days, 15:00 cut-off); rule versions add a
 * key, a legal basis and `validFrom`/`validTo` so that a case keeps the version in force on the day it was
 * received ({@link timeLimitRuleFor}).
 */
import { CalendarInputError } from './errors.ts';
import {
  endOfDay,
  formatDayNumber,
  hcmPartsOfMs,
  invalidNumber,
  parseIsoDate,
  toEpochMs,
  type DateTimeInput,
  type IsoDate,
} from './dates.ts';
import { addCalendarDays, addWorkingDays, effectiveStart, workingDaysBetween } from './ops.ts';
import { addWorkingHours, workingHoursBetween, DEFAULT_OFFICE_HOURS, type OfficeHours } from './hours.ts';
import { ruleInForce, validateEffectiveDated, type EffectiveDated, type Verification } from './rules.ts';
import type { CalendarSnapshot } from './snapshot.ts';

/** Unit of a time limit: `ngày làm việc`, `ngày` (calendar days) or `giờ làm việc`. */
export type TimeLimitUnit = 'working_days' | 'calendar_days' | 'working_hours';

/** What a pause does to the clock: `restart` from zero on resume, or `stop` and continue on resume. */
export type PauseEffect = 'restart' | 'stop';

/** How a pause reason affects the clock (data, with its legal basis). */
export interface PauseRule {
  /** e.g. `'supplement'` (bổ sung hồ sơ), `'financial_obligation'`, `'other'`. */
  reason: string;
  effect: PauseEffect;
  legalBasis: string;
}

/** A time limit. */
export interface TimeLimit {
  amount: number;
  unit: TimeLimitUnit;
  /**
   * `HH:mm` cut-off: a trigger after it, or on a non-working day, counts from the next working day (ND
   * 61/2018 Art 18, one-stop shop). `null`: the trigger's own date is day 0 (Civil Code Art 147).
   * Ignored for `working_hours` (an hour limit starts at the moment of the trigger, Art 147 cl.1).
   */
  cutoff: string | null;
  /** Pause behaviour per reason; a reason not listed stops the clock. Default {@link DEFAULT_PAUSE_RULES}. */
  pauseRules?: readonly PauseRule[];
}

/** A versioned, sourced time-limit rule (a row). */
export interface TimeLimitRule extends TimeLimit, EffectiveDated {
  id: string;
  /** Stable key shared by the versions, e.g. `'complaint.acceptance'`. */
  key: string;
  name: string;
  nameEn: string;
  legalBasis: string;
  verification: Verification;
}

/** Pause behaviour of one-stop dossiers. */
export const DEFAULT_PAUSE_RULES: readonly PauseRule[] = Object.freeze([
  {
    reason: 'supplement',
    effect: 'restart',
    legalBasis:
      'Nghị định 61/2018/NĐ-CP Điều 19 khoản 4: thời hạn giải quyết được tính lại từ đầu sau khi nhận đủ hồ sơ ' +
      '(the time limit restarts from zero once the complete dossier is received)',
  },
  {
    reason: 'other',
    effect: 'stop',
    legalBasis: 'Thời gian tạm dừng không tính vào thời hạn (the paused time does not count); kernel default',
  },
]);

/**
 * Time limits shipped as data. Per-procedure limits of one-stop dossiers come from the procedure catalogue
 * (use `ONE_STOP_DOSSIER` as the template: 15:00 cut-off, supplement restarts the clock).
 */
export const DEFAULT_TIME_LIMIT_RULES: readonly TimeLimitRule[] = Object.freeze([
  {
    id: 'one_stop.transfer.nd61',
    key: 'one_stop.transfer',
    name: 'Chuyển hồ sơ đến cơ quan giải quyết',
    nameEn: 'Transfer of a dossier to the processing body',
    amount: 0,
    unit: 'working_days',
    cutoff: '15:00',
    legalBasis:
      'Nghị định 61/2018/NĐ-CP Điều 18 (trong ngày làm việc; sau 15 giờ thì chuyển trong ngày làm việc tiếp theo)',
    verification: 'V',
    validFrom: '2018-06-21',
    validTo: null,
  },
  {
    id: 'one_stop.supplement_notice.nd61',
    key: 'one_stop.supplement_notice',
    name: 'Trả hồ sơ yêu cầu bổ sung (Mẫu 02)',
    nameEn: 'Return of an incomplete dossier with a supplement request (Form 02)',
    amount: 3,
    unit: 'working_days',
    cutoff: null,
    legalBasis: 'Nghị định 61/2018/NĐ-CP Điều 19 khoản 4 (trong 03 ngày làm việc kể từ ngày tiếp nhận)',
    verification: 'V',
    validFrom: '2018-06-21',
    validTo: null,
  },
  {
    id: 'reception.response.ltcd2013',
    key: 'reception.response',
    name: 'Trả lời người đến tiếp công dân',
    nameEn: 'Answer to a visitor after citizen reception',
    amount: 10,
    unit: 'working_days',
    cutoff: null,
    legalBasis: 'Luật Tiếp công dân 42/2013/QH13 Điều 28',
    verification: 'V',
    validFrom: '2014-07-01',
    validTo: null,
  },
  {
    id: 'complaint.acceptance.lkn2011',
    key: 'complaint.acceptance',
    name: 'Thụ lý giải quyết khiếu nại',
    nameEn: 'Acceptance of a complaint',
    amount: 10,
    unit: 'working_days',
    cutoff: null,
    legalBasis: 'Luật Khiếu nại 02/2011/QH13 Điều 27 (10 ngày; hướng dẫn tính ngày làm việc)',
    verification: 'V',
    validFrom: '2012-07-01',
    validTo: '2026-06-30',
  },
  {
    id: 'complaint.acceptance.nd155-2026',
    key: 'complaint.acceptance',
    name: 'Thụ lý giải quyết khiếu nại',
    nameEn: 'Acceptance of a complaint',
    amount: 7,
    unit: 'working_days',
    cutoff: null,
    legalBasis:
      'Luật 136/2025/QH15; Nghị định 155/2026/NĐ-CP (07 ngày làm việc, từ 01/07/2026) — nguồn thứ cấp',
    verification: 'S',
    validFrom: '2026-07-01',
    validTo: null,
  },
  {
    id: 'complaint.resolution.first.lkn2011',
    key: 'complaint.resolution.first',
    name: 'Giải quyết khiếu nại lần đầu',
    nameEn: 'First-level resolution of a complaint',
    amount: 30,
    unit: 'calendar_days',
    cutoff: null,
    legalBasis: 'Luật Khiếu nại 02/2011/QH13 Điều 28 (≤ 30 ngày kể từ ngày thụ lý; phức tạp ≤ 45 ngày)',
    verification: 'V',
    validFrom: '2012-07-01',
    validTo: null,
  },
  {
    id: 'denunciation.intake.ltc2018',
    key: 'denunciation.intake',
    name: 'Tiếp nhận, phân loại, kiểm tra điều kiện thụ lý tố cáo',
    nameEn: 'Registering and checking a denunciation',
    amount: 7,
    unit: 'working_days',
    cutoff: null,
    legalBasis: 'Luật Tố cáo 25/2018/QH14 Điều 24',
    verification: 'V',
    validFrom: '2019-01-01',
    validTo: null,
  },
  {
    id: 'denunciation.resolution.ltc2018',
    key: 'denunciation.resolution',
    name: 'Giải quyết tố cáo',
    nameEn: 'Resolution of a denunciation',
    amount: 30,
    unit: 'calendar_days',
    cutoff: null,
    legalBasis: 'Luật Tố cáo 25/2018/QH14 Điều 30 (30 ngày kể từ ngày thụ lý; gia hạn theo luật)',
    verification: 'V',
    validFrom: '2019-01-01',
    validTo: null,
  },
]);

/**
 * Template for a one-stop dossier's processing limit: the amount and unit come from the procedure, the
 * 15:00 cut-off from ND 61/2018 Art 18, the supplement restart from Art 19 cl.4.
 * @example computeDeadline(cal, { ...ONE_STOP_DOSSIER, amount: 10 }, receivedAt)
 */
export const ONE_STOP_DOSSIER: TimeLimit = Object.freeze({
  amount: 0,
  unit: 'working_days',
  cutoff: '15:00',
  pauseRules: DEFAULT_PAUSE_RULES,
});

/**
 * The version of the time-limit rule `key` in force on the day of `receivedAt` (Asia/Ho_Chi_Minh).
 * @returns the rule, or `undefined` when no version is in force
 * @throws CalendarInputError `AMBIGUOUS_RULE`, `INVALID_DATE`, `INVALID_DATETIME`
 * @example timeLimitRuleFor('complaint.acceptance', '2026-06-30T10:00:00+07:00')?.amount // 10
 */
export function timeLimitRuleFor(
  key: string,
  receivedAt: DateTimeInput | IsoDate,
  rules: readonly TimeLimitRule[] = DEFAULT_TIME_LIMIT_RULES,
): TimeLimitRule | undefined {
  const versions = rules.filter((r) => r.key === key);
  versions.forEach((r, i) => validateEffectiveDated(r, `rules(${key})[${i}]`));
  return ruleInForce(versions, receivedAt instanceof Date ? receivedAt : String(receivedAt));
}

/** A computed deadline. */
export interface Deadline {
  /** Day 0 of the count (`working_days`/`calendar_days`), or the date of the trigger (`working_hours`). */
  startDate: IsoDate;
  /** The last day of the limit (Asia/Ho_Chi_Minh). */
  dueDate: IsoDate;
  /** The instant the limit ends: 24:00 of `dueDate` for day units, the exact instant for hours. */
  dueAt: Date;
}

function validateLimit(limit: TimeLimit): void {
  if (limit.unit !== 'working_days' && limit.unit !== 'calendar_days' && limit.unit !== 'working_hours') {
    throw new CalendarInputError(
      'INVALID_RULE',
      'limit.unit',
      `limit.unit: "${String(limit.unit)}" không hợp lệ`,
      `limit.unit: "${String(limit.unit)}" is not valid`,
    );
  }
  const ok =
    limit.unit === 'working_hours'
      ? Number.isFinite(limit.amount) && limit.amount >= 0
      : Number.isInteger(limit.amount) && limit.amount >= 0;
  if (!ok)
    throw invalidNumber(
      'limit.amount',
      limit.amount,
      'a non-negative amount (integer for days)',
      'số không âm (số nguyên nếu tính ngày)',
    );
}

function startDay(cal: CalendarSnapshot, limit: TimeLimit, at: number): IsoDate {
  if (limit.cutoff !== null && limit.unit !== 'working_hours')
    return effectiveStart(cal, new Date(at), limit.cutoff);
  return formatDayNumber(hcmPartsOfMs(at).dayNumber);
}

function dueFrom(
  cal: CalendarSnapshot,
  limit: TimeLimit,
  start: IsoDate,
  startMs: number,
  amount: number,
  oh: OfficeHours,
): { dueDate: IsoDate; dueAt: Date } {
  if (limit.unit === 'working_hours') {
    const dueAt = addWorkingHours(cal, new Date(startMs), amount, oh);
    return { dueDate: formatDayNumber(hcmPartsOfMs(dueAt.getTime()).dayNumber), dueAt };
  }
  const dueDate =
    limit.unit === 'working_days' ? addWorkingDays(cal, start, amount) : addCalendarDays(cal, start, amount);
  return { dueDate, dueAt: endOfDay(dueDate) };
}

/**
 * The deadline of a time limit triggered at `receivedAt`.
 *
 * - `working_days`: day 0 is `effectiveStart(receivedAt, cutoff)` when a cut-off is set (ND 61/2018 Art
 *   18), else the date of `receivedAt`; the limit ends at 24:00 of the `amount`-th working day after day 0
 *   (Civil Code 91/2015 Art 147, 148).
 * - `calendar_days`: last day = day 0 + `amount`, rolled to the next working day if it is not one (Art 148).
 * - `working_hours`: `amount` office hours from the instant of receipt (Art 147 cl.1).
 *
 * @throws CalendarInputError `INVALID_RULE`, `INVALID_NUMBER`, `INVALID_DATETIME`, `OUT_OF_RANGE`
 * @example computeDeadline(cal, { amount: 3, unit: 'working_days', cutoff: '15:00' }, '2025-04-25T16:00:00+07:00')
 *   // { startDate: '2025-04-26', dueDate: '2025-05-05', … }
 */
export function computeDeadline(
  cal: CalendarSnapshot,
  limit: TimeLimit,
  receivedAt: DateTimeInput,
  officeHours: OfficeHours = DEFAULT_OFFICE_HOURS,
): Deadline {
  validateLimit(limit);
  const at = toEpochMs(receivedAt, 'receivedAt');
  const startDate = startDay(cal, limit, at);
  return { startDate, ...dueFrom(cal, limit, startDate, at, limit.amount, officeHours) };
}

/** An event of a dossier's clock, in time order. */
export type ClockEvent =
  | { type: 'received'; at: DateTimeInput }
  | { type: 'paused'; at: DateTimeInput; reason: string }
  | { type: 'resumed'; at: DateTimeInput };

/** The clock after replaying its events. */
export interface ClockState {
  status: 'running' | 'paused';
  /** Day 0 of the current run (after the last receipt or resumption). */
  runStartDate: IsoDate;
  /** Units used before the current run (working days, days or office hours). */
  used: number;
  /** Units left for the current run (`amount − used`, ≥ 0). */
  remaining: number;
  /** Last day; `null` while paused. */
  dueDate: IsoDate | null;
  /** Instant the limit ends; `null` while paused. */
  dueAt: Date | null;
  /** Number of restarts from zero (supplements). */
  restarts: number;
  /** When paused: the pause instant and its reason. */
  pausedAt: Date | null;
  pauseReason: string | null;
}

function sequenceError(index: number, vi: string, en: string): CalendarInputError {
  return new CalendarInputError(
    'INVALID_EVENT_SEQUENCE',
    `events[${index}]`,
    `events[${index}]: ${vi}`,
    `events[${index}]: ${en}`,
  );
}

/**
 * Replays a dossier's clock: receipt, pauses and resumptions.
 *
 * - **Supplement** (`reason: 'supplement'`, effect `restart`): when the complete dossier arrives
 *   (`resumed`), the limit restarts from zero, counted like a new receipt (cut-off included) — ND 61/2018
 *   Art 19 cl.4.
 * - **Other pauses** (effect `stop`): the clock stops. Day units: the working (or calendar) days from day 0
 *   to the pause date count as used — the pause day included, since the clock ran that day; on resumption
 *   the resume day becomes the new day 0 (cut-off applied) and the remaining units are added. Hours: the
 *   office hours elapsed until the pause are used; the rest runs from the resumption instant. A pause on or
 *   after the deadline does not move it.
 *
 * @param limit amount, unit, cut-off and pause rules
 * @param events `received` first, then alternating `paused` / `resumed`, in time order
 * @throws CalendarInputError `INVALID_EVENT_SEQUENCE`, `INVALID_DATETIME`, `INVALID_RULE`, `INVALID_NUMBER`,
 *   `OUT_OF_RANGE`
 */
export function computeClock(
  cal: CalendarSnapshot,
  limit: TimeLimit,
  events: readonly ClockEvent[],
  officeHours: OfficeHours = DEFAULT_OFFICE_HOURS,
): ClockState {
  validateLimit(limit);
  const pauseRules = limit.pauseRules ?? DEFAULT_PAUSE_RULES;
  if (!Array.isArray(events) || events.length === 0 || events[0]?.type !== 'received') {
    throw sequenceError(
      0,
      'sự kiện đầu tiên phải là tiếp nhận (received)',
      'the first event must be "received"',
    );
  }
  let lastMs = -Infinity;
  let runStartMs = 0;
  let runStartDate = '';
  let used = 0;
  let restarts = 0;
  let due: { dueDate: IsoDate; dueAt: Date } | null = null;
  let lastDue: { dueDate: IsoDate; dueAt: Date } | null = null;
  let paused: { at: number; reason: string; effect: PauseEffect } | null = null;

  events.forEach((ev, i) => {
    const at = toEpochMs(ev.at, `events[${i}].at`);
    if (at < lastMs)
      throw sequenceError(i, 'sự kiện không theo thứ tự thời gian', 'events are not in time order');
    lastMs = at;
    if (ev.type === 'received') {
      if (i !== 0) throw sequenceError(i, 'chỉ được tiếp nhận một lần', '"received" may only come first');
      runStartMs = at;
      runStartDate = startDay(cal, limit, at);
      due = dueFrom(cal, limit, runStartDate, runStartMs, limit.amount, officeHours);
      lastDue = due;
    } else if (ev.type === 'paused') {
      if (paused) throw sequenceError(i, 'đồng hồ đang tạm dừng', 'the clock is already paused');
      const effect = pauseRules.find((r) => r.reason === ev.reason)?.effect ?? 'stop';
      if (effect === 'stop') {
        let spent: number;
        if (limit.unit === 'working_hours')
          spent = workingHoursBetween(cal, new Date(runStartMs), new Date(at), officeHours);
        else {
          const pauseDate = formatDayNumber(hcmPartsOfMs(at).dayNumber);
          spent =
            limit.unit === 'working_days'
              ? workingDaysBetween(cal, runStartDate, pauseDate)
              : parseIsoDate(pauseDate, 'pauseDate') - parseIsoDate(runStartDate, 'runStartDate');
        }
        used += Math.max(0, spent);
      }
      paused = { at, reason: ev.reason, effect };
      due = null;
    } else if (ev.type === 'resumed') {
      if (!paused) throw sequenceError(i, 'đồng hồ không tạm dừng', 'the clock is not paused');
      const restart = paused.effect === 'restart';
      if (restart) {
        used = 0;
        restarts++;
      }
      paused = null;
      runStartMs = at;
      runStartDate = startDay(cal, limit, at);
      const left = limit.amount - used;
      if (restart || left > 0) {
        due = dueFrom(cal, limit, runStartDate, runStartMs, left, officeHours);
        lastDue = due;
      } else {
        due = lastDue;
      }
    } else {
      throw sequenceError(i, 'loại sự kiện không hợp lệ', 'unknown event type');
    }
  });

  const state = due as { dueDate: IsoDate; dueAt: Date } | null;
  const p = paused as { at: number; reason: string; effect: PauseEffect } | null;
  return {
    status: p ? 'paused' : 'running',
    runStartDate,
    used,
    remaining: Math.max(0, limit.amount - used),
    dueDate: state ? state.dueDate : null,
    dueAt: state ? state.dueAt : null,
    restarts,
    pausedAt: p ? new Date(p.at) : null,
    pauseReason: p ? p.reason : null,
  };
}
