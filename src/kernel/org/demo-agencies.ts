/**
 * Demo organisation of a real province: Quảng Ngãi as it stood in 2022, with its 2025 changes.
 *
 * Pure data, no DB and no HTTP: the server loads it on an empty database through the normal import
 * services. Real facts come from the seed report (9-month 2022 report of the provincial Office) and from
 * the administrative-unit files in `./data/` (see `./data/SOURCE.md`, MIT). Facts that are a plausible
 * reconstruction carry `demo: true`; `docs/demo-data.md` lists them.
 *
 * Codes: the committee and its leaders, departments and Office units use short ASCII codes ('UBND', 'CT',
 * 'SNV', 'VP-KTTH'); old districts use their official 3-digit code ('522') and old communes their
 * official 5-digit code ('21010'). A new (2025) commune-level unit usually reuses the official code of one
 * of the old communes it was formed from, so its agency code is the official code with the suffix
 * `-2025` ('21025-2025'); see {@link newUnitCode}. Units are matched by code, never by name.
 */
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../paths.ts';

export type AgencyKind =
  | 'committee'
  | 'chairman'
  | 'vice_chairman'
  | 'department'
  | 'board'
  | 'district'
  | 'commune'
  | 'office_unit'
  | 'other';

export interface AgencySuccessorSeed {
  code: string;
  kind: 'merge' | 'rename' | 'split';
  /** First day of the successor (YYYY-MM-DD). */
  date: string;
}

export interface AgencySeed {
  /** ASCII, unique, stable. */
  code: string;
  /** Vietnamese, NFC. */
  name: string;
  nameEn: string;
  kind: AgencyKind;
  /** Parent code. */
  parent: string | null;
  /** YYYY-MM-DD. */
  validFrom: string;
  /** YYYY-MM-DD, last day valid (inclusive); null = still valid. */
  validTo: string | null;
  successors: AgencySuccessorSeed[];
  /** True where the fact is a plausible reconstruction, not from an official source. */
  demo?: boolean;
}

/** Last day of the district level and of the old communes (two-tier local government from 2025-07-01). */
export const LAST_DAY_OF_DISTRICTS = '2025-06-30';
/** First day of the new commune-level units of the merged province. */
export const FIRST_DAY_OF_2025_UNITS = '2025-07-01';
/** Last day of the departments merged in the 2025 restructuring (reconstructed date). */
export const LAST_DAY_OF_MERGED_DEPARTMENTS = '2025-02-28';
/** First day of the departments formed by the 2025 mergers (reconstructed date). */
export const FIRST_DAY_OF_MERGED_DEPARTMENTS = '2025-03-01';

/**
 * Floor used as `validFrom` for bodies that existed before the demo window: not their founding date
 * (not in our sources), only a date on which they certainly existed with this code and parent.
 */
const FLOOR = '2020-01-01';
/** The province of Quảng Ngãi was re-established on 1 July 1989. */
const PROVINCE_SINCE = '1989-07-01';

/** Agency code of a 2025 commune-level unit, from its official 5-digit code ('21025' → '21025-2025'). */
export function newUnitCode(officialCode: string): string {
  return `${officialCode}-2025`;
}

// --- administrative-unit files (copied from /work/shared/data/admin-units; MIT, see data/SOURCE.md) ---

interface Pre2025Commune {
  code: string;
  name: string;
  name_en: string;
  new_codes: string[];
}
interface Pre2025District {
  code: string;
  name: string;
  name_en: string;
  communes: Pre2025Commune[];
  new_codes: string[];
}
interface Pre2025File {
  provinces: { code: string; districts: Pre2025District[] }[];
}
interface Unit2025 {
  code: string;
  name: string;
  name_en: string;
  formed_from: { old_code: string; old_level: string; old_province_code: string }[];
}
interface Units2025File {
  units: Unit2025[];
}
interface OldToNewRecord {
  old_province_code: string;
  old_district_code: string;
  old_code: string;
  old_level: string;
  new: { code: string; type: string }[];
}

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(fromRoot('src', 'kernel', 'org', 'data', name), 'utf8')) as T;
}

