/**
 * Effective-dated rules: the generic `validFrom`/`validTo` helper, and the statutory holiday rules of the
 * Labour Code as data.
 *
 * Vietnamese rules change by effective date (two legal eras around 01/07/2025, new laws from 01/07/2026 …).
 * A case keeps the rule version that was in force on the day it was received: look the version up with
 * {@link ruleInForce} using the receipt date, and store the version's `id` with the case.
 */
import { CalendarInputError } from './errors.ts';
import { parseIsoDate, toHcmDate, type IsoDate } from './dates.ts';

/**
 * A record that is in force on a date range. Both ends are inclusive calendar dates in Asia/Ho_Chi_Minh
 * (`"hết ngày 30/6"` → `validTo: '…-06-30'`); `null` means open-ended. `enabled: false` switches the record
 * off entirely (e.g. a rule that is announced but not yet law); a missing `enabled` counts as `true`.
 */
export interface EffectiveDated {
  validFrom: IsoDate | null;
  validTo: IsoDate | null;
  enabled?: boolean;
}

/** A legal document that a rule or a schedule rests on (number and date as printed on it). */
export interface LegalDocumentRef {
  /** Number and symbol, e.g. `'6519/VPCP-KGVX'`, `'45/2019/QH14'`. */
  number: string;
  /** Date of issue, `YYYY-MM-DD`, when known. */
  date: IsoDate | null;
  /** Issuing body or short title, free text (optional). */
  title?: string | null;
  url?: string | null;
}

/** How well a fact was checked, in the notation of the domain reference: V legal text, S secondary, U unverified. */
export type Verification = 'V' | 'S' | 'U';

/**
 * Validates the `validFrom`/`validTo`/`enabled` fields of a record.
 * @throws CalendarInputError `INVALID_DATE` (bad date) or `INVALID_RULE` (validFrom after validTo)
 */
export function validateEffectiveDated(rule: EffectiveDated, field: string): void {
  const from = rule.validFrom === null ? null : parseIsoDate(rule.validFrom, `${field}.validFrom`);
  const to = rule.validTo === null ? null : parseIsoDate(rule.validTo, `${field}.validTo`);
  if (from !== null && to !== null && from > to) {
    throw new CalendarInputError(
      'INVALID_RULE',
      `${field}.validTo`,
      `${field}: ngày hết hiệu lực (${rule.validTo}) trước ngày có hiệu lực (${rule.validFrom})`,
      `${field}: validTo (${rule.validTo}) is before validFrom (${rule.validFrom})`,
    );
  }
  if (rule.enabled !== undefined && typeof rule.enabled !== 'boolean') {
    throw new CalendarInputError(
      'INVALID_RULE',
      `${field}.enabled`,
      `${field}.enabled phải là true/false`,
      `${field}.enabled must be a boolean`,
    );
  }
}

/** True when `rule` is enabled and `date` (`YYYY-MM-DD`) lies in `[validFrom, validTo]`. */
export function isInForce(rule: EffectiveDated, date: IsoDate): boolean {
  if (rule.enabled === false) return false;
  if (rule.validFrom !== null && date < rule.validFrom) return false;
  if (rule.validTo !== null && date > rule.validTo) return false;
  return true;
}

/**
 * The version of a rule in force on a date.
 *
 * `rules` are the versions of **one** rule (same key), e.g. "complaint acceptance: 10 working days until
 * 2026-06-30" and "7 working days from 2026-07-01". Disabled versions (`enabled: false`) are skipped.
 *
 * @param rules versions, each with inclusive `validFrom`/`validTo` (`null` = open)
 * @param date a `YYYY-MM-DD` date, or an instant (`Date` / ISO string) read in Asia/Ho_Chi_Minh — pass the
 *   day the case was received so the case keeps that version (Domain reference §0: "a case keeps the version
 *   in force when received")
 * @returns the version in force, or `undefined` when none is
 * @throws CalendarInputError `AMBIGUOUS_RULE` when two enabled versions overlap on `date`;
 *   `INVALID_DATE` / `INVALID_DATETIME` for a bad date
 * @example ruleInForce(DEFAULT_TIME_LIMIT_RULES.filter(r => r.key === 'complaint.acceptance'), '2026-07-01')?.amount // 7
 */
