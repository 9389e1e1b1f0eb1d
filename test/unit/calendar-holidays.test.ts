/**
 * Holidays: lunar dates against REFERENCE §7, the Vietnamese-vs-Chinese calendar cases, listHolidays per
 * year, the seed file, schedule precedence and the switched-off 24/11 rule.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  CalendarInputError,
  DEFAULT_HOLIDAY_RULES,
  addWorkingDays,
  buildCalendar,
  classifyScheduleDays,
  describeDay,
  enableHolidayRule,
  hungKingsDay,
  isWorkingDay,
  isoWeekday,
  listHolidays,
  lunarNewYear,
  lunarNewYearsEve,
  lunarToSolar,
  parseSeedSchedules,
  seedEntries,
  seedPendingLawChanges,
  seedSchedules,
  solarToLunar,
  verifySchedule,
  type HolidaySchedule,
} from '../../src/kernel/calendar/index.ts';

const cal = buildCalendar();

// REFERENCE §7 "Lunar dates" table: year, Tết (mùng 1) with weekday, last day of the old year, Hùng Kings.
const REFERENCE_TABLE: [number, string, number, string, string, number][] = [
  // year, Tết, ISO weekday of Tết, eve, Hùng Kings, ISO weekday of Hùng Kings
  [2022, '2022-02-01', 2, '2022-01-31', '2022-04-10', 7],
  [2023, '2023-01-22', 7, '2023-01-21', '2023-04-29', 6],
  [2024, '2024-02-10', 6, '2024-02-09', '2024-04-18', 4],
  [2025, '2025-01-29', 3, '2025-01-28', '2025-04-07', 1],
  [2026, '2026-02-17', 2, '2026-02-16', '2026-04-26', 7],
  [2027, '2027-02-06', 6, '2027-02-05', '2027-04-16', 5],
  [2028, '2028-01-26', 3, '2028-01-25', '2028-04-04', 2],
  [2029, '2029-02-13', 2, '2029-02-12', '2029-04-23', 1],
  [2030, '2030-02-02', 6, '2030-02-01', '2030-04-12', 5],
];

for (const [year, tet, tetWd, eve, hung, hungWd] of REFERENCE_TABLE) {
  test(`REFERENCE §7 ${year}: Tết ${tet}, eve ${eve}, Hùng Kings ${hung}`, () => {
    assert.equal(lunarNewYear(year), tet);
    assert.equal(isoWeekday(tet), tetWd);
    assert.equal(lunarNewYearsEve(year), eve);
    assert.equal(hungKingsDay(year), hung);
    assert.equal(isoWeekday(hung), hungWd);
    const tetDays = listHolidays(cal, year).filter((e) => e.holiday === 'tet' && e.kind === 'holiday');
    assert.equal(tetDays.length, 5, 'five Tết days listed');
    assert.ok(
      tetDays.some((e) => e.date === tet),
      'mùng 1 is always one of the listed Tết days',
    );
  });
}

test('REFERENCE §7: Hùng Kings on Sunday gives Monday off (2022-04-11, 2026-04-27)', () => {
  for (const [sunday, monday] of [
    ['2022-04-10', '2022-04-11'],
    ['2026-04-26', '2026-04-27'],
  ] as const) {
    const list = listHolidays(cal, Number(sunday.slice(0, 4)));
    assert.ok(list.some((e) => e.date === sunday && e.kind === 'holiday' && e.holiday === 'hung_kings'));
    assert.ok(list.some((e) => e.date === monday && e.kind === 'compensatory' && e.holiday === 'hung_kings'));
  }
});

test('Vietnamese, not Chinese, lunar calendar: Tết 2030-02-02 and 1985-01-21', () => {
  assert.equal(lunarNewYear(2030), '2030-02-02'); // China: 2030-02-03
  assert.notEqual(lunarNewYear(2030), '2030-02-03');
  assert.equal(lunarNewYear(1985), '1985-01-21'); // China: 1985-02-20
  assert.deepEqual(solarToLunar('2030-02-02'), { day: 1, month: 1, year: 2030, leap: false });
  assert.deepEqual(solarToLunar('2030-02-01'), { day: 29, month: 12, year: 2029, leap: false });
  // Under the Vietnamese calendar 2030-02-03 is already mùng 2.
  assert.equal(solarToLunar('2030-02-03').day, 2);
});

test('lunar conversion rejects a day the lunar month does not have, and years outside the tables', () => {
  // 12th month of lunar 2021 has 29 days (Tết 2022 follows 2022-01-31 = 29 Chạp).
  assert.throws(
    () => lunarToSolar(30, 12, 2021),
    (e: unknown) => e instanceof CalendarInputError && e.code === 'INVALID_DATE',
  );
  assert.throws(
    () => lunarToSolar(1, 1, 2300),
    (e: unknown) => e instanceof CalendarInputError && e.code === 'OUT_OF_RANGE',
  );
});

// ---- listHolidays, pinned per year (kind and date of every listed day)
const EXPECTED: Record<number, string[]> = {
  2022: [
    '2022-01-01 holiday',
    '2022-01-03 compensatory',
    '2022-01-31 holiday',
    '2022-02-01 holiday',
    '2022-02-02 holiday',
    '2022-02-03 holiday',
    '2022-02-04 holiday',
    '2022-04-10 holiday',
    '2022-04-11 compensatory',
    '2022-04-30 holiday',
    '2022-05-01 holiday',
    '2022-05-02 compensatory',
    '2022-05-03 compensatory',
    '2022-09-02 holiday',
    '2022-09-03 holiday',
    '2022-09-05 compensatory',
  ],
  2024: [
    '2024-01-01 holiday',
    '2024-02-09 holiday',
    '2024-02-10 holiday',
    '2024-02-11 holiday',
    '2024-02-12 holiday',
    '2024-02-13 holiday',
    '2024-02-14 compensatory',
    '2024-02-15 compensatory',
    '2024-04-18 holiday',
    '2024-04-29 swapped_off',
    '2024-04-30 holiday',
    '2024-05-01 holiday',
    '2024-05-04 makeup_working',
    '2024-09-02 holiday',
    '2024-09-03 holiday',
  ],
  2025: [
    '2025-01-01 holiday',
    '2025-01-27 holiday',
    '2025-01-28 holiday',
    '2025-01-29 holiday',
    '2025-01-30 holiday',
    '2025-01-31 holiday',
    '2025-04-07 holiday',
    '2025-04-26 makeup_working',
    '2025-04-30 holiday',
    '2025-05-01 holiday',
    '2025-05-02 swapped_off',
    '2025-09-01 holiday',
    '2025-09-02 holiday',
  ],
  2026: [
    '2026-01-01 holiday',
    '2026-02-16 holiday',
    '2026-02-17 holiday',
    '2026-02-18 holiday',
    '2026-02-19 holiday',
    '2026-02-20 holiday',
    '2026-04-26 holiday',
    '2026-04-27 compensatory',
    '2026-04-30 holiday',
    '2026-05-01 holiday',
    '2026-09-02 holiday',
    '2026-09-03 holiday',
  ],
  2027: [
    '2027-01-01 holiday',
    '2027-02-05 holiday',
    '2027-02-06 holiday',
    '2027-02-07 holiday',
    '2027-02-08 holiday',
    '2027-02-09 holiday',
    '2027-02-10 compensatory',
    '2027-02-11 compensatory',
    '2027-04-16 holiday',
    '2027-04-30 holiday',
    '2027-05-01 holiday',
    '2027-05-03 compensatory',
    '2027-09-02 holiday',
    '2027-09-03 holiday',
  ],
};

for (const [year, want] of Object.entries(EXPECTED)) {
  test(`listHolidays(${year}) lists every special day with its kind`, () => {
    assert.deepEqual(
      listHolidays(cal, Number(year)).map((e) => `${e.date} ${e.kind}`),
      want,
    );
  });
}

test('listHolidays(2023): weekend holidays listed with their compensatory days, Hùng + 30/4 + 1/5 chain', () => {
  const l = listHolidays(cal, 2023);
  const byDate = (d: string) => l.filter((e) => e.date === d).map((e) => `${e.kind}:${e.holiday}`);
  assert.deepEqual(byDate('2023-01-01'), ['holiday:new_year']);
  assert.deepEqual(byDate('2023-01-02'), ['compensatory:new_year']);
  assert.deepEqual(byDate('2023-04-29'), ['holiday:hung_kings']);
  assert.deepEqual(byDate('2023-05-02'), ['compensatory:hung_kings']);
  assert.deepEqual(byDate('2023-05-03'), ['compensatory:reunification']);
  assert.equal(l.find((e) => e.date === '2023-05-03')?.compensatesFor, '2023-04-30');
  assert.equal(l.length, 18);
});

test('listed entries carry Vietnamese and English names and their source', () => {
  const l = listHolidays(cal, 2026);
  const tet = l.find((e) => e.date === '2026-02-17')!;
  assert.equal(tet.name, 'Tết Nguyên đán (mùng 1 Tết)');
  assert.equal(tet.nameEn, 'Lunar New Year (lunar 1/1)');
  assert.equal(tet.origin, 'schedule');
  assert.match(tet.source, /congan\.com\.vn|Công an/);
  const comp = l.find((e) => e.date === '2026-04-27')!;
  assert.match(comp.name, /^Nghỉ bù Giỗ Tổ Hùng Vương/);
  const nd = l.find((e) => e.date === '2026-09-03')!;
  assert.equal(nd.origin, 'default');
  assert.match(nd.source, /Điều 112/);
  assert.match(nd.source, /mặc định/);
  assert.equal(nd.name, 'Quốc khánh (ngày liền kề)');
  const ny = listHolidays(cal, 2022).find((e) => e.date === '2022-01-01')!;
  assert.equal(ny.origin, 'rule');
  assert.equal(ny.name, 'Tết Dương lịch');
  assert.equal(ny.nameEn, "New Year's Day");
  const swap = listHolidays(cal, 2024).find((e) => e.date === '2024-04-29')!;
  assert.deepEqual(swap.legalDocument, {
    number: '2450/VPCP-KGVX',
    date: '2024-04-12',
    title: 'Văn phòng Chính phủ',
  });
  assert.match(swap.source, /^2450\/VPCP-KGVX ngày 12\/04\/2024/);
});

test('describeDay tells a make-up Saturday from an ordinary one', () => {
  const made = describeDay(cal, '2025-04-26');
  assert.equal(made.working, true);
  assert.equal(made.weeklyRestDay, true);
  assert.deepEqual(
    made.entries.map((e) => e.kind),
    ['makeup_working'],
  );
  const plain = describeDay(cal, '2025-04-19');
  assert.equal(plain.working, false);
  assert.equal(plain.entries.length, 0);
  assert.equal(plain.isoWeekday, 6);
});

test('before 2021 National Day is one day (Labour Code 2012); from 2021 two', () => {
  assert.deepEqual(
    listHolidays(cal, 2020)
      .filter((e) => e.holiday === 'national_day')
      .map((e) => e.date),
    ['2020-09-02'],
  );
  assert.equal(isWorkingDay(cal, '2020-09-03'), true);
  assert.equal(isWorkingDay(cal, '2021-09-03'), false);
});

// ---- seed data
test('the seed file is a byte-exact copy of the shared data file', () => {
  const bytes = readFileSync(new URL('../../src/kernel/calendar/data/vn-day-swaps.json', import.meta.url));
  assert.equal(
    createHash('sha256').update(bytes).digest('hex'),
    'c597ee809916de9ca838b875dbea98ec8b36346393abb1b63224a636b96d2f1e',
  );
  assert.equal(seedEntries().length, 23);
});

test('seed parsing: 22 schedules (11 verified), one pending law change, sources kept', () => {
  const s = seedSchedules();
  assert.equal(s.length, 22);
  assert.equal(s.filter((x) => x.verified).length, 11);
  assert.deepEqual(
    seedPendingLawChanges().map((e) => e.holiday_en),
    ['Vietnam Culture Day (proposed new paid public holiday)'],
  );
  for (const x of s) {
    assert.ok(x.source.includes('vn-day-swaps.json'));
    assert.ok(x.appliesTo?.startsWith('cán bộ, công chức'));
  }
  const ny2019 = s.find((x) => x.id === 'seed:2019:new_year')!;
  assert.deepEqual(ny2019.legalDocument, {
    number: '6519/VPCP-KGVX',
    date: '2018-07-11',
    title: 'Văn phòng Chính phủ',
  });
  assert.deepEqual(
    ny2019.days.map((d) => `${d.date} ${d.kind}`),
    ['2018-12-31 swapped_off', '2019-01-01 holiday', '2019-01-05 makeup_working'],
  );
  const ny2026 = s.find((x) => x.id === 'seed:2026:new_year')!;
  assert.equal(ny2026.verified, false);
  assert.equal(ny2026.legalDocument?.number, '12729/VPCP-KGVX');
  assert.equal(s.find((x) => x.id === 'seed:2014:national_day')?.mode, 'add');
  assert.equal(s.find((x) => x.id === 'seed:2025:tet')?.mode, 'replace');
});

test('seed classification: statutory, compensatory and swapped days are told apart', () => {
  const s = seedSchedules();
  const kinds = (id: string) =>
    s.find((x) => x.id === id)!.days.map((d) => `${d.date} ${d.kind} ${d.holiday}`);
  assert.deepEqual(kinds('seed:2026:hung_kings'), [
    '2026-04-26 holiday hung_kings',
    '2026-04-27 compensatory hung_kings',
  ]);
  assert.deepEqual(kinds('seed:2025:national_day'), [
    '2025-09-01 holiday national_day',
    '2025-09-02 holiday national_day',
  ]);
  assert.deepEqual(kinds('seed:2025:reunification+labour'), [
    '2025-04-26 makeup_working reunification',
    '2025-04-30 holiday reunification',
    '2025-05-01 holiday labour',
    '2025-05-02 swapped_off reunification',
  ]);
  // A schedule that keeps a Tết day on the weekend: the extra weekdays after the break are compensatory.
  const hypothetical = classifyScheduleDays(
    2027,
    ['tet'],
    ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
    [],
    DEFAULT_HOLIDAY_RULES,
  );
  assert.deepEqual(
    hypothetical.map((d) => `${d.date} ${d.kind}`),
    [
      '2027-02-05 holiday',
      '2027-02-06 holiday',
      '2027-02-07 holiday',
      '2027-02-08 holiday',
      '2027-02-09 holiday',
      '2027-02-10 compensatory',
      '2027-02-11 compensatory',
    ],
  );
});

test('unverified schedules never override the rule until verified', () => {
  assert.ok(cal.ignoredSchedules.some((x) => x.id === 'seed:2026:new_year' && x.reason === 'unverified'));
  assert.equal(isWorkingDay(cal, '2026-01-02'), true);
  const ny2026 = seedSchedules().find((x) => x.id === 'seed:2026:new_year')!;
  const confirmed = verifySchedule(ny2026, {
    legalDocument: { number: '12729/VPCP-KGVX', date: '2025-12-25' },
  });
  assert.equal(ny2026.verified, false, 'the input schedule is not changed');
  const next = buildCalendar({
    schedules: seedSchedules().map((x) => (x.id === confirmed.id ? confirmed : x)),
  });
  assert.equal(isWorkingDay(next, '2026-01-02'), false);
  assert.equal(isWorkingDay(next, '2026-01-10'), true);
  assert.equal(addWorkingDays(next, '2025-12-31', 1), '2026-01-05');
  assert.notEqual(next.fingerprint, cal.fingerprint);
  assert.ok(next.appliedSchedules.includes('seed:2026:new_year'));
});

test('parseSeedSchedules rejects an entry whose holiday it cannot recognise', () => {
  const bad = { ...seedEntries()[8]!, holiday: 'Ngày gì đó' };
  assert.throws(
    () => parseSeedSchedules([bad]),
    (e: unknown) =>
      e instanceof CalendarInputError && e.code === 'INVALID_SCHEDULE' && e.field === 'seed[0].holiday',
  );
});

// ---- schedule precedence and validation
function schedule(over: Partial<HolidaySchedule>): HolidaySchedule {
  return {
    id: 'test:2027:national_day',
    year: 2027,
    holidays: ['national_day'],
    mode: 'replace',
    name: 'Quốc khánh 2/9/2027 (test)',
    nameEn: 'National Day 2027 (test)',
    period: null,
    days: [
      { date: '2027-09-01', kind: 'holiday', holiday: 'national_day' },
      { date: '2027-09-02', kind: 'holiday', holiday: 'national_day' },
    ],
    verified: true,
    legalDocument: { number: '1/TEST', date: '2027-05-01' },
    validFrom: '2027-05-01',
    validTo: null,
    appliesTo: null,
    source: 'test',
    sourceUrl: null,
    ...over,
  };
}

test('a verified replace schedule replaces the default days of its holiday only', () => {
  const c = buildCalendar({ schedules: [schedule({})] });
  assert.equal(isWorkingDay(c, '2027-09-01'), false);
  assert.equal(isWorkingDay(c, '2027-09-03'), true, 'the default 3/9 is replaced');
  assert.equal(isWorkingDay(c, '2027-04-30'), false, 'other holidays keep the rule');
});

test('a later schedule for the same holiday wins; equal precedence is a conflict', () => {
  const amended = schedule({
    id: 'test:2027:national_day:amended',
    days: [
      { date: '2027-09-02', kind: 'holiday', holiday: 'national_day' },
      { date: '2027-09-03', kind: 'holiday', holiday: 'national_day' },
      { date: '2027-09-04', kind: 'makeup_working', holiday: 'national_day' },
    ],
    validFrom: '2027-06-01',
  });
  const c = buildCalendar({ schedules: [schedule({}), amended] });
  assert.equal(isWorkingDay(c, '2027-09-01'), true);
  assert.equal(isWorkingDay(c, '2027-09-04'), true);
  assert.deepEqual(c.ignoredSchedules, [{ id: 'test:2027:national_day', reason: 'superseded' }]);
  assert.throws(
    () => buildCalendar({ schedules: [schedule({}), { ...amended, validFrom: '2027-05-01' }] }),
    (e: unknown) => e instanceof CalendarInputError && e.code === 'SCHEDULE_CONFLICT',
  );
});

test('schedule validity: a revoked schedule (validTo) applies only to snapshots as of its validity', () => {
  const revoked = schedule({ validTo: '2027-06-30' });
  assert.equal(isWorkingDay(buildCalendar({ schedules: [revoked] }), '2027-09-01'), true);
  assert.equal(
    isWorkingDay(buildCalendar({ schedules: [revoked], asOf: '2027-06-15' }), '2027-09-01'),
    false,
  );
  assert.equal(isWorkingDay(buildCalendar({ schedules: [revoked], asOf: '2027-07-01' }), '2027-09-01'), true);
});

test('schedule validation: make-up day on a weekday, compensatory on a Sunday, unknown kind', () => {
  const check = (days: HolidaySchedule['days'], field: string) =>
    assert.throws(
      () => buildCalendar({ schedules: [schedule({ days })] }),
      (e: unknown) => e instanceof CalendarInputError && e.code === 'INVALID_SCHEDULE' && e.field === field,
    );
  check(
    [{ date: '2027-09-01', kind: 'makeup_working', holiday: 'national_day' }],
    'schedules[0].days[0].date',
  );
  check([{ date: '2027-09-05', kind: 'compensatory', holiday: 'national_day' }], 'schedules[0].days[0].date');
  check(
    [{ date: '2027-09-01', kind: 'bogus' as never, holiday: 'national_day' }],
    'schedules[0].days[0].kind',
  );
  check([{ date: '2027-09-01', kind: 'holiday', holiday: 'tet' }], 'schedules[0].days[0].holiday');
});

test('an add schedule adds a swap on top of the rule-derived days', () => {
  const swap = schedule({
    id: 'test:2027:swap',
    holidays: ['reunification'],
    mode: 'add',
    days: [
      { date: '2027-04-29', kind: 'swapped_off', holiday: 'reunification' },
      { date: '2027-04-24', kind: 'makeup_working', holiday: 'reunification' },
    ],
  });
  const c = buildCalendar({ schedules: [swap] });
  assert.equal(isWorkingDay(c, '2027-04-29'), false);
  assert.equal(isWorkingDay(c, '2027-04-30'), false, 'the statutory day is still off');
  assert.equal(isWorkingDay(c, '2027-04-24'), true);
  assert.equal(addWorkingDays(c, '2027-04-23', 1), '2027-04-24');
});

// ---- 24/11 Ngày Văn hóa Việt Nam: shipped off, switched on by an admin with its legal document
test('24/11 is off by default and becomes a holiday only from the validFrom of the enabling document', () => {
  const rule = DEFAULT_HOLIDAY_RULES.find((r) => r.key === 'culture_day')!;
  assert.equal(rule.enabled, false);
  assert.equal(isWorkingDay(cal, '2026-11-24'), true);
  assert.throws(
    () => enableHolidayRule(rule, { legalDocument: { number: ' ', date: null }, validFrom: '2026-07-01' }),
    (e: unknown) =>
      e instanceof CalendarInputError && e.code === 'INVALID_RULE' && e.field === 'legalDocument.number',
  );
  const on = enableHolidayRule(rule, {
    legalDocument: { number: 'XX/2026/QH16 (test)', date: '2026-06-01' },
    validFrom: '2026-07-01',
  });
  const c = buildCalendar({ holidayRules: DEFAULT_HOLIDAY_RULES.map((r) => (r.id === rule.id ? on : r)) });
  assert.equal(isWorkingDay(c, '2025-11-24'), true, 'not retroactive');
  assert.equal(isWorkingDay(c, '2026-11-24'), false);
  assert.equal(addWorkingDays(c, '2026-11-23', 1), '2026-11-25');
  // 24/11/2029 is a Saturday → compensatory Monday 26/11.
  const l = listHolidays(c, 2029).filter((e) => e.holiday === 'culture_day');
  assert.deepEqual(
    l.map((e) => `${e.date} ${e.kind}`),
    ['2029-11-24 holiday', '2029-11-26 compensatory'],
  );
  assert.match(l[0]!.source, /XX\/2026\/QH16/);
});

test('a custom weekly rest day (Sunday only) makes Saturdays working days', () => {
  const c = buildCalendar({ weeklyRestDays: [0], schedules: [] });
  assert.equal(isWorkingDay(c, '2027-01-02'), true);
  assert.equal(addWorkingDays(c, '2027-04-29', 1), '2027-05-03', '30/4 Fri, 1/5 Sat holiday, Sun rest');
  // 1/5/2027 is a Saturday: not a rest day here, so no compensatory day.
  assert.equal(
    listHolidays(c, 2027).some((e) => e.kind === 'compensatory' && e.holiday === 'labour'),
    false,
  );
});
