/**
 * The seed's publication decisions as demo data (issue 4 §9; seed lines 37–39): decisions dated between
 * 2021-12-15 and 2022-09-14 publishing 102 new, 63 amended, 38 replaced and 9 repealed procedures of the
 * departments the seed names, and 20 time cuts (SVHTTDL, SKHCN, SLDTBXH). Numbers and dates are demo
 * (`demo: true`); the codes are real codes of the 600 national records. Pure and deterministic.
 *
 * Choices (docs/procedures.md): fisheries procedures are never new, replaced or repealed here (they stay in
 * force through 2022 for the phone dossiers); "new" and "replacing" codes come from the newest codes of a
 * department's fields, amended ones from the oldest; departments whose procedures the source lacks
 * (GDĐT, Ban Dân tộc, part of Nội vụ/LĐTBXH) borrow codes of fields without a seed department.
 */
import { shiftDate, isoWeekday } from '../../kernel/calendar/dates.ts';
import type { CatalogueRecord } from './mapping.ts';
import { agencyPairOf } from './mapping.ts';
import { DISTRICT_LEVEL, type PublicationCategory } from './decisions.ts';
import type { LimitChannel, LimitUnit } from './types.ts';

export const SEED_WINDOW = { from: '2021-12-15', to: '2022-09-14' } as const;
export const SEED_TOTALS = { new: 102, amended: 63, replaced: 38, repealed: 9, timeCuts: 20 } as const;

type Counts = [number, number, number, number];
/** [new, amended, replaced, repealed] per department (sums: 102, 63, 38, 9). */
const PLAN: [string, Counts][] = [
  ['SNNPTNT', [24, 20, 8, 2]],
  ['STNMT', [22, 12, 9, 2]],
  ['SGTVT', [12, 8, 6, 1]],
  ['STP', [17, 10, 7, 2]],
  ['SLDTBXH', [6, 3, 2, 1]],
  ['SNV', [5, 2, 2, 1]],
  ['SGDDT', [4, 2, 1, 0]],
  ['STTTT', [3, 1, 1, 0]],
  ['SKHCN', [3, 2, 1, 0]],
  ['BDT', [2, 1, 1, 0]],
  [DISTRICT_LEVEL.code, [4, 2, 0, 0]],
];
const CUTS: [string, number][] = [
  ['SVHTTDL', 6],
  ['SKHCN', 6],
  ['SLDTBXH', 8],
];

const AGRI_BODY = 'Bộ Nông nghiệp và Môi trường';
/** Which records belong to a department's pool (by the same field mapping as the catalogue). */
function inPool(dept: string, r: CatalogueRecord): boolean {
  const pair = agencyPairOf(r);
  const f = r.field ?? '';
  switch (dept) {
    case 'SNNPTNT':
      return (
        pair?.y2022 === 'SNNPTNT' ||
        (!pair && r.issuing_body === AGRI_BODY && f !== 'Giảm nghèo' && !isEnv(r))
      );
    case 'STNMT':
      return pair?.y2022 === 'STNMT' || (!pair && isEnv(r));
    case 'SGTVT':
      return pair?.y2022 === 'SGTVT';
    case 'STP':
      return r.issuing_body === 'Bộ Tư pháp';
    case 'SLDTBXH':
      return (
        f === 'Giảm nghèo' || f === 'Kiểm định kỹ thuật an toàn lao động' || f.startsWith('Tổ chức cai nghi')
      );
    case 'SNV':
      return f === 'Tổ chức, cán bộ';
    case 'STTTT':
      return f === 'Tin học - Thống kê';
    case 'SKHCN':
      return f === 'Khoa học và Công nghệ' || f === 'Khoa học công nghệ';
    case DISTRICT_LEVEL.code:
      return f === 'Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)';
    default:
      return false;
  }
}
const ENV = new Set(['STNMT']);
function isEnv(r: CatalogueRecord) {
  const p = agencyPairOf({ ...r, levels_en: ['province'] });
  return !!p && ENV.has(p.y2022);
}