let cachedFiles: { pre: Pre2025File; units: Units2025File; oldToNew: OldToNewRecord[] } | undefined;
function files() {
  cachedFiles ??= {
    pre: readJson<Pre2025File>('quang-ngai-kon-tum-pre2025-units.json'),
    units: readJson<Units2025File>('quang-ngai-2025-units.json'),
    oldToNew: readJson<OldToNewRecord[]>('old-to-new-quang-ngai-kon-tum.json'),
  };
  return cachedFiles;
}

const nfc = (s: string) => s.normalize('NFC');

// --- the provincial committee, its leaders, the Office ---

type Row = Omit<AgencySeed, 'successors' | 'validTo'> & {
  validTo?: string | null;
  successors?: AgencySuccessorSeed[];
};

const LEADERSHIP: Row[] = [
  {
    code: 'UBND',
    name: 'Ủy ban nhân dân tỉnh Quảng Ngãi',
    nameEn: "Quang Ngai Provincial People's Committee",
    kind: 'committee',
    parent: null,
    validFrom: PROVINCE_SINCE,
  },
  {
    code: 'CT',
    name: 'Chủ tịch Ủy ban nhân dân tỉnh',
    nameEn: "Chairman of the Provincial People's Committee",
    kind: 'chairman',
    parent: 'UBND',
    validFrom: PROVINCE_SINCE,
  },
  {
    code: 'PCT-TT',
    name: 'Phó Chủ tịch Thường trực Ủy ban nhân dân tỉnh (khối kinh tế - tổng hợp, nội chính)',
    nameEn: "Standing Vice-Chairman of the Provincial People's Committee (economy, internal affairs)",
    kind: 'vice_chairman',
    parent: 'UBND',
    validFrom: '2021-07-01',
    demo: true,
  },
  {
    code: 'PCT-NN',
    name: 'Phó Chủ tịch Ủy ban nhân dân tỉnh (khối nông nghiệp - tài nguyên, công nghiệp - xây dựng)',
    nameEn:
      "Vice-Chairman of the Provincial People's Committee (agriculture, resources, industry, construction)",
    kind: 'vice_chairman',
    parent: 'UBND',
    validFrom: '2021-07-01',
    demo: true,
  },
  {
    code: 'PCT-VX',
    name: 'Phó Chủ tịch Ủy ban nhân dân tỉnh (khối văn hóa - xã hội)',
    nameEn: "Vice-Chairman of the Provincial People's Committee (culture and social affairs)",
    kind: 'vice_chairman',
    parent: 'UBND',
    validFrom: '2021-07-01',
    demo: true,
  },
  {
    code: 'VP',
    name: 'Văn phòng Ủy ban nhân dân tỉnh',
    nameEn: "Office of the Provincial People's Committee",
    kind: 'department',
    parent: 'UBND',
    validFrom: FLOOR,
  },
];

/**
 * The Office's 8 units after its restructuring under Quyết định 55/2021/QĐ-UBND (12 → 8 units, seed).
 * The seed names five; the three specialised rooms (KGVX, CNXD, NNTN) complete the 8 plausibly, after
 * the unit suffixes of the committee's letters. The date of the restructuring is not in the seed.
 */
