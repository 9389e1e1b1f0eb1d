/**
 * Reporting periods (kỳ báo cáo) and their data windows (REFERENCE §5).
 *
 * Sources: ND 09/2019/NĐ-CP (24/01/2019) art. 12 — the data cut-off of periodic reports: a month runs from
 * the 15th of the previous month to the 14th of the report month; a quarter from the 15th of the month
 * before the quarter to the 14th of the quarter's last month; 6 months from 15/12 of the previous year to
 * 14/06; the year from 15/12 of the previous year to 14/12. TT 06/2025/TT-TTCP (29/09/2025) uses the same
 * windows (Q1 15/12 → 14/03; 6 and 9 months and the year cumulative from 15/12) and sets the due dates:
 * communes and provincial departments send to UBND tỉnh by the **17th** of the period's last month (UBND
 * tỉnh to the Government Inspectorate by the 20th). The 9-month window 15/12 → 14/09 is the provinces' and
 * inspectors' practice (the seed is a 9-month report).
 *
 * All dates are calendar dates `YYYY-MM-DD` in Asia/Ho_Chi_Minh; windows are inclusive at both ends.
 * The Office's report is due on the 17th of the cut-off month (= cut-off + 3 calendar days), sent to the
 * Sở Nội vụ, which consolidates it for UBND tỉnh (as the seed does).
 */
import { badRequest } from '../../../kernel/errors.ts';
import { isIsoDate, shiftDate } from '../../../kernel/calendar/dates.ts';
import type { Bilingual, PeriodKind, ReportingPeriod } from './types.ts';

const ROMAN = ['I', 'II', 'III', 'IV'] as const;
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;

/** The 15th of the month before month `m` of year `y` (15/12 of y−1 for January). */
const startBefore = (y: number, m: number) => (m === 1 ? ymd(y - 1, 12, 15) : ymd(y, m - 1, 15));

/** Recipients of the Office's periodic report, in order (the seed is sent to the Sở Nội vụ). */
export const RECIPIENTS: Bilingual[] = [
  {
    vi: 'Sở Nội vụ (tổng hợp, tham mưu UBND tỉnh)',
    en: 'Department of Home Affairs (consolidates for the PPC)',
  },
  { vi: 'UBND tỉnh', en: "Provincial People's Committee" },
];

const BASIS_ND09 = 'NĐ 09/2019/NĐ-CP art. 12';
const BASIS_TT06 = 'TT 06/2025/TT-TTCP';
/** TT 06/2025/TT-TTCP (signed 29/09/2025) is in force from 30/09/2025; earlier periods rest on ND 09/2019 only. */
const TT06_IN_FORCE = '2025-09-30';

/**
 * The legal basis of a period ending (cut-off) on `to`: ND 09/2019/NĐ-CP art. 12 alone for a cut-off before
 * 30/09/2025, plus TT 06/2025/TT-TTCP from then on; `custom` → a window chosen by the user. `en` is the
 * ASCII-ish citation kept in `legalBasis`; `vi` goes to `legalBasisVi` (shown in the Vietnamese UI).
 */
function basisOf(kind: PeriodKind, to: string): Bilingual {
  if (kind === 'custom') return { vi: 'Kỳ tùy chọn (không phải kỳ báo cáo định kỳ)', en: 'custom window' };
  const nd09Vi = 'Điều 12 Nghị định số 09/2019/NĐ-CP';
  if (to < TT06_IN_FORCE) return { vi: nd09Vi, en: BASIS_ND09 };
  return {
    vi: `${nd09Vi}; Thông tư số 06/2025/TT-TTCP (số liệu lũy kế từ ngày 15/12 năm trước)`,
    en: `${BASIS_ND09}; ${BASIS_TT06} (cumulative from 15/12 of the previous year)`,
  };
}

/** dd/mm/yyyy as written in Vietnamese administrative text. */
export function viDate(d: string): string {
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
}