export interface PlannedItem {
  category: PublicationCategory;
  procedureCode: string;
  replacesCode?: string;
}
export interface PlannedCut {
  procedureCode: string;
  channel: LimitChannel;
  oldValue: number;
  oldUnit: LimitUnit;
  newValue: number;
  newUnit: LimitUnit;
}
export interface PlannedDecision {
  numberSymbol: string;
  date: string;
  effectiveDate: string;
  agencyCode: string;
  summary: string;
  basis: string;
  items: PlannedItem[];
  timeCuts: PlannedCut[];
}

const DEPT_NAMES: Record<string, string> = {
  SNNPTNT: 'Sở Nông nghiệp và Phát triển nông thôn',
  STNMT: 'Sở Tài nguyên và Môi trường',
  SGTVT: 'Sở Giao thông vận tải',
  STP: 'Sở Tư pháp',
  SLDTBXH: 'Sở Lao động - Thương binh và Xã hội',
  SNV: 'Sở Nội vụ',
  SGDDT: 'Sở Giáo dục và Đào tạo',
  STTTT: 'Sở Thông tin và Truyền thông',
  SKHCN: 'Sở Khoa học và Công nghệ',
  BDT: 'Ban Dân tộc',
  SVHTTDL: 'Sở Văn hóa, Thể thao và Du lịch',
  [DISTRICT_LEVEL.code]: 'UBND cấp huyện (lĩnh vực đăng ký hộ kinh doanh)',
};

/** Working-day-ish dates spread over the window (weekends and Tết 2022 moved to the next Monday/after). */
function spreadDates(n: number): string[] {
  const first = '2021-12-20';
  const span = 262; // → 2022-09-08
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let d = shiftDate(first, Math.round((i * span) / Math.max(1, n - 1)));
    if (d >= '2022-01-29' && d <= '2022-02-06') d = '2022-02-07';
    while (isoWeekday(d) > 5) d = shiftDate(d, 1);
    out.push(d);
  }
  return out;
}

/**
 * The demo decisions over the given records. Returns the decisions (in date order) and the codes that
 * first appear through a decision (`new` and replacing codes), which the loader must not load earlier.
 */
