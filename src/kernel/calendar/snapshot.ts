/**
 * The calendar snapshot: every day of a range of years, precomputed from the holiday rules, the official
 * schedules and the weekly rest days. Immutable; rebuild it (milliseconds) whenever calendar data changes
 * and swap the reference.
 *
 * The snapshot holds, per day, whether it is a working day, the running count of working days and the list
 * of working days in order — so that `addWorkingDays` and `workingDaysBetween` are O(1).
 */
import { CalendarInputError } from './errors.ts';
import {
  dayNumber,
  formatDayNumber,
  parseIsoDate,
  weekdayOfDayNumber,
  civilFromDayNumber,
  daysInMonth,
  type IsoDate,
} from './dates.ts';
import { lunarDayLabel } from './lunar.ts';
import { anchorDayNumber, ruleForYear } from './anchors.ts';
import {
  DEFAULT_HOLIDAY_RULES,
  HOLIDAY_NAMES,
  assertNoOverlap,
  isInForce,
  validateHolidayRule,
  type HolidayKey,
  type HolidayRule,
  type KnownHolidayKey,
  type LegalDocumentRef,
} from './rules.ts';
import { validateSchedule, type CalendarDayKind, type HolidaySchedule } from './schedule.ts';
import { seedSchedules } from './seed.ts';

/** Earliest year a snapshot may start: the first full year under Labour Code 10/2012/QH13 (in force 01/05/2013). */
export const MIN_CALENDAR_YEAR = 2014;
/** Latest year a snapshot may end (the lunar tables end in lunar year 2198). */
export const MAX_CALENDAR_YEAR = 2196;
export const DEFAULT_FROM_YEAR = 2019;
export const DEFAULT_TO_YEAR = 2060;

/** Inputs of {@link buildCalendar}. Every field has a default. */
export interface CalendarOptions {
  /** First year covered (default 2019, min 2014). */
  fromYear?: number;
  /** Last year covered (default 2060, max 2196). Dates outside the range throw `OUT_OF_RANGE`. */
  toYear?: number;
  /** Statutory holiday rules (default {@link DEFAULT_HOLIDAY_RULES}). */
  holidayRules?: readonly HolidayRule[];
  /** Official schedules (default: the seed file's schedules; only verified ones are applied). */
  schedules?: readonly HolidaySchedule[];
  /** Weekly rest days, 0 = Sunday … 6 = Saturday (default `[6, 0]`: Saturday and Sunday). */
  weeklyRestDays?: readonly number[];
  /**
   * Knowledge date for schedule validity: with a date, a schedule applies if `validFrom ≤ asOf ≤ validTo`;
   * without (default), every schedule that has no `validTo` applies.
   */
  asOf?: IsoDate | null;
}

/** Where a listed day comes from. */
export type HolidayOrigin =
  /** a date fixed by law (1/1, 30/4, …) or its compensatory day */
  | 'rule'
  /** the kernel's documented default where the PM decides (Tết days, second National Day), no schedule entered */
  | 'default'
  /** a verified official schedule */
  | 'schedule';

/** One listed special day. Returned by `listHolidays`. */
export interface HolidayEntry {
  date: IsoDate;
  kind: CalendarDayKind;
  holiday: HolidayKey;
  /** Vietnamese name, e.g. "Tết Nguyên đán (mùng 1 Tết)", "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)". */
  name: string;
  nameEn: string;
  /** Citation: the article or the dispatch, and for defaults a note that the official schedule replaces it. */
  source: string;
  origin: HolidayOrigin;
  ruleId: string | null;
  scheduleId: string | null;
  legalDocument: LegalDocumentRef | null;
  /** For a compensatory day computed by rule: the holiday date it compensates. */
  compensatesFor: IsoDate | null;
}

/** Why a schedule was not applied. */
export interface IgnoredSchedule {
  id: string;
  reason: 'unverified' | 'not_in_force' | 'superseded' | 'out_of_range';
}

/**
 * An immutable calendar. Create with {@link buildCalendar}; pass to the operations of `ops.ts` / `hours.ts`.
 * Fields marked internal are implementation details (do not rely on them outside the kernel).
 */
