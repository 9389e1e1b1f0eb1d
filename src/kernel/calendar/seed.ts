/**
 * Seed data: the government's yearly holiday decisions from `data/vn-day-swaps.json`.
 *
 * The file is a byte-for-byte copy of the project's shared data file (sources and licence notes in
 * `data/SOURCE.md`; each entry keeps its `source_note` and `source_url`). It lists, per holiday and year,
 * the **weekdays** off and the make-up working days, but not which weekday off is statutory, compensatory
 * or swapped; {@link classifyScheduleDays} derives that (for display only — whether a day is worked does
 * not depend on it), and adds the statutory days that fall on a weekend.
 */
import seedJson from './data/vn-day-swaps.json' with { type: 'json' };
import { CalendarInputError } from './errors.ts';
import { formatDayNumber, parseIsoDate, type IsoDate } from './dates.ts';
import { anchorDayNumber, ruleForYear } from './anchors.ts';
import { DEFAULT_HOLIDAY_RULES, type HolidayKey, type HolidayRule, type LegalDocumentRef } from './rules.ts';
import { validateSchedule, type HolidaySchedule, type ScheduleDay } from './schedule.ts';

/** One entry of `vn-day-swaps.json`, as written in the file. */
export interface DaySwapSeedEntry {
  year: number;
  holiday: string;
  holiday_en: string;
  kind: 'swap' | 'schedule' | 'pending_law_change';
  period: { from: string; to: string } | null;
  days_off: string[];
  makeup_working_days: string[];
  applies_to: string;
  status: 'verified' | 'unverified';
  source_note: string;
  source_url: string | null;
}

/** Identifier of the seed file, used in schedule ids and sources. */
export const SEED_FILE = 'src/kernel/calendar/data/vn-day-swaps.json';

const HOLIDAY_PATTERNS: readonly [RegExp, HolidayKey][] = [
  [/Tết Dương lịch/u, 'new_year'],
  [/Tết Nguyên đán/u, 'tet'],
  [/Hùng Vương/u, 'hung_kings'],
  [/30\/4/u, 'reunification'],
  [/1\/5/u, 'labour'],
  [/Quốc khánh/u, 'national_day'],
  [/Văn hóa Việt Nam/u, 'culture_day'],
];

/** Holiday keys named by a Vietnamese holiday title of the seed ("Ngày Chiến thắng 30/4 và … 1/5" → two keys). */
export function holidayKeysOfTitle(title: string): HolidayKey[] {
  return HOLIDAY_PATTERNS.filter(([re]) => re.test(title)).map(([, k]) => k);
}

const DISPATCH_RE = /Công văn (\d+\/[\p{L}\d-]+) ngày (\d{1,2})\/(\d{1,2})\/(\d{4})/u;