export function planDemoDecisions(records: CatalogueRecord[]): {
  decisions: PlannedDecision[];
  createdByDecision: Set<string>;
} {
  const byCode = [...records].sort((a, b) => a.code.localeCompare(b.code));
  const used = new Set<string>();
  const fallback = byCode.filter((r) => !r.fisheries && !PLAN.some(([d]) => inPool(d, r)));
  const pools = new Map(PLAN.map(([d]) => [d, byCode.filter((r) => inPool(d, r))]));
  const take = (dept: string, newest: boolean, allowFisheries: boolean): CatalogueRecord => {
    const pool = pools.get(dept) ?? [];
    const order = newest ? [...pool].reverse() : pool;
    const pick =
      order.find((r) => !used.has(r.code) && (allowFisheries || !r.fisheries)) ??
      (newest ? [...fallback].reverse() : fallback).find((r) => !used.has(r.code));
    if (!pick) throw new Error(`demo plan: no code left for ${dept}`);
    used.add(pick.code);
    return pick;
  };

  const perDept: { dept: string; items: PlannedItem[]; cuts: PlannedCut[] }[] = [];
  for (const [dept, [nNew, nAmended, nReplaced, nRepealed]] of PLAN) {
    const items: PlannedItem[] = [];
    for (let i = 0; i < nNew; i++)
      items.push({ category: 'new', procedureCode: take(dept, true, false).code });
    for (let i = 0; i < nReplaced; i++) {
      const nw = take(dept, true, false).code;
      const old = take(dept, false, false).code;
      items.push({ category: 'replaced', procedureCode: nw, replacesCode: old });
    }
    for (let i = 0; i < nRepealed; i++)
      items.push({ category: 'repealed', procedureCode: take(dept, false, false).code });
    for (let i = 0; i < nAmended; i++)
      items.push({ category: 'amended', procedureCode: take(dept, false, true).code });
    perDept.push({ dept, items, cuts: [] });
  }
  // time cuts: procedures with a working-day limit of ≥ 3 days on every channel they list
  const cuttable = byCode.filter(
    (r) =>
      !used.has(r.code) &&
      r.processing.length > 0 &&
      r.processing.every((p) => p.time_unit === 'working_day' && (p.time_amount ?? 0) >= 3),
  );
  let ci = 0;
  for (const [dept, n] of CUTS) {
    const cuts: PlannedCut[] = [];
    for (let i = 0; i < n; i++) {
      while (ci < cuttable.length && used.has(cuttable[ci]!.code)) ci++;
      const r = cuttable[ci];
      if (!r) throw new Error('demo plan: not enough procedures to cut');
      ci += 2;
      used.add(r.code);
      for (const p of r.processing) {
        const channel = ({ in_person: 'counter', online: 'online', postal: 'postal' } as const)[
          p.channel_code as 'in_person' | 'online' | 'postal'
        ];
        if (!channel) continue;
        const old = p.time_amount!;
        cuts.push({
          procedureCode: r.code,
          channel,
          oldValue: old,
          oldUnit: 'working_days',
          newValue: Math.max(1, Math.floor(old * 0.7)),
          newUnit: 'working_days',
        });
      }
    }
    perDept.push({ dept, items: [], cuts });
  }

  // decisions: at most 15 items each; a department's cuts in one decision
  const shells: { dept: string; items: PlannedItem[]; cuts: PlannedCut[] }[] = [];
  for (const d of perDept) {
    if (d.cuts.length) shells.push({ dept: d.dept, items: [], cuts: d.cuts });
    const nDecisions = Math.ceil(d.items.length / 15);
    for (let k = 0; k < nDecisions; k++)
      shells.push({
        dept: d.dept,
        items: d.items.filter((_, i) => i % nDecisions === k),
        cuts: [],
      });
  }
  // interleave departments over time: sort shells by a stable spread key
  const ordered = shells
    .map((s, i) => ({ s, key: (i * 7919) % shells.length }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.s);
  const dates = spreadDates(ordered.length);
  const decisions: PlannedDecision[] = ordered.map((s, i) => {
    const date = dates[i]!;
    const year = Number(date.slice(0, 4));
    const doy = Math.round((Date.parse(date) - Date.parse(`${year}-01-01`)) / 86_400_000) + 1;
    const number = year === 2021 ? 2180 + i * 11 : Math.max(12, Math.round(doy * 5.3)) + (i % 4);
    const name = DEPT_NAMES[s.dept] ?? s.dept;
    const cats = new Set(s.items.map((x) => x.category));
    const summary = s.cuts.length
      ? `Phê duyệt phương án cắt giảm thời gian giải quyết thủ tục hành chính thuộc thẩm quyền giải quyết của ${name}`
      : `Công bố danh mục thủ tục hành chính ${[
          cats.has('new') ? 'mới ban hành' : null,
          cats.has('amended') ? 'sửa đổi, bổ sung' : null,
          cats.has('replaced') ? 'thay thế' : null,
          cats.has('repealed') ? 'bị bãi bỏ' : null,
        ]
          .filter(Boolean)
          .join(', ')} thuộc thẩm quyền giải quyết của ${name}`;
    return {
      numberSymbol: `${number}/QĐ-UBND`,
      date,
      effectiveDate: date,
      agencyCode: s.dept,
      summary,
      basis: 'Nghị định 63/2010/NĐ-CP, sửa đổi bởi Nghị định 92/2017/NĐ-CP (Điều 13–15); demo',
      items: s.items,
      timeCuts: s.cuts,
    };
  });
  decisions.sort((a, b) => a.date.localeCompare(b.date));
  const createdByDecision = new Set(
    decisions.flatMap((d) =>
      d.items.filter((i) => i.category === 'new' || i.category === 'replaced').map((i) => i.procedureCode),
    ),
  );
  return { decisions, createdByDecision };
}