const OFFICE_UNITS_FROM = '2021-11-01';
const OFFICE_UNITS: Row[] = [
  ['VP-HCQT', 'Phòng Hành chính - Quản trị', 'Administration and Facilities Division', false],
  ['VP-KTTH', 'Phòng Kinh tế - Tổng hợp', 'Economic and General Affairs Division', false],
  ['VP-NC', 'Phòng Nội chính', 'Internal Affairs Division', false],
  ['VP-KGVX', 'Phòng Khoa giáo - Văn xã', 'Education, Culture and Social Affairs Division', true],
  ['VP-CNXD', 'Phòng Công nghiệp - Xây dựng', 'Industry and Construction Division', true],
  ['VP-NNTN', 'Phòng Nông nghiệp - Tài nguyên', 'Agriculture and Natural Resources Division', true],
  [
    'VP-TTHC',
    'Trung tâm Phục vụ - Kiểm soát thủ tục hành chính tỉnh',
    'Provincial Public Service and Administrative Procedure Control Centre',
    false,
  ],
  ['VP-BTCD', 'Ban Tiếp công dân tỉnh', "Provincial Citizens' Reception Board", false],
].map(([code, name, nameEn, demo]) => ({
  code: code as string,
  name: name as string,
  nameEn: nameEn as string,
  kind: 'office_unit' as const,
  parent: 'VP',
  validFrom: OFFICE_UNITS_FROM,
  ...(demo ? { demo: true } : {}),
}));

// --- departments and boards of 2022, and the 2025 mergers ---

const merged = (code: string, kind: AgencySuccessorSeed['kind'] = 'merge'): Partial<Row> => ({
  validTo: LAST_DAY_OF_MERGED_DEPARTMENTS,
  successors: [{ code, kind, date: FIRST_DAY_OF_MERGED_DEPARTMENTS }],
});

const dept = (code: string, name: string, nameEn: string, extra: Partial<Row> = {}): Row => ({
  code,
  name,
  nameEn,
  kind: 'department',
  parent: 'UBND',
  validFrom: FLOOR,
  ...extra,
});

const DEPARTMENTS_2022: Row[] = [
  dept('SNV', 'Sở Nội vụ', 'Department of Home Affairs', merged('SNV-2025')),
  dept('STP', 'Sở Tư pháp', 'Department of Justice'),
  dept('SKHDT', 'Sở Kế hoạch và Đầu tư', 'Department of Planning and Investment', merged('STC-2025')),
  dept('STC', 'Sở Tài chính', 'Department of Finance', merged('STC-2025')),
  dept('SCT', 'Sở Công Thương', 'Department of Industry and Trade'),
  dept(
    'SNNPTNT',
    'Sở Nông nghiệp và Phát triển nông thôn',
    'Department of Agriculture and Rural Development',
    merged('SNNMT'),
  ),
  dept(
    'STNMT',
    'Sở Tài nguyên và Môi trường',
    'Department of Natural Resources and Environment',
    merged('SNNMT'),
  ),
  dept('SGTVT', 'Sở Giao thông vận tải', 'Department of Transport', merged('SXD-2025')),
  dept('SXD', 'Sở Xây dựng', 'Department of Construction', merged('SXD-2025')),
  dept(
    'STTTT',
    'Sở Thông tin và Truyền thông',
    'Department of Information and Communications',
    merged('SKHCN-2025'),
  ),
  dept('SKHCN', 'Sở Khoa học và Công nghệ', 'Department of Science and Technology', merged('SKHCN-2025')),
  dept(
    'SLDTBXH',
    'Sở Lao động - Thương binh và Xã hội',
    'Department of Labour, Invalids and Social Affairs',
    merged('SNV-2025'),
  ),
  dept('SVHTTDL', 'Sở Văn hóa, Thể thao và Du lịch', 'Department of Culture, Sports and Tourism'),
  dept('SGDDT', 'Sở Giáo dục và Đào tạo', 'Department of Education and Training'),
  dept('SYT', 'Sở Y tế', 'Department of Health'),
  dept('TTT', 'Thanh tra tỉnh', 'Provincial Inspectorate'),
  dept('BDT', 'Ban Dân tộc', 'Ethnic Minorities Committee', merged('SDTTG', 'rename')),
  dept('SNGV', 'Sở Ngoại vụ', 'Department of Foreign Affairs', { demo: true, ...merged('VP') }),
];