export function ruleInForce<T extends EffectiveDated>(
  rules: readonly T[],
  date: IsoDate | Date,
): T | undefined {
  let day: IsoDate;
  if (date instanceof Date) day = toHcmDate(date, 'date');
  else if (typeof date === 'string' && date.length === 10) {
    parseIsoDate(date, 'date');
    day = date;
  } else day = toHcmDate(date, 'date');
  let found: T | undefined;
  for (const r of rules) {
    if (!isInForce(r, day)) continue;
    if (found !== undefined) {
      const idOf = (x: unknown): string =>
        typeof x === 'object' && x !== null && 'id' in x ? String((x as { id: unknown }).id) : '?';
      throw new CalendarInputError(
        'AMBIGUOUS_RULE',
        'rules',
        `Có hơn một phiên bản quy tắc có hiệu lực ngày ${day} (${idOf(found)}, ${idOf(r)})`,
        `More than one rule version is in force on ${day} (${idOf(found)}, ${idOf(r)})`,
      );
    }
    found = r;
  }
  return found;
}

/**
 * Checks that no two enabled versions overlap (each date has at most one version in force).
 * @throws CalendarInputError `AMBIGUOUS_RULE` naming the first overlapping pair
 */
export function assertNoOverlap(versions: readonly (EffectiveDated & { id: string })[], field: string): void {
  const on = versions.filter((v) => v.enabled !== false);
  for (let i = 0; i < on.length; i++) {
    for (let j = i + 1; j < on.length; j++) {
      const a = on[i]!;
      const b = on[j]!;
      const aFrom = a.validFrom ?? '0000-01-01';
      const aTo = a.validTo ?? '9999-12-31';
      const bFrom = b.validFrom ?? '0000-01-01';
      const bTo = b.validTo ?? '9999-12-31';
      if (aFrom <= bTo && bFrom <= aTo) {
        throw new CalendarInputError(
          'AMBIGUOUS_RULE',
          field,
          `${field}: hai phiên bản ${a.id} và ${b.id} có hiệu lực chồng lấn`,
          `${field}: versions ${a.id} and ${b.id} overlap`,
        );
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Statutory holidays as data
// ---------------------------------------------------------------------------------------------------

/** Keys of the statutory holidays known to the kernel; admins may add others (any string). */
export type KnownHolidayKey =
  'new_year' | 'tet' | 'hung_kings' | 'reunification' | 'labour' | 'national_day' | 'culture_day';
export type HolidayKey = KnownHolidayKey | (string & {});

/**
 * A statutory holiday rule: "days off at these offsets from an anchor date each year".
 *
 * Stored as a row; admins can add versions (new `id`, new `validFrom`) or switch one on with its legal
 * document (see {@link enableHolidayRule}). The version used for a year is the one in force on that
 * year's anchor date.
 */
export interface HolidayRule extends EffectiveDated {
  id: string;
  key: HolidayKey;
  name: string;
  nameEn: string;
  /** The date the holiday is tied to: solar (dương lịch) or lunar (âm lịch, Vietnamese tables) day/month. */
  anchor: { calendar: 'solar' | 'lunar'; month: number; day: number };
  /** Offsets in days from the anchor that are days off by default, e.g. Tết `[-1, 0, 1, 2, 3]`. */
  offsets: number[];
  /**
   * Offsets that every official schedule contains (the date is fixed by law, or — for Tết — mùng 1–3, which
   * every schedule so far kept). Used only to classify the days of a schedule that lists weekdays off
   * without saying which are statutory, compensatory or swapped.
   */
  coreOffsets: number[];
  /**
   * True when the Prime Minister decides the exact days (Labour Code 2019 Art 112 cl.3: Tết and the second
   * National Day): the offsets are then only this kernel's documented default until an official schedule
   * is entered, and the days are listed with `origin: 'default'`.
   */
  pmDecides: boolean;
  /** Whether a day on the weekly rest day gives a compensatory day (Labour Code 2019 Art 111 cl.3). */
  compensatory: boolean;
  legalBasis: string;
  verification: Verification;
  /** The document that put this version in force, when an admin switched it on. */
  legalDocument: LegalDocumentRef | null;
  note?: string | null;
}

const LC2019 = 'Bộ luật Lao động 45/2019/QH14, Điều 112 khoản 1; nghỉ bù: Điều 111 khoản 3';
const LC2012 = 'Bộ luật Lao động 10/2012/QH13, Điều 115 (trước 01/01/2021)';

/** Display names of the known holidays (Vietnamese, English). */
export const HOLIDAY_NAMES: Readonly<Record<KnownHolidayKey, { vi: string; en: string }>> = {
  new_year: { vi: 'Tết Dương lịch', en: "New Year's Day" },
  tet: { vi: 'Tết Âm lịch (Tết Nguyên đán)', en: 'Lunar New Year (Tết)' },
  hung_kings: { vi: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', en: "Hung Kings' Commemoration Day" },
  reunification: { vi: 'Ngày Chiến thắng (30/4)', en: 'Victory Day (30 April)' },
  labour: { vi: 'Ngày Quốc tế lao động (1/5)', en: 'International Labour Day (1 May)' },
  national_day: { vi: 'Quốc khánh (2/9)', en: 'National Day (2 September)' },
  culture_day: { vi: 'Ngày Văn hóa Việt Nam (24/11)', en: 'Vietnam Culture Day (24 November)' },
};

function base(
  key: KnownHolidayKey,
  anchor: HolidayRule['anchor'],
  extra: Partial<HolidayRule> = {},
): HolidayRule {
  return {
    id: `vn.${key}`,
    key,
    name: HOLIDAY_NAMES[key].vi,
    nameEn: HOLIDAY_NAMES[key].en,
    anchor,
    offsets: [0],
    coreOffsets: [0],
    pmDecides: false,
    compensatory: true,
    legalBasis: `${LC2019}. ${LC2012}`,
    verification: 'V',
    legalDocument: null,
    // Labour Code 2012 in force 01/05/2013: the same days (Tết 5 days) except a single National Day.
    validFrom: '2013-05-01',
    validTo: null,
    enabled: true,
    note: null,
    ...extra,
  };
}

/**
 * The statutory holiday rules shipped with the kernel (rows an admin can edit).
 *
 * - 1/1; Tết 5 days; Hùng Kings 10/3 lunar; 30/4; 1/5; 2/9 + one adjacent day — Labour Code 45/2019/QH14
 *   Art 112 cl.1, in force 01/01/2021. A day on the weekly rest day gives a compensatory day on the next
 *   working day (Art 111 cl.3).
 * - **Defaults, replaced by the official schedule when one is entered** (the PM fixes the days, Art 112 cl.3):
 *   Tết = last day of the old lunar year + lunar 1/1–4/1; the day adjacent to 2/9 = 3/9.
 * - Before 2021 (Labour Code 10/2012/QH13 Art 115, in force 01/05/2013): the same days but National Day is
 *   2/9 only.
 * - 24/11 Ngày Văn hóa Việt Nam: announced policy (NQ 80-NQ/TW, NQ 30/NQ-CP), not yet law — shipped
 *   **switched off**; an admin turns it on with the amending law/decree as `legalDocument`.
 */
export const DEFAULT_HOLIDAY_RULES: readonly HolidayRule[] = Object.freeze([
  base('new_year', { calendar: 'solar', month: 1, day: 1 }),
  base(
    'tet',
    { calendar: 'lunar', month: 1, day: 1 },
    {
      offsets: [-1, 0, 1, 2, 3],
      coreOffsets: [0, 1, 2],
      pmDecides: true,
      note:
        'Mặc định: ngày cuối năm âm lịch và mùng 1–4 tháng Giêng; Thủ tướng quyết định ngày cụ thể hằng năm. ' +
        'Default: last day of the old lunar year + lunar 1/1–4/1; the PM fixes the exact days each year.',
    },
  ),
  base('hung_kings', { calendar: 'lunar', month: 3, day: 10 }),
  base('reunification', { calendar: 'solar', month: 4, day: 30 }),
  base('labour', { calendar: 'solar', month: 5, day: 1 }),
  base(
    'national_day',
    { calendar: 'solar', month: 9, day: 2 },
    {
      id: 'vn.national_day.lc2012',
      legalBasis: LC2012,
      verification: 'U',
      validTo: '2020-12-31',
    },
  ),
  base(
    'national_day',
    { calendar: 'solar', month: 9, day: 2 },
    {
      id: 'vn.national_day.lc2019',
      offsets: [0, 1],
      coreOffsets: [0],
      pmDecides: true,
      legalBasis: LC2019,
      validFrom: '2021-01-01',
      note:
        'Ngày liền kề mặc định là 3/9; Thủ tướng quyết định ngày 1/9 hoặc 3/9 hằng năm. ' +
        'The adjacent day defaults to 3/9; the PM picks 1/9 or 3/9 each year.',
    },
  ),
  base(
    'culture_day',
    { calendar: 'solar', month: 11, day: 24 },
    {
      enabled: false,
      validFrom: null,
      verification: 'S',
      legalBasis:
        'Nghị quyết 80-NQ/TW (07/01/2026) của Bộ Chính trị; Nghị quyết 30/NQ-CP giao sửa khoản 1 Điều 112 ' +
        'Bộ luật Lao động. Chưa có hiệu lực pháp luật.',
      note:
        'Tắt cho đến khi Bộ luật Lao động được sửa; quản trị viên bật kèm văn bản pháp lý và ngày hiệu lực. ' +
        'Off until the Labour Code is amended; an admin switches it on with the legal document and start date.',
    },
  ),
]);

/**
 * Admin action: switch a holiday rule on, from `validFrom`, on the strength of `legalDocument`.
 * Returns a new rule; the input is not changed.
 * @throws CalendarInputError `INVALID_RULE` (missing document number) / `INVALID_DATE`
 * @example enableHolidayRule(cultureDay, { legalDocument: { number: '…/2026/QH16', date: '2026-…' }, validFrom: '2026-07-01' })
 */
export function enableHolidayRule(
  rule: HolidayRule,
  change: { legalDocument: LegalDocumentRef; validFrom: IsoDate; validTo?: IsoDate | null },
): HolidayRule {
  validateLegalDocument(change.legalDocument, 'legalDocument');
  const next: HolidayRule = {
    ...rule,
    enabled: true,
    validFrom: change.validFrom,
    validTo: change.validTo ?? null,
    legalDocument: { ...change.legalDocument },
  };
  validateEffectiveDated(next, 'rule');
  return next;
}

/** Admin action: switch a holiday rule off (kept for history). Returns a new rule. */
export function disableHolidayRule(rule: HolidayRule): HolidayRule {
  return { ...rule, enabled: false };
}

/** @throws CalendarInputError `INVALID_RULE` when the number is empty, `INVALID_DATE` for a bad date */
export function validateLegalDocument(doc: LegalDocumentRef | null | undefined, field: string): void {
  if (!doc || typeof doc.number !== 'string' || doc.number.trim() === '') {
    throw new CalendarInputError(
      'INVALID_RULE',
      `${field}.number`,
      `${field}: thiếu số, ký hiệu văn bản pháp lý`,
      `${field}: the legal document number is missing`,
    );
  }
  if (doc.date !== null && doc.date !== undefined) parseIsoDate(doc.date, `${field}.date`);
}

/**
 * Validates a holiday rule row.
 * @throws CalendarInputError `INVALID_RULE` / `INVALID_DATE`
 */
export function validateHolidayRule(rule: HolidayRule, field: string): void {
  const bad = (f: string, vi: string, en: string): never => {
    throw new CalendarInputError('INVALID_RULE', `${field}.${f}`, `${field}: ${vi}`, `${field}: ${en}`);
  };
  if (typeof rule.id !== 'string' || rule.id === '') bad('id', 'thiếu mã quy tắc', 'missing id');
  if (typeof rule.key !== 'string' || rule.key === '')
    bad('key', 'thiếu khóa ngày lễ', 'missing holiday key');
  const a = rule.anchor;
  if (!a || (a.calendar !== 'solar' && a.calendar !== 'lunar'))
    bad('anchor', 'mốc không hợp lệ', 'invalid anchor');
  if (!Number.isInteger(a.month) || a.month < 1 || a.month > 12 || !Number.isInteger(a.day) || a.day < 1) {
    bad('anchor', 'ngày/tháng mốc không hợp lệ', 'invalid anchor day/month');
  }
  if (a.day > (a.calendar === 'lunar' ? 30 : 31))
    bad('anchor', 'ngày mốc không hợp lệ', 'invalid anchor day');
  if (!Array.isArray(rule.offsets) || rule.offsets.length === 0 || !rule.offsets.every(Number.isInteger)) {
    bad('offsets', 'danh sách ngày nghỉ không hợp lệ', 'offsets must be a non-empty list of integers');
  }
  if (!Array.isArray(rule.coreOffsets) || !rule.coreOffsets.every((o) => rule.offsets.includes(o))) {
    bad('coreOffsets', 'coreOffsets phải nằm trong offsets', 'coreOffsets must be a subset of offsets');
  }
  validateEffectiveDated(rule, field);
  if (rule.legalDocument !== null) validateLegalDocument(rule.legalDocument, `${field}.legalDocument`);
}
