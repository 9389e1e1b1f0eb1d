/**
 * Number and symbol of documents (số, ký hiệu), Decree 30/2020/NĐ-CP art. 15 and Appendix III
 * (REFERENCE §6). Four printed patterns are recognised:
 *
 * | pattern  | example            | parts                                   |
 * |----------|--------------------|-----------------------------------------|
 * | `typed`  | `1100/QĐ-UBND`     | number, type, issuer[, unit]            |
 * | `letter` | `3340/UBND-NC`     | number, issuer, unit (công văn: no type)|
 * | `legal`  | `55/2021/QĐ-UBND`  | number, year, type, issuer (văn bản QPPL)|
 * | `party`  | `306-QĐ/TU`        | number, type, issuer (Party rules)      |
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/engine.ts';

/** Administrative document types and their abbreviations (ND 30/2020 art. 7, Appendix III) + legal types. */
export const DOCUMENT_TYPES: Record<string, { vi: string; en: string }> = {
  NQ: { vi: 'Nghị quyết', en: 'Resolution' },
  QĐ: { vi: 'Quyết định', en: 'Decision' },
  CT: { vi: 'Chỉ thị', en: 'Directive' },
  QC: { vi: 'Quy chế', en: 'Regulation' },
  QyĐ: { vi: 'Quy định', en: 'Rules' },
  TC: { vi: 'Thông cáo', en: 'Communiqué' },
  TB: { vi: 'Thông báo', en: 'Notice' },
  HD: { vi: 'Hướng dẫn', en: 'Guidance' },
  CTr: { vi: 'Chương trình', en: 'Programme' },
  KH: { vi: 'Kế hoạch', en: 'Plan' },
  PA: { vi: 'Phương án', en: 'Option plan' },
  ĐA: { vi: 'Đề án', en: 'Scheme' },
  DA: { vi: 'Dự án', en: 'Project' },
  BC: { vi: 'Báo cáo', en: 'Report' },
  BB: { vi: 'Biên bản', en: 'Minutes' },
  TTr: { vi: 'Tờ trình', en: 'Submission' },
  HĐ: { vi: 'Hợp đồng', en: 'Contract' },
  CĐ: { vi: 'Công điện', en: 'Official dispatch (telegram)' },
  BGN: { vi: 'Bản ghi nhớ', en: 'Memorandum' },
  BTT: { vi: 'Bản thỏa thuận', en: 'Agreement' },
  GUQ: { vi: 'Giấy ủy quyền', en: 'Power of attorney' },
  GM: { vi: 'Giấy mời', en: 'Invitation' },
  GGT: { vi: 'Giấy giới thiệu', en: 'Letter of introduction' },
  GNP: { vi: 'Giấy nghỉ phép', en: 'Leave permit' },
  PG: { vi: 'Phiếu gửi', en: 'Dispatch slip' },
  PC: { vi: 'Phiếu chuyển', en: 'Transfer slip' },
  PB: { vi: 'Phiếu báo', en: 'Notice slip' },
  // legal normative documents (Luật Ban hành VBQPPL)
  NĐ: { vi: 'Nghị định', en: 'Decree' },
  TT: { vi: 'Thông tư', en: 'Circular' },
  TTLT: { vi: 'Thông tư liên tịch', en: 'Joint circular' },
  Luật: { vi: 'Luật', en: 'Law' },
  BLuật: { vi: 'Bộ luật', en: 'Code (of law)' },
  PL: { vi: 'Pháp lệnh', en: 'Ordinance' },
  KL: { vi: 'Kết luận', en: 'Conclusion' },
  // Party documents
  CV: { vi: 'Công văn', en: 'Official letter' },
};
/** Công văn has no type code in the state format (ND 30/2020 Appendix III). */
export const LETTER = { code: 'CV', vi: 'Công văn', en: 'Official letter' };

export type NumberPattern = 'typed' | 'letter' | 'legal' | 'party';