export interface CalendarSnapshot {
  readonly fromYear: number;
  readonly toYear: number;
  readonly firstDate: IsoDate;
  readonly lastDate: IsoDate;
  readonly weeklyRestDays: readonly number[];
  readonly asOf: IsoDate | null;
  /** Hash of the working/non-working pattern: equal fingerprints ⇒ identical working-day arithmetic. */
  readonly fingerprint: string;
  readonly holidayRules: readonly HolidayRule[];
  readonly schedules: readonly HolidaySchedule[];
  readonly appliedSchedules: readonly string[];
  readonly ignoredSchedules: readonly IgnoredSchedule[];
  /** @internal day number of `firstDate` */
  readonly startDn: number;
  /** @internal 1 = working day, per day index */
  readonly working: Uint8Array;
  /** @internal working days in [0, i], per day index */
  readonly cum: Int32Array;
  /** @internal day index of the k-th working day (0-based) */
  readonly workIdx: Int32Array;
  /** @internal `YYYY-MM-DD` per day index */
  readonly iso: readonly string[];
  /** @internal listed days per calendar year */
  readonly entriesByYear: ReadonlyMap<number, readonly HolidayEntry[]>;
  /** @internal listed days per day number */
  readonly entriesByDay: ReadonlyMap<number, readonly HolidayEntry[]>;
}

const KIND_ORDER: Record<CalendarDayKind, number> = {
  holiday: 0,
  compensatory: 1,
  swapped_off: 2,
  makeup_working: 3,
};

function rangeError(field: string, vi: string, en: string): CalendarInputError {
  return new CalendarInputError('OUT_OF_RANGE', field, `${field}: ${vi}`, `${field}: ${en}`);
}

function keyName(key: HolidayKey, rule: HolidayRule | undefined, schedule: HolidaySchedule | undefined) {
  const known = (HOLIDAY_NAMES as Record<string, { vi: string; en: string }>)[key];
  if (known) return known;
  if (rule) return { vi: rule.name, en: rule.nameEn };
  return { vi: schedule?.name ?? key, en: schedule?.nameEn ?? key };
}

/** Name of a statutory day off: Tết days carry their lunar day, the second National Day "ngày liền kề". */
function dayName(key: HolidayKey, dn: number, base: { vi: string; en: string }): { vi: string; en: string } {
  if ((key as KnownHolidayKey) === 'tet') {
    const l = lunarDayLabel(formatDayNumber(dn));
    return { vi: `Tết Nguyên đán (${l.vi})`, en: `Lunar New Year (${l.en})` };
  }
  if ((key as KnownHolidayKey) === 'national_day') {
    const [, m, d] = civilFromDayNumber(dn);
    if (!(m === 9 && d === 2)) return { vi: 'Quốc khánh (ngày liền kề)', en: 'National Day (adjacent day)' };
  }
  return base;
}

function kindName(
  kind: CalendarDayKind,
  holiday: { vi: string; en: string },
  day: { vi: string; en: string },
) {
  switch (kind) {
    case 'holiday':
      return day;
    case 'compensatory':
      return { vi: `Nghỉ bù ${holiday.vi}`, en: `Compensatory day off for ${holiday.en}` };
    case 'swapped_off':
      return { vi: `Nghỉ hoán đổi dịp ${holiday.vi}`, en: `Swapped day off — ${holiday.en}` };
    case 'makeup_working':
      return { vi: `Làm bù dịp ${holiday.vi}`, en: `Make-up working day — ${holiday.en}` };
  }
}