/** The first "Công văn N/XXX ngày d/m/yyyy" quoted in a source note, as a legal document reference. */
export function legalDocumentOfNote(note: string): LegalDocumentRef | null {
  const m = DISPATCH_RE.exec(note);
  if (!m) return null;
  const [, number, d, mo, y] = m;
  const date = `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  parseIsoDate(date, 'legalDocument.date');
  return { number: number!, date, title: 'Văn phòng Chính phủ' };
}

/**
 * Labels the days of an announced schedule that lists only weekdays off.
 *
 * For the holidays `keys` of `year` (rule versions from `rules`):
 * 1. the **core** statutory dates (fixed by law: 1/1, 10/3 lunar, 30/4, 1/5, 2/9; for Tết mùng 1–3) are
 *    `holiday`, weekend or not;
 * 2. the other weekdays off, nearest to a core date first, fill the remaining statutory slots (5 days of
 *    Tết, the second National Day) as `holiday`;
 * 3. of what is left, as many as there are make-up working days are `swapped_off` (the farthest ones), the
 *    rest `compensatory`;
 * 4. make-up days are `makeup_working`.
 * Swapped and make-up days are attributed to the first key.
 * @throws CalendarInputError `INVALID_SCHEDULE` when the counts cannot be reconciled
 */
export function classifyScheduleDays(
  year: number,
  keys: readonly HolidayKey[],
  daysOff: readonly IsoDate[],
  makeupDays: readonly IsoDate[],
  rules: readonly HolidayRule[] = DEFAULT_HOLIDAY_RULES,
  field = 'schedule',
): ScheduleDay[] {
  const core = new Map<number, HolidayKey>();
  let slots = 0;
  for (const key of keys) {
    const rule = ruleForYear(rules, key, year, true);
    if (!rule) {
      throw new CalendarInputError(
        'INVALID_SCHEDULE',
        `${field}.holiday`,
        `${field}: không có quy tắc ngày lễ "${key}" cho năm ${year}`,
        `${field}: no holiday rule "${key}" for ${year}`,
      );
    }
    const anchor = anchorDayNumber(rule, year);
    for (const o of rule.coreOffsets) core.set(anchor + o, key);
    slots += rule.offsets.length - rule.coreOffsets.length;
  }
  const first = keys[0]!;
  const out: ScheduleDay[] = [];
  for (const [dn, key] of [...core].sort((a, b) => a[0] - b[0])) {
    out.push({ date: formatDayNumber(dn), kind: 'holiday', holiday: key });
  }
  const coreDns = [...core.keys()];
  const distance = (dn: number): number => Math.min(...coreDns.map((c) => Math.abs(c - dn)));
  const nearestKey = (dn: number): HolidayKey => {
    let best = first;
    let bestD = Infinity;
    for (const [c, k] of core) {
      if (Math.abs(c - dn) < bestD) {
        bestD = Math.abs(c - dn);
        best = k;
      }
    }
    return best;
  };
  const candidates = [...new Set(daysOff.map((d, i) => parseIsoDate(d, `${field}.days_off[${i}]`)))]
    .filter((dn) => !core.has(dn))
    .sort((a, b) => distance(a) - distance(b) || a - b);
  const flexible = candidates.slice(0, slots);
  const rest = candidates.slice(slots);
  const swaps = makeupDays.length;
  if (swaps > rest.length) {
    throw new CalendarInputError(
      'INVALID_SCHEDULE',
      `${field}.makeup_working_days`,
      `${field}: ${swaps} ngày làm bù nhưng chỉ ${rest.length} ngày nghỉ hoán đổi`,
      `${field}: ${swaps} make-up days but only ${rest.length} days that can be swapped`,
    );
  }
  const compensatory = rest.slice(0, rest.length - swaps);
  const swapped = rest.slice(rest.length - swaps);
  for (const dn of flexible)
    out.push({ date: formatDayNumber(dn), kind: 'holiday', holiday: nearestKey(dn) });
  for (const dn of compensatory)
    out.push({ date: formatDayNumber(dn), kind: 'compensatory', holiday: nearestKey(dn) });
  for (const dn of swapped) out.push({ date: formatDayNumber(dn), kind: 'swapped_off', holiday: first });
  makeupDays.forEach((d, i) => {
    parseIsoDate(d, `${field}.makeup_working_days[${i}]`);
    out.push({ date: d, kind: 'makeup_working', holiday: first });
  });
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Days of a swap-only entry: each weekday off is `swapped_off`, each make-up day `makeup_working`. */
function swapDays(
  key: HolidayKey,
  daysOff: readonly IsoDate[],
  makeupDays: readonly IsoDate[],
): ScheduleDay[] {
  return [
    ...daysOff.map((date): ScheduleDay => ({ date, kind: 'swapped_off', holiday: key })),
    ...makeupDays.map((date): ScheduleDay => ({ date, kind: 'makeup_working', holiday: key })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Entries of the seed announcing a change of law that is not yet in force (24/11 Ngày Văn hóa Việt Nam). */
export function seedPendingLawChanges(
  entries: readonly DaySwapSeedEntry[] = seedEntries(),
): DaySwapSeedEntry[] {
  return entries.filter((e) => e.kind === 'pending_law_change');
}

/** The raw entries of `vn-day-swaps.json`. */
export function seedEntries(): DaySwapSeedEntry[] {
  return seedJson as DaySwapSeedEntry[];
}

/**
 * Parses seed entries into schedules (verified and unverified; `pending_law_change` entries are not
 * schedules and are skipped — see {@link seedPendingLawChanges} and the disabled `vn.culture_day` rule).
 *
 * - `kind: 'schedule'` → `mode: 'replace'` (the full announced break, days classified by
 *   {@link classifyScheduleDays}); `kind: 'swap'` (only the swapped day is known) → `mode: 'add'`;
 * - `verified` ← `status === 'verified'`;
 * - `legalDocument` ← the "Công văn N/VPCP-KGVX ngày d/m/yyyy" quoted in `source_note`, if any;
 *   `validFrom` ← that document's date (else `null`);
 * - `source` keeps the entry's `source_note` and the seed file name; `sourceUrl` ← `source_url`.
 * @throws CalendarInputError `INVALID_SCHEDULE` when an entry cannot be read
 */
export function parseSeedSchedules(
  entries: readonly DaySwapSeedEntry[] = seedEntries(),
  rules: readonly HolidayRule[] = DEFAULT_HOLIDAY_RULES,
): HolidaySchedule[] {
  const out: HolidaySchedule[] = [];
  const ids = new Set<string>();
  entries.forEach((e, i) => {
    if (e.kind === 'pending_law_change') return;
    const field = `seed[${i}]`;
    const keys = holidayKeysOfTitle(e.holiday);
    if (keys.length === 0) {
      throw new CalendarInputError(
        'INVALID_SCHEDULE',
        `${field}.holiday`,
        `${field}: không nhận ra ngày lễ "${e.holiday}"`,
        `${field}: unknown holiday "${e.holiday}"`,
      );
    }
    const id = `seed:${e.year}:${keys.join('+')}`;
    if (ids.has(id)) {
      throw new CalendarInputError(
        'INVALID_SCHEDULE',
        `${field}`,
        `${field}: trùng mã ${id}`,
        `${field}: duplicate id ${id}`,
      );
    }
    ids.add(id);
    const legalDocument = legalDocumentOfNote(e.source_note);
    const schedule: HolidaySchedule = {
      id,
      year: e.year,
      holidays: keys,
      name: e.holiday,
      nameEn: e.holiday_en,
      period: e.period ? { from: e.period.from, to: e.period.to } : null,
      mode: e.kind === 'swap' ? 'add' : 'replace',
      days:
        e.kind === 'swap'
          ? swapDays(keys[0]!, e.days_off, e.makeup_working_days)
          : classifyScheduleDays(e.year, keys, e.days_off, e.makeup_working_days, rules, field),
      verified: e.status === 'verified',
      legalDocument,
      validFrom: legalDocument?.date ?? null,
      validTo: null,
      enabled: true,
      appliesTo: e.applies_to,
      source: `${e.source_note} [${SEED_FILE}]`,
      sourceUrl: e.source_url,
    };
    validateSchedule(schedule, field);
    out.push(schedule);
  });
  return out;
}

let seedCache: readonly HolidaySchedule[] | undefined;

/** The parsed seed schedules (memoised, frozen). */
export function seedSchedules(): readonly HolidaySchedule[] {
  seedCache ??= Object.freeze(parseSeedSchedules());
  return seedCache;
}