function make(
  kind: PeriodKind,
  year: number,
  number: number | null,
  label: Bilingual,
  from: string,
  to: string,
  cumulative: boolean,
): ReportingPeriod {
  const basis = basisOf(kind, to);
  return {
    kind,
    year,
    number,
    label,
    from,
    to,
    cumulative,
    // the 17th of the cut-off month (TT 06/2025): the cut-off is the 14th, so 3 days later
    due: shiftDate(to, 3),
    recipients: RECIPIENTS.map((r) => ({ ...r })),
    legalBasis: basis.en,
    legalBasisVi: basis.vi,
  };
}

function checkYear(year: number, path = 'year'): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    throw badRequest(
      'invalid_year',
      'Năm phải là số nguyên từ 2000 đến 2100.',
      'The year must be an integer from 2000 to 2100.',
      path,
    );
}

/**
 * One standard period. `number` is the month (1–12) for `month`, the quarter (1–4) for `quarter`, and
 * ignored otherwise. Windows per ND 09/2019/NĐ-CP art. 12 and TT 06/2025/TT-TTCP (module docstring).
 * 400 `invalid_year` / `invalid_number` on bad input; `custom` → use {@link customPeriod}.
 * @example reportingPeriod('9_months', 2022) → { from: '2021-12-15', to: '2022-09-14', due: '2022-09-17', … }
 */
export function reportingPeriod(kind: PeriodKind, year: number, number?: number | null): ReportingPeriod {
  checkYear(year);
  const badNumber = (max: number) =>
    badRequest(
      'invalid_number',
      `Số kỳ phải là số nguyên từ 1 đến ${max}.`,
      `The period number must be an integer from 1 to ${max}.`,
      'number',
    );
  switch (kind) {
    case 'month': {
      const m = number ?? NaN;
      if (!Number.isInteger(m) || m < 1 || m > 12) throw badNumber(12);
      return make(
        'month',
        year,
        m,
        { vi: `Tháng ${m} năm ${year}`, en: `${MONTHS_EN[m - 1]} ${year}` },
        startBefore(year, m),
        ymd(year, m, 14),
        false,
      );
    }
    case 'quarter': {
      const q = number ?? NaN;
      if (!Number.isInteger(q) || q < 1 || q > 4) throw badNumber(4);
      return make(
        'quarter',
        year,
        q,
        { vi: `Quý ${ROMAN[q - 1]} năm ${year}`, en: `Q${q} ${year}` },
        startBefore(year, 3 * q - 2),
        ymd(year, 3 * q, 14),
        q === 1,
      );
    }
    case '6_months':
      return make(
        '6_months',
        year,
        null,
        { vi: `6 tháng đầu năm ${year}`, en: `First 6 months of ${year}` },
        ymd(year - 1, 12, 15),
        ymd(year, 6, 14),
        true,
      );
    case '9_months':
      return make(
        '9_months',
        year,
        null,
        { vi: `9 tháng đầu năm ${year}`, en: `First 9 months of ${year}` },
        ymd(year - 1, 12, 15),
        ymd(year, 9, 14),
        true,
      );
    case 'year':
      return make(
        'year',
        year,
        null,
        { vi: `Năm ${year}`, en: `Year ${year}` },
        ymd(year - 1, 12, 15),
        ymd(year, 12, 14),
        true,
      );
    case 'custom':
      throw badRequest(
        'custom_needs_dates',
        'Kỳ tùy chọn cần "from" và "to".',
        'A custom period needs "from" and "to".',
        'from',
      );
    default:
      throw badRequest('invalid_kind', 'Loại kỳ báo cáo không hợp lệ.', 'Unknown period kind.', 'kind');
  }
}

/**
 * A custom window [from, to] (e.g. the seed's task table 12/11/2021 → 15/09/2022). Year = the year of `to`;
 * due = to + 3 days (as for the standard periods); not cumulative. 400 on an impossible or inverted window
 * or one longer than 10 years.
 */