function formatDocDate(d: IsoDate | null): string {
  return d ? ` ngày ${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : '';
}

function scheduleSource(s: HolidaySchedule): string {
  const doc = s.legalDocument ? `${s.legalDocument.number}${formatDocDate(s.legalDocument.date)}` : null;
  return doc ? `${doc} — ${s.source}` : s.source;
}

function ruleSource(r: HolidayRule): string {
  const doc = r.legalDocument ? ` (${r.legalDocument.number}${formatDocDate(r.legalDocument.date)})` : '';
  const dflt = r.pmDecides
    ? ' — ngày mặc định, được thay bằng lịch nghỉ chính thức khi nhập / default days, replaced by the official schedule when entered'
    : '';
  return `${r.legalBasis}${doc}${dflt}`;
}

function scheduleApplies(s: HolidaySchedule, asOf: IsoDate | null): boolean {
  if (s.enabled === false) return false;
  return asOf === null ? s.validTo === null : isInForce(s, asOf);
}

interface RawEntry extends HolidayEntry {
  dn: number;
}

/**
 * Builds a calendar snapshot.
 *
 * For each year (and each holiday key): if a verified `replace` schedule in force covers it, its days are
 * used; otherwise the rule version in force on the holiday's anchor date gives the days off, and each of
 * them that falls on a weekly rest day gives a compensatory day on the next working day (Labour Code
 * 45/2019/QH14 Art 111 cl.3). Verified `add` schedules are then added. A day is a **working day** when it
 * is not a weekly rest day and not a day off, or when it is a make-up working day.
 *
 * @throws CalendarInputError `OUT_OF_RANGE` (years), `INVALID_RULE`, `AMBIGUOUS_RULE`, `INVALID_SCHEDULE`,
 *   `SCHEDULE_CONFLICT` (two winners with the same validFrom, a day both off and make-up), `INVALID_DATE`
 * @example const cal = buildCalendar(); // seed schedules + default rules, 2019–2060
 */
export function buildCalendar(options: CalendarOptions = {}): CalendarSnapshot {
  const fromYear = options.fromYear ?? DEFAULT_FROM_YEAR;
  const toYear = options.toYear ?? DEFAULT_TO_YEAR;
  if (!Number.isInteger(fromYear) || fromYear < MIN_CALENDAR_YEAR || fromYear > MAX_CALENDAR_YEAR) {
    throw rangeError(
      'fromYear',
      `phải là năm từ ${MIN_CALENDAR_YEAR} đến ${MAX_CALENDAR_YEAR}`,
      `must be a year from ${MIN_CALENDAR_YEAR} to ${MAX_CALENDAR_YEAR}`,
    );
  }
  if (!Number.isInteger(toYear) || toYear < fromYear || toYear > MAX_CALENDAR_YEAR) {
    throw rangeError(
      'toYear',
      `phải là năm từ ${fromYear} đến ${MAX_CALENDAR_YEAR}`,
      `must be a year from ${fromYear} to ${MAX_CALENDAR_YEAR}`,
    );
  }
  const rules = options.holidayRules ?? DEFAULT_HOLIDAY_RULES;
  rules.forEach((r, i) => validateHolidayRule(r, `holidayRules[${i}]`));
  const ruleKeys = [...new Set(rules.map((r) => r.key))];
  for (const key of ruleKeys)
    assertNoOverlap(
      rules.filter((r) => r.key === key),
      `holidayRules(${key})`,
    );

  const restDays = options.weeklyRestDays ?? [6, 0];
  if (
    !Array.isArray(restDays) ||
    restDays.length >= 7 ||
    new Set(restDays).size !== restDays.length ||
    !restDays.every((d) => Number.isInteger(d) && d >= 0 && d <= 6)
  ) {
    throw new CalendarInputError(
      'INVALID_NUMBER',
      'weeklyRestDays',
      'weeklyRestDays: phải là các thứ trong tuần khác nhau, 0 (Chủ nhật) … 6 (thứ Bảy)',
      'weeklyRestDays: must be distinct days of the week, 0 (Sunday) … 6 (Saturday)',
    );
  }
  const isRest = new Array<boolean>(7).fill(false);
  for (const d of restDays) isRest[d] = true;
  const restOf = (dn: number): boolean => isRest[weekdayOfDayNumber(dn)] === true;

  const asOf = options.asOf ?? null;
  if (asOf !== null) parseIsoDate(asOf, 'asOf');
  const schedules = options.schedules ?? seedSchedules();
  const ids = new Set<string>();
  schedules.forEach((s, i) => {
    validateSchedule(s, `schedules[${i}]`, restDays);
    if (ids.has(s.id)) {
      throw new CalendarInputError(
        'SCHEDULE_CONFLICT',
        `schedules[${i}].id`,
        `Trùng mã lịch nghỉ ${s.id}`,
        `Duplicate schedule id ${s.id}`,
      );
    }
    ids.add(s.id);
  });

  // Margin years so that days near a year end (31/12/2018 for New Year 2019, compensatory days) are seen.
  const y0 = fromYear - 1;
  const y1 = toYear + 1;

  // ---- choose schedules
  const ignored: IgnoredSchedule[] = [];
  const winners = new Map<string, HolidaySchedule>();
  const adds: HolidaySchedule[] = [];
  for (const s of schedules) {
    if (s.year < y0 || s.year > y1) ignored.push({ id: s.id, reason: 'out_of_range' });
    else if (!s.verified) ignored.push({ id: s.id, reason: 'unverified' });
    else if (!scheduleApplies(s, asOf)) ignored.push({ id: s.id, reason: 'not_in_force' });
    else if (s.mode === 'add') adds.push(s);
    else {
      for (const key of s.holidays) {
        const k = `${s.year}|${key}`;
        const cur = winners.get(k);
        if (!cur) {
          winners.set(k, s);
          continue;
        }
        const a = cur.validFrom ?? '';
        const b = s.validFrom ?? '';
        if (a === b) {
          throw new CalendarInputError(
            'SCHEDULE_CONFLICT',
            'schedules',
            `Hai lịch nghỉ ${cur.id} và ${s.id} cùng quy định ${key} năm ${s.year} với cùng ngày hiệu lực`,
            `Schedules ${cur.id} and ${s.id} both fix ${key} ${s.year} with the same validFrom`,
          );
        }
        if (b > a) winners.set(k, s);
      }
    }
  }
  const winning = new Set(winners.values());
  const applied: string[] = [...adds.map((s) => s.id)];
  for (const s of schedules) {
    if (s.verified && s.mode === 'replace' && s.year >= y0 && s.year <= y1 && scheduleApplies(s, asOf)) {
      if (winning.has(s)) applied.push(s.id);
      else ignored.push({ id: s.id, reason: 'superseded' });
    }
  }

  // ---- collect special days
  const raw: RawEntry[] = [];
  const needComp: RawEntry[] = [];
  const scheduleKeys = [...new Set([...winners.keys()].map((k) => k.slice(k.indexOf('|') + 1)))];
  const keys = [...new Set([...ruleKeys, ...scheduleKeys])];
  const pushScheduleDays = (s: HolidaySchedule, onlyKey: HolidayKey | null): void => {
    for (const d of s.days) {
      if (onlyKey !== null && d.holiday !== onlyKey) continue;
      const dn = parseIsoDate(d.date, 'date');
      const rule = ruleForYear(rules, d.holiday, s.year, true);
      const base = keyName(d.holiday, rule, s);
      const n = kindName(d.kind, base, dayName(d.holiday, dn, base));
      raw.push({
        dn,
        date: d.date,
        kind: d.kind,
        holiday: d.holiday,
        name: n.vi,
        nameEn: n.en,
        source: scheduleSource(s),
        origin: 'schedule',
        ruleId: null,
        scheduleId: s.id,
        legalDocument: s.legalDocument,
        compensatesFor: null,
      });
    }
  };
  for (let y = y0; y <= y1; y++) {
    for (const key of keys) {
      const w = winners.get(`${y}|${key}`);
      if (w) {
        pushScheduleDays(w, key);
        continue;
      }
      const rule = ruleForYear(rules, key, y);
      if (!rule) continue;
      const anchor = anchorDayNumber(rule, y);
      const base = keyName(key, rule, undefined);
      for (const o of rule.offsets) {
        const dn = anchor + o;
        const n = dayName(key, dn, base);
        const e: RawEntry = {
          dn,
          date: formatDayNumber(dn),
          kind: 'holiday',
          holiday: key,
          name: n.vi,
          nameEn: n.en,
          source: ruleSource(rule),
          origin: rule.pmDecides ? 'default' : 'rule',
          ruleId: rule.id,
          scheduleId: null,
          legalDocument: rule.legalDocument,
          compensatesFor: null,
        };
        raw.push(e);
        if (rule.compensatory && restOf(dn)) needComp.push(e);
      }
    }
  }
  for (const s of adds) pushScheduleDays(s, null);

  const off = new Set<number>();
  const makeup = new Set<number>();
  for (const e of raw) (e.kind === 'makeup_working' ? makeup : off).add(e.dn);
  for (const dn of makeup) {
    if (off.has(dn)) {
      const date = formatDayNumber(dn);
      throw new CalendarInputError(
        'SCHEDULE_CONFLICT',
        'schedules',
        `Ngày ${date} vừa là ngày nghỉ vừa là ngày làm bù`,
        `${date} is both a day off and a make-up working day`,
      );
    }
  }
  // Compensatory days (Art 111 cl.3): the next day that is neither a weekly rest day nor already off.
  needComp.sort((a, b) => a.dn - b.dn);
  for (const h of needComp) {
    let dn = h.dn + 1;
    while (restOf(dn) || off.has(dn)) dn++;
    off.add(dn);
    const rule = rules.find((r) => r.id === h.ruleId);
    const base = keyName(h.holiday, rule, undefined);
    const n = kindName('compensatory', base, base);
    raw.push({
      ...h,
      dn,
      date: formatDayNumber(dn),
      kind: 'compensatory',
      name: n.vi,
      nameEn: n.en,
      compensatesFor: h.date,
    });
  }

  // ---- per-day arrays over [fromYear-01-01, toYear-12-31]
  const startDn = dayNumber(fromYear, 1, 1);
  const endDn = dayNumber(toYear, 12, 31);
  const n = endDn - startDn + 1;
  const working = new Uint8Array(n);
  const cum = new Int32Array(n);
  const iso = new Array<string>(n);
  let total = 0;
  let y = fromYear;
  let m = 1;
  let d = 1;
  for (let i = 0; i < n; i++) {
    const dn = startDn + i;
    const w = makeup.has(dn) || (!restOf(dn) && !off.has(dn));
    if (w) {
      working[i] = 1;
      total++;
    }
    cum[i] = total;
    iso[i] = `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
    if (++d > daysInMonth(y, m)) {
      d = 1;
      if (++m > 12) {
        m = 1;
        y++;
      }
    }
  }
  const workIdx = new Int32Array(total);
  for (let i = 0, k = 0; i < n; i++) if (working[i] === 1) workIdx[k++] = i;

  // ---- listing
  raw.sort(
    (a, b) =>
      a.dn - b.dn ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      (a.holiday < b.holiday ? -1 : a.holiday > b.holiday ? 1 : 0),
  );
  const entriesByYear = new Map<number, HolidayEntry[]>();
  const entriesByDay = new Map<number, HolidayEntry[]>();
  for (const r of raw) {
    if (r.dn < startDn || r.dn > endDn) continue;
    const { dn, ...entry } = r;
    Object.freeze(entry);
    const year = Number(entry.date.slice(0, 4));
    let list = entriesByYear.get(year);
    if (!list) entriesByYear.set(year, (list = []));
    list.push(entry);
    let day = entriesByDay.get(dn);
    if (!day) entriesByDay.set(dn, (day = []));
    day.push(entry);
  }
  for (const l of entriesByYear.values()) Object.freeze(l);
  for (const l of entriesByDay.values()) Object.freeze(l);

  // FNV-1a over the working pattern and its start.
  let h = 0x811c9dc5 ^ (startDn & 0xffff);
  for (let i = 0; i < n; i++) h = Math.imul(h ^ working[i]!, 0x01000193) >>> 0;
  const fingerprint = `${fromYear}-${toYear}-${(h >>> 0).toString(16).padStart(8, '0')}`;

  return Object.freeze({
    fromYear,
    toYear,
    firstDate: iso[0]!,
    lastDate: iso[n - 1]!,
    weeklyRestDays: Object.freeze([...restDays]),
    asOf,
    fingerprint,
    holidayRules: Object.freeze([...rules]),
    schedules: Object.freeze([...schedules]),
    appliedSchedules: Object.freeze(applied),
    ignoredSchedules: Object.freeze(ignored),
    startDn,
    working,
    cum,
    workIdx,
    iso: Object.freeze(iso),
    entriesByYear,
    entriesByDay,
  });
}