const DEPARTMENTS_2025: Row[] = [
  ['SNNMT', 'Sở Nông nghiệp và Môi trường', 'Department of Agriculture and Environment'],
  ['STC-2025', 'Sở Tài chính', 'Department of Finance (merged with Planning and Investment)'],
  ['SXD-2025', 'Sở Xây dựng', 'Department of Construction (merged with Transport)'],
  [
    'SKHCN-2025',
    'Sở Khoa học và Công nghệ',
    'Department of Science and Technology (merged with Information and Communications)',
  ],
  ['SNV-2025', 'Sở Nội vụ', 'Department of Home Affairs (merged with Labour, Invalids and Social Affairs)'],
  ['SDTTG', 'Sở Dân tộc và Tôn giáo', 'Department of Ethnic and Religious Affairs'],
].map(([code, name, nameEn]) =>
  dept(code as string, name as string, nameEn as string, {
    validFrom: FIRST_DAY_OF_MERGED_DEPARTMENTS,
    demo: true,
  }),
);

const BOARDS: Row[] = [
  {
    code: 'BQLKKT',
    name: 'Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi',
    nameEn: 'Management Board of Dung Quat Economic Zone and Quang Ngai Industrial Parks',
    kind: 'board',
    parent: 'UBND',
    validFrom: FLOOR,
  },
  {
    code: 'BQLDA-GT',
    name: 'Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh',
    nameEn: 'Provincial Transport Works Investment Project Management Board',
    kind: 'board',
    parent: 'UBND',
    validFrom: FLOOR,
    demo: true,
  },
  {
    code: 'BQLDA-DDCN',
    name: 'Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh',
    nameEn: 'Provincial Civil and Industrial Works Investment Project Management Board',
    kind: 'board',
    parent: 'UBND',
    validFrom: FLOOR,
    demo: true,
  },
  {
    code: 'BQLDA-NN',
    name: 'Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp và phát triển nông thôn tỉnh',
    nameEn: 'Provincial Agriculture and Rural Development Works Investment Project Management Board',
    kind: 'board',
    parent: 'UBND',
    validFrom: FLOOR,
    demo: true,
  },
];

/** Bodies outside the committee's tree that often cooperate on tasks (sector agencies, public media). */
const OTHERS: Row[] = [
  {
    code: 'CAT',
    name: 'Công an tỉnh',
    nameEn: 'Provincial Police',
    kind: 'other',
    parent: null,
    validFrom: FLOOR,
  },
  {
    code: 'BCHQS',
    name: 'Bộ Chỉ huy Quân sự tỉnh',
    nameEn: 'Provincial Military Command',
    kind: 'other',
    parent: null,
    validFrom: FLOOR,
  },
  {
    code: 'BDBP',
    name: 'Bộ Chỉ huy Bộ đội Biên phòng tỉnh',
    nameEn: 'Provincial Border Guard Command',
    kind: 'other',
    parent: null,
    validFrom: FLOOR,
  },
  {
    code: 'KBNN',
    name: 'Kho bạc Nhà nước Quảng Ngãi',
    nameEn: 'State Treasury of Quang Ngai',
    kind: 'other',
    parent: null,
    validFrom: FLOOR,
  },
  {
    code: 'DPTTH',
    name: 'Đài Phát thanh - Truyền hình tỉnh',
    nameEn: 'Provincial Radio and Television Station',
    kind: 'other',
    parent: 'UBND',
    validFrom: FLOOR,
  },
];

/**
 * Old communes whose code/name in the 2025 file differs from 2022 (reconstruction, see the docs):
 * Xã Thắng Lợi (Mộ Đức) was formed after the seed's date (the seed still names xã Đức Lợi in 2022).
 */
const OLD_COMMUNES_FORMED_LATER: Record<string, string> = { '21406': '2025-01-01' };

function complete(r: Row): AgencySeed {
  const out: AgencySeed = {
    code: r.code,
    name: nfc(r.name),
    nameEn: r.nameEn,
    kind: r.kind,
    parent: r.parent,
    validFrom: r.validFrom,
    validTo: r.validTo ?? null,
    successors: (r.successors ?? []).map((s) => ({ ...s })),
  };
  if (r.demo) out.demo = true;
  return out;
}

