/**
 * From the national catalogue records (`./data/procedures.json`, see `./data/SOURCE.md`) to `ProcedureData`.
 *
 * Pure functions, no DB. Time limits are never guessed (issue 4 §1): a limit whose unit the record does
 * not state (a bare number such as "3"), states no number, or uses a unit we cannot represent (plain
 * "Giờ", which does not say working hours; month; year) is loaded with `unit: null, needsReview: true`.
 * Competent agencies map to our org codes by field (demo choice, docs/procedures.md).
 */
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../paths.ts';
import { nfc } from '../../kernel/text.ts';
import type { FeeEntry, LimitChannel, LimitUnit, ProcedureData, TimeLimitEntry } from './types.ts';

/** One record of `procedures.json` (fields used here). */
export interface CatalogueRecord {
  code: string;
  name: string;
  field: string | null;
  levels_en: string[];
  issuing_body: string | null;
  decision_no: string | null;
  applicants: string[] | null;
  implementing_agencies: string[] | null;
  competent_authority: string | null;
  coordinating_agency: string | null;
  processing: {
    channel_code: string;
    time_text: string | null;
    time_amount: number | null;
    time_unit: string | null;
    fee_text: string | null;
    fee_amount: number | null;
  }[];
  legal_basis: { title: string; code: string | null }[] | null;
  dossier_components: string[] | null;
  dossier_cases: { heading: string; count: number }[] | null;
  results: { name: string; code: string | null }[] | null;
  conditions: string | null;
  fisheries: boolean;
  detail_url: string | null;
}

let cached: CatalogueRecord[] | undefined;
/** The 600 records, parsed once per process. */
export function catalogueRecords(): CatalogueRecord[] {
  cached ??= JSON.parse(
    readFileSync(fromRoot('src', 'modules', 'procedures', 'data', 'procedures.json'), 'utf8'),
  ) as CatalogueRecord[];
  return cached;
}

const CHANNELS: Record<string, LimitChannel> = { in_person: 'counter', online: 'online', postal: 'postal' };
/** Units the catalogue states that we represent; anything else (hour, month, year, none) needs review. */
const UNITS: Record<string, LimitUnit> = {
  working_day: 'working_days',
  day: 'calendar_days',
  working_hour: 'working_hours',
};

/** The Vietnamese label of a unit, as the catalogue prints it. */
export const UNIT_LABELS: Record<LimitUnit, string> = {
  working_days: 'Ngày làm việc',
  calendar_days: 'Ngày',
  working_hours: 'Giờ làm việc',
};

/** Maps one `processing[]` entry's time to a `TimeLimitEntry` (never guessing a unit). */
export function mapTimeLimit(p: CatalogueRecord['processing'][number]): TimeLimitEntry | null {
  const channel = CHANNELS[p.channel_code];
  if (!channel) return null;
  const unit = p.time_unit ? (UNITS[p.time_unit] ?? null) : null;
  const value = p.time_amount ?? null;
  if (unit && value !== null) {
    return { channel, value, unit, text: p.time_text, needsReview: false };
  }
  return { channel, value, unit: null, text: p.time_text, needsReview: true };
}

// --- agencies (demo mapping by field) ---

/** A department in 2022 and the body that took its procedures over in 2025 (see demo-agencies.ts). */
export interface AgencyPair {
  y2022: string;
  y2025: string;
  /** first day of `y2025` */
  from: string;
}
const MERGED_FROM = '2025-03-01';
const pair = (y2022: string, y2025: string): AgencyPair => ({ y2022, y2025, from: MERGED_FROM });
const A = {
  agri: pair('SNNPTNT', 'SNNMT'),
  env: pair('STNMT', 'SNNMT'),
  transport: pair('SGTVT', 'SXD-2025'),
  construction: pair('SXD', 'SXD-2025'),
  justice: pair('STP', 'STP'),
  planning: pair('SKHDT', 'STC-2025'),
  finance: pair('STC', 'STC-2025'),
  labour: pair('SLDTBXH', 'SNV-2025'),
  poverty: pair('SLDTBXH', 'SNNMT'),
  home: pair('SNV', 'SNV-2025'),
  police: pair('CAT', 'CAT'),
  science: pair('SKHCN', 'SKHCN-2025'),
  ict: pair('STTTT', 'SKHCN-2025'),
  treasury: pair('KBNN', 'KBNN'),
  industrialZone: pair('BQLKKT', 'BQLKKT'),
};