let defaultSnapshot: CalendarSnapshot | undefined;

/**
 * The calendar built from the shipped data (default rules, verified seed schedules, Saturday–Sunday rest,
 * 2019–2060), memoised. Production code should build its own snapshot from the database rows.
 */
export function defaultCalendar(): CalendarSnapshot {
  defaultSnapshot ??= buildCalendar();
  return defaultSnapshot;
}

/**
 * Every special day of a calendar year: statutory holidays (also those on a weekend), compensatory days,
 * swapped days off and make-up working days, sorted by date.
 *
 * @param year a year inside the snapshot's range
 * @returns `[{ date, kind, holiday, name, nameEn, source, origin, ruleId, scheduleId, legalDocument, compensatesFor }]`
 *   where `kind` is `'holiday' | 'compensatory' | 'swapped_off' | 'makeup_working'`
 * @throws CalendarInputError `OUT_OF_RANGE` outside the snapshot's years, `INVALID_NUMBER` for a non-integer
 * @example listHolidays(cal, 2026).filter(e => e.kind === 'compensatory') // [{ date: '2026-04-27', … }]
 */
export function listHolidays(cal: CalendarSnapshot, year: number): readonly HolidayEntry[] {
  if (!Number.isInteger(year)) {
    throw new CalendarInputError(
      'INVALID_NUMBER',
      'year',
      `year: ${String(year)} không phải năm`,
      `year: ${String(year)} is not a year`,
    );
  }
  if (year < cal.fromYear || year > cal.toYear) {
    throw rangeError(
      'year',
      `${year} ngoài phạm vi lịch ${cal.fromYear}–${cal.toYear}`,
      `${year} is outside the calendar (${cal.fromYear}–${cal.toYear})`,
    );
  }
  return cal.entriesByYear.get(year) ?? [];
}
