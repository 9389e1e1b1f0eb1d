/**
 * Working-day calendar: a table of dated cases, 2022–2027, every kind of special day.
 *
 * Expected values were worked out by hand from the REFERENCE §7 lunar table, the verified entries of
 * vn-day-swaps.json and, for years without an official schedule, the documented default (Tết = last day
 * of the old lunar year + lunar 1/1–4/1; 2/9 + 3/9; compensatory day on the next working day).
 * Official schedules applied: 2024 30/4–1/5 (swap 29/4 ↔ Sat 4/5); 2025 Tết 27–31/01, Hùng 07/04,
 * 30/4–1/5 (swap 2/5 ↔ Sat 26/4), 2/9 (1–2/9); 2026 Tết 16–20/02, Hùng 26/4 + nghỉ bù 27/4, 30/4–1/5.
 * Not applied (unverified): 2026 New Year swap (2/1 ↔ Sat 10/1), 2026 2/9.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addCalendarDays,
  addWorkingDays,
  buildCalendar,
  effectiveStart,
  isWorkingDay,
  workingDaysBetween,
} from '../../src/kernel/calendar/index.ts';

const cal = buildCalendar();

type Case =
  | { op: 'addWorkingDays'; start: string; n: number; want: string; why: string }
  | { op: 'addCalendarDays'; start: string; n: number; want: string; why: string }
  | { op: 'isWorkingDay'; date: string; want: boolean; why: string }
  | { op: 'workingDaysBetween'; a: string; b: string; want: number; why: string }
  | { op: 'effectiveStart'; at: string; want: string; why: string };

const cases: Case[] = [
  // ---- 2022 (default rule, no official schedule in the data)
  {
    op: 'addWorkingDays',
    start: '2021-12-31',
    n: 1,
    want: '2022-01-04',
    why: '1/1 Sat holiday → nghỉ bù Mon 3/1',
  },
  { op: 'isWorkingDay', date: '2022-01-03', want: false, why: 'compensatory for 1/1/2022 (Sat)' },
  { op: 'addWorkingDays', start: '2022-01-28', n: 1, want: '2022-02-07', why: 'Tết default 31/01–04/02' },
  { op: 'addWorkingDays', start: '2022-01-27', n: 2, want: '2022-02-07', why: 'Fri 28/01 then after Tết' },
  { op: 'isWorkingDay', date: '2022-01-31', want: false, why: 'last day of the old lunar year (29 Chạp)' },
  {
    op: 'addWorkingDays',
    start: '2022-04-08',
    n: 1,
    want: '2022-04-12',
    why: 'Hùng Kings Sun 10/4 → nghỉ bù Mon 11/4',
  },
  { op: 'isWorkingDay', date: '2022-04-11', want: false, why: 'compensatory day (REFERENCE §7)' },
  {
    op: 'addWorkingDays',
    start: '2022-04-29',
    n: 1,
    want: '2022-05-04',
    why: '30/4 Sat, 1/5 Sun → nghỉ bù 2/5, 3/5',
  },
  {
    op: 'addWorkingDays',
    start: '2022-09-01',
    n: 1,
    want: '2022-09-06',
    why: '2/9 Fri, 3/9 Sat (default) → nghỉ bù Mon 5/9',
  },
  { op: 'isWorkingDay', date: '2022-09-05', want: false, why: 'compensatory for the default 3/9 (Sat)' },
  {
    op: 'addCalendarDays',
    start: '2022-03-31',
    n: 10,
    want: '2022-04-12',
    why: 'last day Sun 10/4 → roll past 11/4',
  },
  {
    op: 'addCalendarDays',
    start: '2022-12-02',
    n: 30,
    want: '2023-01-03',
    why: 'last day Sun 1/1/2023 → roll past nghỉ bù 2/1',
  },
  // cross-year, crossing New Year and Tết 2023
  {
    op: 'addWorkingDays',
    start: '2022-12-20',
    n: 30,
    want: '2023-02-08',
    why: 'crosses 1/1 (+2/1) and Tết 21–27/01/2023',
  },
  {
    op: 'addWorkingDays',
    start: '2022-12-30',
    n: 1,
    want: '2023-01-03',
    why: '1/1/2023 Sun → nghỉ bù Mon 2/1',
  },

  // ---- 2023 (default)
  {
    op: 'addWorkingDays',
    start: '2023-01-20',
    n: 1,
    want: '2023-01-30',
    why: 'Tết 21–25/01 (two on the weekend) + nghỉ bù 26, 27/01',
  },
  {
    op: 'isWorkingDay',
    date: '2023-01-20',
    want: true,
    why: 'default pinned: eve is Sat 21/01, so Fri 20/01 is worked',
  },
  { op: 'isWorkingDay', date: '2023-01-27', want: false, why: 'second compensatory day for Tết 2023' },
  {
    op: 'addWorkingDays',
    start: '2023-01-25',
    n: 1,
    want: '2023-01-30',
    why: 'start on a holiday; next are nghỉ bù',
  },
  {
    op: 'addWorkingDays',
    start: '2023-04-28',
    n: 1,
    want: '2023-05-04',
    why: 'Hùng Sat 29/4, 30/4 Sun, 1/5 Mon → nghỉ bù 2/5, 3/5',
  },
  { op: 'isWorkingDay', date: '2023-05-03', want: false, why: 'compensatory for 30/4/2023 (Sun)' },
  {
    op: 'addWorkingDays',
    start: '2023-08-31',
    n: 2,
    want: '2023-09-06',
    why: '2/9 Sat, 3/9 Sun → nghỉ bù 4/9, 5/9',
  },
  {
    op: 'addCalendarDays',
    start: '2023-08-03',
    n: 30,
    want: '2023-09-06',
    why: 'last day Sat 2/9 holiday → roll',
  },

  // ---- 2024 (official 30/4 swap; Tết and 2/9 default)
  { op: 'addWorkingDays', start: '2023-12-29', n: 1, want: '2024-01-02', why: '1/1/2024 Mon' },
  {
    op: 'addWorkingDays',
    start: '2024-02-08',
    n: 1,
    want: '2024-02-16',
    why: 'Tết default 9–13/02 + nghỉ bù 14, 15/02',
  },
  { op: 'isWorkingDay', date: '2024-02-14', want: false, why: 'compensatory (Tết day Sat 10/02)' },
  { op: 'addWorkingDays', start: '2024-04-17', n: 1, want: '2024-04-19', why: 'Hùng Kings Thu 18/4' },
  {
    op: 'addWorkingDays',
    start: '2024-04-26',
    n: 1,
    want: '2024-05-02',
    why: '29/4 swapped off, 30/4, 1/5 holidays',
  },
  { op: 'isWorkingDay', date: '2024-04-29', want: false, why: 'swapped_off (Công văn 2450/VPCP-KGVX)' },
  { op: 'isWorkingDay', date: '2024-05-04', want: true, why: 'makeup_working Saturday' },
  { op: 'addWorkingDays', start: '2024-05-03', n: 1, want: '2024-05-04', why: 'the make-up Saturday counts' },
  { op: 'addWorkingDays', start: '2024-05-02', n: 2, want: '2024-05-04', why: 'Fri 3/5 then Sat 4/5' },
  {
    op: 'addWorkingDays',
    start: '2024-05-06',
    n: -1,
    want: '2024-05-04',
    why: 'one working day before Mon 6/5 is the make-up Saturday',
  },
  { op: 'workingDaysBetween', a: '2024-04-26', b: '2024-05-06', want: 4, why: '2/5, 3/5, Sat 4/5, 6/5' },
  {
    op: 'workingDaysBetween',
    a: '2024-05-05',
    b: '2024-05-03',
    want: -1,
    why: 'due Fri 3/5, on Sun 5/5 overdue by 1 (Sat 4/5)',
  },
  {
    op: 'addCalendarDays',
    start: '2024-04-20',
    n: 10,
    want: '2024-05-02',
    why: 'last day 30/4 holiday → roll past 1/5',
  },
  { op: 'addWorkingDays', start: '2024-08-30', n: 1, want: '2024-09-04', why: '2/9 Mon + 3/9 Tue' },

  // ---- 2025 (official Tết, Hùng, 30/4 swap, 2/9)
  { op: 'addWorkingDays', start: '2024-12-31', n: 1, want: '2025-01-02', why: '1/1/2025 Wed' },
  { op: 'addWorkingDays', start: '2025-01-24', n: 1, want: '2025-02-03', why: 'official Tết 27–31/01/2025' },
  { op: 'addWorkingDays', start: '2025-01-24', n: 5, want: '2025-02-07', why: 'five working days after Tết' },
  {
    op: 'isWorkingDay',
    date: '2025-01-27',
    want: false,
    why: '28 Chạp: official Tết day, not in the default',
  },
  {
    op: 'workingDaysBetween',
    a: '2025-01-01',
    b: '2025-01-31',
    want: 17,
    why: 'January 2025 after New Year, Tết excluded',
  },
  {
    op: 'addCalendarDays',
    start: '2025-01-01',
    n: 30,
    want: '2025-02-03',
    why: 'last day Fri 31/01 is Tết → Mon 3/2',
  },
  { op: 'addWorkingDays', start: '2025-04-04', n: 1, want: '2025-04-08', why: 'Hùng Kings Mon 7/4' },
  { op: 'addWorkingDays', start: '2025-04-25', n: 1, want: '2025-04-26', why: 'make-up Saturday 26/4' },
  { op: 'addWorkingDays', start: '2025-04-24', n: 3, want: '2025-04-28', why: '25/4, Sat 26/4, 28/4' },
  {
    op: 'addWorkingDays',
    start: '2025-04-29',
    n: 1,
    want: '2025-05-05',
    why: '30/4, 1/5 holidays, 2/5 swapped',
  },
  {
    op: 'addWorkingDays',
    start: '2025-05-05',
    n: -1,
    want: '2025-04-29',
    why: 'backwards over the 30/4–4/5 break',
  },
  { op: 'isWorkingDay', date: '2025-05-02', want: false, why: 'swapped_off' },
  {
    op: 'addCalendarDays',
    start: '2025-04-16',
    n: 10,
    want: '2025-04-26',
    why: 'last day is the make-up Saturday: no roll-over',
  },
  { op: 'addWorkingDays', start: '2025-08-29', n: 1, want: '2025-09-03', why: 'official 1/9 + 2/9' },
  {
    op: 'effectiveStart',
    at: '2025-04-25T15:01:00+07:00',
    want: '2025-04-26',
    why: 'after 15:00 → next working day (make-up Sat)',
  },

  // ---- 2026 (official Tết, Hùng + nghỉ bù, 30/4–1/5; New Year swap and 2/9 unverified)
  {
    op: 'addWorkingDays',
    start: '2025-12-31',
    n: 1,
    want: '2026-01-02',
    why: 'unverified swap of 2/1 not applied',
  },
  { op: 'isWorkingDay', date: '2026-01-10', want: false, why: 'unverified make-up Saturday not applied' },
  { op: 'addWorkingDays', start: '2026-01-09', n: 1, want: '2026-01-12', why: 'Sat 10/1 stays a rest day' },
  { op: 'addWorkingDays', start: '2026-02-13', n: 1, want: '2026-02-23', why: 'official Tết 16–20/02/2026' },
  {
    op: 'addWorkingDays',
    start: '2025-12-22',
    n: 40,
    want: '2026-02-24',
    why: 'cross-year limit crossing New Year and Tết',
  },
  { op: 'workingDaysBetween', a: '2026-02-13', b: '2026-02-27', want: 5, why: 'only 23–27/02 are worked' },
  {
    op: 'addWorkingDays',
    start: '2026-04-24',
    n: 1,
    want: '2026-04-28',
    why: 'Hùng Sun 26/4 → official nghỉ bù Mon 27/4',
  },
  { op: 'isWorkingDay', date: '2026-04-27', want: false, why: 'compensatory (verified schedule)' },
  {
    op: 'addCalendarDays',
    start: '2026-03-27',
    n: 30,
    want: '2026-04-28',
    why: 'last day Sun 26/4 holiday → roll past 27/4',
  },
  { op: 'addWorkingDays', start: '2026-04-29', n: 1, want: '2026-05-04', why: '30/4 Thu, 1/5 Fri' },
  {
    op: 'addCalendarDays',
    start: '2026-06-01',
    n: 30,
    want: '2026-07-01',
    why: 'last day Wed 1/7 is worked',
  },
  { op: 'addWorkingDays', start: '2026-09-01', n: 1, want: '2026-09-04', why: '2/9 Wed + default 3/9 Thu' },
  {
    op: 'isWorkingDay',
    date: '2026-09-03',
    want: false,
    why: 'default second National Day (no verified schedule)',
  },
  {
    op: 'addWorkingDays',
    start: '2026-11-23',
    n: 1,
    want: '2026-11-24',
    why: '24/11 not yet law: rule shipped off',
  },
  {
    op: 'effectiveStart',
    at: '2026-02-14T09:00:00+07:00',
    want: '2026-02-23',
    why: 'received on a Tết Saturday',
  },

  // ---- 2027 (default)
  { op: 'addWorkingDays', start: '2026-12-31', n: 1, want: '2027-01-04', why: '1/1/2027 Fri' },
  {
    op: 'addWorkingDays',
    start: '2027-02-04',
    n: 1,
    want: '2027-02-12',
    why: 'Tết 5–9/02 (mùng 1, 2 on the weekend) + nghỉ bù 10, 11/02',
  },
  {
    op: 'addWorkingDays',
    start: '2026-12-15',
    n: 40,
    want: '2027-02-17',
    why: 'late-December start crossing Tết 2027',
  },
  {
    op: 'workingDaysBetween',
    a: '2027-02-12',
    b: '2027-02-04',
    want: -1,
    why: 'backwards: only Fri 12/2 is worked in (4/2, 12/2]',
  },
  { op: 'isWorkingDay', date: '2027-02-11', want: false, why: 'compensatory for mùng 2 (Sun 7/2)' },
  {
    op: 'addCalendarDays',
    start: '2027-01-07',
    n: 30,
    want: '2027-02-12',
    why: 'last day Sat 6/2 (mùng 1) → roll to Fri 12/2',
  },
  { op: 'addWorkingDays', start: '2027-04-15', n: 1, want: '2027-04-19', why: 'Hùng Kings Fri 16/4' },
  {
    op: 'addWorkingDays',
    start: '2027-04-29',
    n: 1,
    want: '2027-05-04',
    why: '30/4 Fri, 1/5 Sat → nghỉ bù Mon 3/5',
  },
  { op: 'addWorkingDays', start: '2027-09-01', n: 1, want: '2027-09-06', why: '2/9 Thu + 3/9 Fri' },
];

test('the dated table has at least 60 cases and covers 2022–2027', () => {
  assert.ok(cases.length >= 60, `only ${cases.length} cases`);
  const years = new Set(
    cases.map((c) => ('start' in c ? c.start : 'date' in c ? c.date : 'a' in c ? c.a : c.at).slice(0, 4)),
  );
  for (const y of ['2022', '2023', '2024', '2025', '2026', '2027'])
    assert.ok(years.has(y), `no case in ${y}`);
});

for (const c of cases) {
  const label =
    c.op === 'isWorkingDay'
      ? `isWorkingDay(${c.date}) = ${c.want}`
      : c.op === 'workingDaysBetween'
        ? `workingDaysBetween(${c.a}, ${c.b}) = ${c.want}`
        : c.op === 'effectiveStart'
          ? `effectiveStart(${c.at}) = ${c.want}`
          : `${c.op}(${c.start}, ${c.n}) = ${c.want}`;
  test(`${label} — ${c.why}`, () => {
    switch (c.op) {
      case 'addWorkingDays':
        assert.equal(addWorkingDays(cal, c.start, c.n), c.want);
        break;
      case 'addCalendarDays':
        assert.equal(addCalendarDays(cal, c.start, c.n), c.want);
        break;
      case 'isWorkingDay':
        assert.equal(isWorkingDay(cal, c.date), c.want);
        break;
      case 'workingDaysBetween':
        assert.equal(workingDaysBetween(cal, c.a, c.b), c.want);
        break;
      case 'effectiveStart':
        assert.equal(effectiveStart(cal, c.at), c.want);
        break;
    }
  });
}