/** The administrative units: 13 districts, 170 old communes, 96 units of 2025, with successor links. */
function adminUnits(): AgencySeed[] {
  const { pre, units, oldToNew } = files();
  const qn = pre.provinces.find((p) => p.code === '51');
  if (!qn) throw new Error('demo-agencies: province 51 missing from the pre-2025 file');

  // How many old units (of both old provinces) each new unit was formed from.
  const sourcesOf = new Map(units.units.map((u) => [u.code, u.formed_from.length]));
  const mapping = new Map(oldToNew.filter((r) => r.old_province_code === '51').map((r) => [r.old_code, r]));

  const linksOf = (oldCode: string, isDistrict: boolean): AgencySuccessorSeed[] => {
    const rec = mapping.get(oldCode);
    if (!rec) return [];
    const targets = [...new Set(rec.new.map((n) => n.code))].sort();
    return targets.map((code) => {
      let kind: AgencySuccessorSeed['kind'];
      if (targets.length > 1) kind = 'split';
      else if ((sourcesOf.get(code) ?? 0) === 1) kind = 'rename';
      else kind = 'merge';
      if (isDistrict && kind !== 'rename') kind = 'split';
      return { code: newUnitCode(code), kind, date: FIRST_DAY_OF_2025_UNITS };
    });
  };

  const out: AgencySeed[] = [];
  for (const d of qn.districts) {
    // A district maps as a whole only when it had no communes (Huyện Lý Sơn → Đặc khu Lý Sơn).
    const successors =
      d.communes.length === 0
        ? linksOf(d.code, true)
        : [...new Set(d.communes.flatMap((c) => mapping.get(c.code)?.new.map((n) => n.code) ?? []))]
            .sort()
            .map((code) => ({
              code: newUnitCode(code),
              kind: 'split' as const,
              date: FIRST_DAY_OF_2025_UNITS,
            }));
    out.push({
      code: d.code,
      name: nfc(d.name),
      nameEn: d.name_en,
      kind: 'district',
      parent: 'UBND',
      validFrom: FLOOR,
      validTo: LAST_DAY_OF_DISTRICTS,
      successors,
    });
  }
  for (const d of qn.districts) {
    for (const c of d.communes) {
      const later = OLD_COMMUNES_FORMED_LATER[c.code];
      const a: AgencySeed = {
        code: c.code,
        name: nfc(c.name),
        nameEn: c.name_en,
        kind: 'commune',
        parent: d.code,
        validFrom: later ?? FLOOR,
        validTo: LAST_DAY_OF_DISTRICTS,
        successors: linksOf(c.code, false),
      };
      if (later) a.demo = true;
      out.push(a);
    }
  }
  for (const u of units.units) {
    out.push({
      code: newUnitCode(u.code),
      name: nfc(u.name),
      nameEn: u.name_en,
      kind: 'commune',
      parent: 'UBND',
      validFrom: FIRST_DAY_OF_2025_UNITS,
      validTo: null,
      successors: [],
    });
  }
  return out;
}

/**
 * Quảng Ngãi's organisation: the committee, its chairman and 3 vice-chairmen, the Office and its 8 units,
 * the departments and boards of 2022 with their 2025 successors, sector agencies that cooperate on
 * tasks, the 13 district-level units and 170 communes (until 2025-06-30) and the 96 commune-level units
 * of the merged province (from 2025-07-01). A fresh array on every call; deterministic.
 */
export function demoAgencies(): AgencySeed[] {
  return [
    ...[...LEADERSHIP, ...OFFICE_UNITS, ...DEPARTMENTS_2022, ...DEPARTMENTS_2025, ...BOARDS, ...OTHERS].map(
      complete,
    ),
    ...adminUnits(),
  ];
}