export function customPeriod(from: string, to: string): ReportingPeriod {
  if (!isIsoDate(from))
    throw badRequest('invalid_date', 'Ngày không hợp lệ (YYYY-MM-DD).', 'Invalid date (YYYY-MM-DD).', 'from');
  if (!isIsoDate(to))
    throw badRequest('invalid_date', 'Ngày không hợp lệ (YYYY-MM-DD).', 'Invalid date (YYYY-MM-DD).', 'to');
  if (from > to)
    throw badRequest(
      'invalid_range',
      '"from" phải trước hoặc bằng "to".',
      '"from" must not be after "to".',
      'from',
    );
  const year = Number(to.slice(0, 4));
  checkYear(year, 'to');
  checkYear(Number(from.slice(0, 4)), 'from');
  if (Number(to.slice(0, 4)) - Number(from.slice(0, 4)) > 10)
    throw badRequest(
      'range_too_long',
      'Kỳ tùy chọn dài tối đa 10 năm.',
      'A custom period spans at most 10 years.',
      'from',
    );
  return make(
    'custom',
    year,
    null,
    {
      vi: `Từ ngày ${viDate(from)} đến ngày ${viDate(to)}`,
      en: `From ${viDate(from)} to ${viDate(to)}`,
    },
    from,
    to,
    false,
  );
}

/**
 * Every standard period of a year, in order: the 12 months, Q1–Q4, 6 months, 9 months, the year
 * (ND 09/2019/NĐ-CP art. 12; TT 06/2025/TT-TTCP). 400 `invalid_year` outside 2000–2100.
 */
export function reportingPeriods(year: number): ReportingPeriod[] {
  checkYear(year);
  const out: ReportingPeriod[] = [];
  for (let m = 1; m <= 12; m++) out.push(reportingPeriod('month', year, m));
  for (let q = 1; q <= 4; q++) out.push(reportingPeriod('quarter', year, q));
  out.push(
    reportingPeriod('6_months', year),
    reportingPeriod('9_months', year),
    reportingPeriod('year', year),
  );
  return out;
}

/** The input that names a period: a standard kind with year (and number), or a custom window. */
export interface PeriodSpec {
  kind: PeriodKind;
  year?: number | undefined;
  number?: number | null | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The period named by a query/body (400 with the field path when incomplete). */
export function periodOf(s: PeriodSpec): ReportingPeriod {
  if (s.kind === 'custom') {
    if (!s.from) throw badRequest('required', 'Thiếu "from".', '"from" is required.', 'from');
    if (!s.to) throw badRequest('required', 'Thiếu "to".', '"to" is required.', 'to');
    return customPeriod(s.from, s.to);
  }
  // from/to only for a custom window; number only for a month or a quarter (400, not silently ignored)
  for (const k of ['from', 'to'] as const)
    if (s[k] !== undefined)
      throw badRequest(
        'not_applicable',
        `"${k}" chỉ dùng cho kỳ tùy chọn (kind=custom).`,
        `"${k}" only applies to a custom period (kind=custom).`,
        k,
      );
  if (s.kind !== 'month' && s.kind !== 'quarter' && s.number !== undefined && s.number !== null)
    throw badRequest(
      'not_applicable',
      `"number" chỉ dùng cho kỳ tháng hoặc quý.`,
      `"number" only applies to a month or a quarter.`,
      'number',
    );
  if (s.year === undefined) throw badRequest('required', 'Thiếu "year".', '"year" is required.', 'year');
  if ((s.kind === 'month' || s.kind === 'quarter') && (s.number === undefined || s.number === null))
    throw badRequest('required', 'Thiếu "number".', '"number" is required.', 'number');
  return reportingPeriod(s.kind, s.year, s.number ?? null);
}

/**
 * The key of a period in drafts and snapshots: `9_months:2022`, `month:2022:9`, `quarter:2022:3`,
 * `custom:2022-01-01:2022-03-31`.
 */
export function periodKey(p: ReportingPeriod): string {
  if (p.kind === 'custom') return `custom:${p.from}:${p.to}`;
  if (p.kind === 'month' || p.kind === 'quarter') return `${p.kind}:${p.year}:${p.number}`;
  return `${p.kind}:${p.year}`;
}