export interface ParsedNumberSymbol {
  pattern: NumberPattern;
  /** the number (số), e.g. 2 for "02/QĐ-VP" */
  number: number;
  /** year, legal normative documents only */
  year: number | null;
  /** type abbreviation (QĐ, KH, …); 'CV' for a công văn */
  type: string;
  /** issuer abbreviation (UBND, VP, SNV, TU, …) */
  issuer: string;
  /** drafting unit of a công văn (NC, HCQT, XDCQ, …) or a typed document's suffix */
  unit: string | null;
}

const TYPE_CODES = new Set(Object.keys(DOCUMENT_TYPES));
const SYM = '[\\p{Lu}\\p{Ll}0-9]+';
const LEGAL = new RegExp(`^(\\d{1,6})/(\\d{4})/(${SYM})-(${SYM}(?:-${SYM})*)$`, 'u');
const LEGAL_UNTYPED = /^(\d{1,6})\/(\d{4})\/((?:UBTV)?QH\d{0,2})$/u;
const PARTY = new RegExp(`^(\\d{1,6})-(${SYM})/(${SYM}(?:-${SYM})*)$`, 'u');
const SLASHED = new RegExp(`^(\\d{1,6})/(${SYM})-(${SYM})(?:-(${SYM}(?:-${SYM})*))?$`, 'u');

/**
 * Parses a number/symbol as printed (NFC, surrounding spaces ignored). Returns null when the text
 * follows none of the four patterns.
 */
export function parseNumberSymbol(raw: string): ParsedNumberSymbol | null {
  const s = raw.normalize('NFC').replace(/\s+/g, '');
  let m = LEGAL.exec(s);
  if (m)
    return {
      pattern: 'legal',
      number: Number(m[1]),
      year: Number(m[2]),
      type: m[3]!,
      issuer: m[4]!,
      unit: null,
    };
  // laws, codes and National Assembly resolutions print no type: 02/2011/QH13; ordinances: 02/2022/UBTVQH15
  m = LEGAL_UNTYPED.exec(s);
  if (m)
    return {
      pattern: 'legal',
      number: Number(m[1]),
      year: Number(m[2]),
      type: m[3]!.startsWith('UBTVQH') ? 'PL' : 'Luật',
      issuer: m[3]!,
      unit: null,
    };
  m = PARTY.exec(s);
  if (m)
    return { pattern: 'party', number: Number(m[1]), year: null, type: m[2]!, issuer: m[3]!, unit: null };
  m = SLASHED.exec(s);
  if (m) {
    const [, num, first, second, rest] = m;
    if (TYPE_CODES.has(first!) && first !== 'CV') {
      return {
        pattern: 'typed',
        number: Number(num),
        year: null,
        type: first!,
        issuer: second!,
        unit: rest ?? null,
      };
    }
    return {
      pattern: 'letter',
      number: Number(num),
      year: null,
      type: LETTER.code,
      issuer: first!,
      unit: rest ? `${second}-${rest}` : second!,
    };
  }
  return null;
}

/** The canonical key of a number/symbol: NFC, no spaces. */
export const canonicalNumberSymbol = (raw: string) => raw.normalize('NFC').replace(/\s+/g, '');

/**
 * Takes the next `n` numbers of a register (sổ đăng ký; e.g. receipt slips of a reception board) for a
 * calendar year: numbers run from 1 on 1 January (ND 30/2020 Art 15 cl.1), atomically under concurrency
 * (`number_counters` upsert, in the caller's transaction). Returns the first number taken.
 */
export async function takeRegisterNumber(tx: Tx, register: string, year: number, n = 1): Promise<number> {
  const prefix = `register:${register}:${year}`;
  const [row] = await queryRows<{ last: number }>(
    tx,
    sql`INSERT INTO number_counters (prefix, last) VALUES (${prefix}, ${n})
        ON CONFLICT (prefix) DO UPDATE SET last = number_counters.last + ${n} RETURNING last`,
  );
  return Number(row!.last) - n + 1;
}

/** A register number as printed: numbers below 10 written 01–09 (ND 30/2020 Appendix I). */
export const printedNumber = (n: number) => String(n).padStart(2, '0');