const ENV_FIELDS = [
  'Đất đai',
  'Biển và hải đảo',
  'Tài nguyên nước',
  'Địa chất và khoáng sản',
  'Môi trường',
  'Bảo tồn thiên nhiên và Đa dạng sinh học',
  'Biến đổi khí hậu',
  'Khí tượng, thủy văn',
  'Đo đạc, bản đồ và thông tin địa lý',
];
const PLANNING_FIELDS = [
  'Thành lập và hoạt động của doanh nghiệp',
  'Thành lập và hoạt động doanh nghiệp xã hội',
  'Đầu tư tại Việt nam',
  'Đấu thầu',
  'Đấu thầu lựa chọn nhà đầu tư',
  'Đầu tư theo phương thức đối tác công tư',
  'Hỗ trợ doanh nghiệp nhỏ và vừa',
  'Hỗ trợ doanh nghiệp',
  'Hỗ trợ đầu tư',
  'Đầu tư vào nông nghiệp, nông thôn',
  'Thành lập và hoạt động của tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã',
  'Thành lập và hoạt động của tổ hợp tác',
  'Hỗ trợ tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã',
  'Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)',
];
const TRANSPORT_FIELDS = [
  'Đường bộ',
  'Đường sắt',
  'Hàng hải và đường thủy nội địa',
  'Đăng kiểm',
  'Sát hạch, cấp giấy phép lái xe',
];
/** Fields handled by bodies outside the committee's tree that we do not model (insurance, tax, customs…). */
const NO_LOCAL_AGENCY = [
  'Bảo hiểm',
  'Chi trả các chế độ BHXH',
  'Cấp sổ BHXH, thẻ BHYT',
  'Thực hiện chính sách BHXH',
  'Thực hiện chính sách BHYT',
  'Thu BHXH, BHYT, BHTN, BH tai nạn lao động, BNN',
  'Hải quan',
  'Thuế',
  'Chứng khoán',
  'Tòa án',
  'Thi hành án dân sự',
];

/**
 * The competent department of a record by field (demo): 2022 code and its 2025 successor, or null when the
 * record is not handled by a provincial department (commune or ministry level only, or a central body).
 */
export function agencyPairOf(r: CatalogueRecord): AgencyPair | null {
  const levels = r.levels_en;
  if (!levels.includes('province')) return null;
  const f = r.field ?? '';
  if (NO_LOCAL_AGENCY.includes(f)) return null;
  if (ENV_FIELDS.includes(f)) return A.env;
  if (f === 'Giảm nghèo') return A.poverty;
  if (f === 'Kiểm định kỹ thuật an toàn lao động') return A.labour;
  if (f === 'Tổ chức, cán bộ') return A.home;
  if (f === 'Khoa học và Công nghệ' || f === 'Khoa học công nghệ') return A.science;
  if (f === 'Tin học - Thống kê') return A.ict;
  if (f === 'Kho bạc Nhà nước') return A.treasury;
  if (f === 'Quản lý nhà nước về khu công nghiệp, khu kinh tế') return A.industrialZone;
  if (PLANNING_FIELDS.includes(f)) return A.planning;
  if (TRANSPORT_FIELDS.includes(f)) return A.transport;
  switch (r.issuing_body) {
    case 'Bộ Nông nghiệp và Môi trường':
      return A.agri;
    case 'Bộ Tư pháp':
      return A.justice;
    case 'Bộ Tài chính':
      return A.finance;
    case 'Bộ Công an':
      return A.police;
    case 'Bộ xây dựng (Giao thông vận tải cũ)':
    case 'Bộ Xây dựng':
      return A.construction;
    default:
      return null;
  }
}

/** The national record as `ProcedureData` (agency left to the caller: it depends on the version's date). */
export function mapRecord(r: CatalogueRecord): ProcedureData {
  const timeLimits = r.processing.map(mapTimeLimit).filter((t): t is TimeLimitEntry => !!t);
  const fees: FeeEntry[] = r.processing
    .filter((p) => p.fee_text || p.fee_amount !== null)
    .map((p) => ({
      channel: CHANNELS[p.channel_code] ?? null,
      amount: p.fee_amount,
      text: p.fee_text ?? '',
    }));
  const components: { name: string; case?: string | null }[] = [];
  const names = r.dossier_components ?? [];
  if (r.dossier_cases?.length) {
    let i = 0;
    for (const c of r.dossier_cases) {
      for (let k = 0; k < c.count && i < names.length; k++, i++)
        components.push({ name: names[i]!, case: c.heading });
    }
    for (; i < names.length; i++) components.push({ name: names[i]!, case: null });
  } else {
    for (const n of names) components.push({ name: n, case: null });
  }
  const agencyName =
    r.competent_authority ?? (r.implementing_agencies?.length ? r.implementing_agencies.join('; ') : null);
  return {
    code: r.code,
    name: nfc(r.name),
    field: r.field,
    levels: [...r.levels_en],
    agencyCode: null,
    agencyName,
    coordinatingAgencies: r.coordinating_agency ? [r.coordinating_agency] : [],
    timeLimits,
    fees,
    components,
    results: (r.results ?? []).map((x) => ({ name: x.name, code: x.code })),
    steps: [],
    interAgency: [],
    onlineLevel: null,
    legalBasis: (r.legal_basis ?? []).map((x) => ({ title: x.title, code: x.code })),
    applicants: r.applicants ?? [],
    conditions: r.conditions,
    fisheries: r.fisheries,
    sourceUrl: r.detail_url,
  };
}

/** True when some limit of the record waits for a reviewer. */
export const dataNeedsReview = (d: ProcedureData) => d.timeLimits.some((t) => t.needsReview);
