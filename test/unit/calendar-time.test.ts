/**
 * Instants in Asia/Ho_Chi_Minh, the 15:00 cut-off, office hours and limits in working hours, input errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CalendarInputError,
  DEFAULT_OFFICE_HOURS,
  addCalendarDays,
  addWorkingDays,
  addWorkingHours,
  buildCalendar,
  effectiveStart,
  endOfDay,
  hcmDateTime,
  listHolidays,
  toHcmDate,
  validateOfficeHours,
  workingDaysBetween,
  workingHoursBetween,
  type OfficeHours,
} from '../../src/kernel/calendar/index.ts';

const cal = buildCalendar();

function throwsCode(fn: () => unknown, code: string, field?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof CalendarInputError, `not a CalendarInputError: ${String(e)}`);
    assert.equal(e.code, code);
    if (field !== undefined) assert.equal(e.field, field);
    assert.ok(e.message.length > 0 && e.messageEn.length > 0);
    return true;
  });
}

test('instants are read in Asia/Ho_Chi_Minh (UTC+7), whatever the server time zone', () => {
  assert.equal(toHcmDate('2025-12-31T17:30:00Z'), '2026-01-01');
  assert.equal(toHcmDate('2025-12-31T16:59:59Z'), '2025-12-31');
  assert.equal(toHcmDate(new Date(Date.UTC(2026, 5, 30, 17, 0, 0))), '2026-07-01');
  assert.equal(toHcmDate('2026-07-01T00:30:00+09:00'), '2026-06-30');
  // No offset: Hồ Chí Minh wall time.
  assert.equal(hcmDateTime('2026-03-02', '15:00').toISOString(), '2026-03-02T08:00:00.000Z');
  assert.equal(
    new Date(addWorkingHours(cal, '2026-03-02T15:00', 0)).toISOString(),
    '2026-03-02T08:00:00.000Z',
  );
  assert.equal(endOfDay('2026-03-02').toISOString(), '2026-03-02T17:00:00.000Z');
});

test('15:00 cut-off (ND 61/2018 Art 18): at 15:00 same day, after 15:00 next working day', () => {
  assert.equal(effectiveStart(cal, '2026-03-02T14:59:59+07:00'), '2026-03-02');
  assert.equal(effectiveStart(cal, '2026-03-02T15:00:00+07:00'), '2026-03-02');
  assert.equal(effectiveStart(cal, '2026-03-02T15:00:01+07:00'), '2026-03-03');
  assert.equal(effectiveStart(cal, '2026-03-02T08:30:00Z'), '2026-03-03', '08:30Z = 15:30 in Hà Nội');
  assert.equal(effectiveStart(cal, '2026-03-06T16:00:00+07:00'), '2026-03-09', 'Friday evening → Monday');
  assert.equal(
    effectiveStart(cal, '2025-04-29T16:00:00+07:00'),
    '2025-05-05',
    'over 30/4–1/5 and the swapped 2/5',
  );
  assert.equal(effectiveStart(cal, '2025-12-31T17:30:00Z'), '2026-01-02', '00:30 on New Year’s Day');
  assert.equal(
    effectiveStart(cal, '2026-03-02T16:00:00+07:00', '16:30'),
    '2026-03-02',
    'configurable cut-off',
  );
  assert.equal(effectiveStart(cal, '2026-03-02T23:00:00+07:00', null), '2026-03-02', 'no time cut-off');
  assert.equal(effectiveStart(cal, '2026-03-07T10:00:00+07:00', null), '2026-03-09', 'Saturday still moves');
});

test('a limit of N working days ends at the end of the N-th working day after the effective day', () => {
  // Received Fri 25/04/2025 10:00 → day 0 = 25/04 → 26/4 (make-up Sat), 28/4, 29/4.
  assert.equal(addWorkingDays(cal, effectiveStart(cal, '2025-04-25T10:00:00+07:00'), 3), '2025-04-29');
  // Received 16:00 → day 0 = Sat 26/04 (make-up) → 28/4, 29/4, 5/5.
  assert.equal(addWorkingDays(cal, effectiveStart(cal, '2025-04-25T16:00:00+07:00'), 3), '2025-05-05');
});

test('addWorkingHours: default office hours 07:30–11:30, 13:30–17:00', () => {
  const at = (s: string, h: number) => addWorkingHours(cal, s, h).toISOString();
  assert.equal(at('2026-03-02T08:00:00+07:00', 2), '2026-03-02T03:00:00.000Z', '10:00 same morning');
  assert.equal(at('2026-03-02T10:30:00+07:00', 1), '2026-03-02T04:30:00.000Z', 'exactly 11:30, not 13:30');
  assert.equal(at('2026-03-02T10:30:00+07:00', 1.5), '2026-03-02T07:00:00.000Z', 'lunch skipped → 14:00');
  assert.equal(at('2026-03-02T12:00:00+07:00', 1), '2026-03-02T07:30:00.000Z', 'starts during lunch → 14:30');
  assert.equal(at('2026-03-02T06:00:00+07:00', 1), '2026-03-02T01:30:00.000Z', 'before opening → 08:30');
  assert.equal(
    at('2026-03-02T18:00:00+07:00', 1),
    '2026-03-03T01:30:00.000Z',
    'after closing → next day 08:30',
  );
  assert.equal(at('2026-02-13T16:00:00+07:00', 2), '2026-02-23T01:30:00.000Z', 'Tết 2026 skipped');
  assert.equal(
    at('2025-04-25T16:30:00+07:00', 1),
    '2025-04-26T01:00:00.000Z',
    'make-up Saturday has office hours',
  );
  assert.equal(at('2026-03-02T07:30:00+07:00', 7.5), '2026-03-02T10:00:00.000Z', 'a full day is 7.5 h');
  assert.equal(at('2026-03-02T07:30:00+07:00', 7.5 * 5), '2026-03-06T10:00:00.000Z', 'a full week');
});

test('office hours by season and weekday', () => {
  const seasonal: OfficeHours = {
    id: 'agency-x',
    agencyId: 'agency-x',
    name: 'Giờ làm việc theo mùa',
    nameEn: 'Seasonal hours',
    validFrom: null,
    validTo: null,
    seasons: [
      {
        name: 'Mùa hè',
        nameEn: 'Summer',
        from: '04-15',
        to: '10-14',
        intervals: [
          { start: '07:00', end: '11:30' },
          { start: '13:30', end: '17:00' },
        ],
        byWeekday: { '5': [{ start: '07:00', end: '11:30' }] },
      },
      {
        name: 'Mùa đông',
        nameEn: 'Winter',
        from: '10-15',
        to: '04-14',
        intervals: [
          { start: '07:30', end: '11:30' },
          { start: '13:00', end: '17:00' },
        ],
      },
    ],
  };
  validateOfficeHours(seasonal);
  // Winter Monday 2026-03-02 11:00 + 1 h → 11:30 + 0.5 h from 13:00 → 13:30.
  assert.equal(
    addWorkingHours(cal, '2026-03-02T11:00:00+07:00', 1, seasonal).toISOString(),
    '2026-03-02T06:30:00.000Z',
  );
  // Summer Monday 2026-06-01 07:00 + 8 h → 4.5 h morning + 3.5 h afternoon → 17:00.
  assert.equal(
    addWorkingHours(cal, '2026-06-01T07:00:00+07:00', 8, seasonal).toISOString(),
    '2026-06-01T10:00:00.000Z',
  );
  // Summer Friday 2026-06-05 has only a morning: 11:00 + 1 h → Monday 07:30.
  assert.equal(
    addWorkingHours(cal, '2026-06-05T11:00:00+07:00', 1, seasonal).toISOString(),
    '2026-06-08T00:30:00.000Z',
  );
  assert.equal(
    workingHoursBetween(cal, '2026-06-05T00:00:00+07:00', '2026-06-06T00:00:00+07:00', seasonal),
    4.5,
  );
});

test('workingHoursBetween is the inverse of addWorkingHours and skips holidays', () => {
  assert.equal(workingHoursBetween(cal, '2026-02-13T16:00:00+07:00', '2026-02-23T08:30:00+07:00'), 2);
  assert.equal(workingHoursBetween(cal, '2026-02-23T08:30:00+07:00', '2026-02-13T16:00:00+07:00'), -2);
  assert.equal(
    workingHoursBetween(cal, '2026-03-07T08:00:00+07:00', '2026-03-08T17:00:00+07:00'),
    0,
    'a weekend',
  );
  assert.equal(workingHoursBetween(cal, '2026-03-02T00:00:00+07:00', '2026-03-03T00:00:00+07:00'), 7.5);
});

test('office hours validation', () => {
  const base = DEFAULT_OFFICE_HOURS.seasons[0]!;
  const withSeasons = (seasons: OfficeHours['seasons']): OfficeHours => ({
    ...DEFAULT_OFFICE_HOURS,
    seasons,
  });
  throwsCode(
    () =>
      validateOfficeHours(
        withSeasons([
          {
            ...base,
            intervals: [
              { start: '07:30', end: '12:00' },
              { start: '11:00', end: '17:00' },
            ],
          },
        ]),
      ),
    'INVALID_OFFICE_HOURS',
    'officeHours.seasons[0].intervals[1]',
  );
  throwsCode(
    () => validateOfficeHours(withSeasons([{ ...base, to: '12-30' }])),
    'INVALID_OFFICE_HOURS',
    'officeHours.seasons',
  );
  throwsCode(
    () => validateOfficeHours(withSeasons([{ ...base, intervals: [{ start: '7:30', end: '11:30' }] }])),
    'INVALID_TIME',
    'officeHours.seasons[0].intervals[0].start',
  );
  throwsCode(() => addWorkingHours(cal, '2026-03-02T08:00:00+07:00', -1), 'INVALID_NUMBER', 'hours');
  throwsCode(() => addWorkingHours(cal, '2026-03-02T08:00:00+07:00', Number.NaN), 'INVALID_NUMBER', 'hours');
});

test('invalid input throws a typed error with code and field', () => {
  throwsCode(() => addWorkingDays(cal, '2026-02-30', 1), 'INVALID_DATE', 'start');
  throwsCode(() => addWorkingDays(cal, '2026-2-3', 1), 'INVALID_DATE', 'start');
  throwsCode(() => addWorkingDays(cal, 20260203 as unknown as string, 1), 'INVALID_DATE', 'start');
  throwsCode(() => addWorkingDays(cal, '2026-02-03', 1.5), 'INVALID_NUMBER', 'n');
  throwsCode(() => addWorkingDays(cal, '2026-02-03', Number.POSITIVE_INFINITY), 'INVALID_NUMBER', 'n');
  throwsCode(() => addWorkingDays(cal, '2018-12-31', 1), 'OUT_OF_RANGE', 'start');
  throwsCode(() => addWorkingDays(cal, '2060-12-20', 60), 'OUT_OF_RANGE', 'n');
  throwsCode(() => addCalendarDays(cal, '2026-02-03', -1), 'INVALID_NUMBER', 'n');
  throwsCode(() => workingDaysBetween(cal, '2026-02-03', '2026-13-01'), 'INVALID_DATE', 'b');
  throwsCode(() => effectiveStart(cal, 'yesterday'), 'INVALID_DATETIME', 'receivedAt');
  throwsCode(() => effectiveStart(cal, new Date(Number.NaN)), 'INVALID_DATETIME', 'receivedAt');
  throwsCode(() => effectiveStart(cal, '2026-02-30T10:00:00+07:00'), 'INVALID_DATETIME', 'receivedAt');
  throwsCode(() => effectiveStart(cal, '2026-03-02T10:00:00+07:00', '25:00'), 'INVALID_TIME', 'cutoff');
  throwsCode(() => listHolidays(cal, 2061), 'OUT_OF_RANGE', 'year');
  throwsCode(() => buildCalendar({ fromYear: 2010 }), 'OUT_OF_RANGE', 'fromYear');
  throwsCode(() => buildCalendar({ weeklyRestDays: [7] }), 'INVALID_NUMBER', 'weeklyRestDays');
  const err = (() => {
    try {
      addWorkingDays(cal, '2026-02-30', 1);
    } catch (e) {
      return e as CalendarInputError;
    }
    return undefined;
  })();
  assert.deepEqual(Object.keys(err!.toJSON()), ['code', 'field', 'message', 'messageEn']);
  assert.match(err!.message, /không phải ngày hợp lệ/);
  assert.match(err!.messageEn, /is not a valid YYYY-MM-DD date/);
});

test('a snapshot covering other years works the same way at its edges', () => {
  const small = buildCalendar({ fromYear: 2025, toYear: 2026 });
  assert.equal(small.firstDate, '2025-01-01');
  assert.equal(small.lastDate, '2026-12-31');
  assert.equal(addWorkingDays(small, '2026-02-13', 1), '2026-02-23');
  throwsCode(() => addWorkingDays(small, '2026-12-30', 5), 'OUT_OF_RANGE', 'n');
  throwsCode(() => addWorkingDays(small, '2025-01-02', -5), 'OUT_OF_RANGE', 'n');
});
