/**
 * Reference extractor: every citation of a document (văn bản) in Vietnamese administrative text —
 * "Quyết định số 1100/QĐ-UBND ngày 12/11/2021 của UBND tỉnh", "Công văn số 3340/UBND-NC",
 * "Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020", "Luật số 02/2011/QH13", "306-QĐ/TU".
 * The number/symbol patterns are those of Decree 30/2020/NĐ-CP art. 15 and Appendix III (REFERENCE §6),
 * parsed by {@link parseNumberSymbol}; dates by {@link parseWrittenDate}. Pure: no DB, no I/O.
 * Rules and measured accuracy: docs/references.md.
 */
import { DOCUMENT_TYPES, parseNumberSymbol, type ParsedNumberSymbol } from './numbering.ts';
import { parseWrittenDate } from './dates.ts';

/** One reference found in a text. Offsets are UTF-16 code units into `text.normalize('NFC')`. */
export interface Reference {
  /**
   * Type code from {@link DOCUMENT_TYPES}: QĐ, KH, TTr, BC, CT, NQ, NĐ, TT, TTLT, KL, …; 'CV' for a công
   * văn; 'Luật' / 'BLuật' / 'PL' for laws, codes and ordinances. Taken from the symbol when it carries a
   * type code (1100/QĐ-UBND → QĐ), else from the type word before the number ("Kế hoạch số …"), else
   * 'CV' for the công văn pattern (3340/UBND-NC). Null when nothing tells (a bare "02/2011/QH13" is 'Luật').
   */
  type: string | null;
  /** Number and symbol as printed, without the line breaks/spaces that split it: '1100/QĐ-UBND'. */
  number: string;
  /** ISO YYYY-MM-DD, or null when no date belongs to the reference or the written date is impossible. */
  date: string | null;
  /** The date as printed ('31/4/2019', '09 tháng 6 năm 2025', 'cùng ngày'), or null when none. */
  dateAsWritten: string | null;
  /** False only when a date is written and impossible (31/4/2019); true otherwise (also when absent). */
  dateValid: boolean;
  /**
   * The issuing body as written after "của" ("UBND tỉnh", "Ban Thường vụ Tỉnh ủy", "Chính phủ"), else the
   * issuer code of the symbol (UBND, VP, SNV, CP, TTg, QH13, TU, BCĐ389), else null.
   */
  issuer: string | null;
  /** The issuer code of the symbol, always (UBND for 1100/QĐ-UBND and 3340/UBND-NC; CP for 30/2020/NĐ-CP). */
  issuerCode: string;
  /** Start of the span: the type word when there is one, else the number. */
  start: number;
  /** End of the span: end of the date when it follows the number, else end of the number. */
  end: number;
}

// ---------------------------------------------------------------------------------------------
// Symbols

/** A symbol chunk: upper-case start, then capitals/digits or single lower-case letters (TTg, QĐi, CTr). */
const CH = String.raw`\p{Lu}(?:[\p{Lu}\d]|\p{Ll}(?!\p{Ll})){1,11}`;
/** A line break allowed right after a separator ("1100/QĐ-⏎UBND"). */
const BRK = String.raw`(?:[ \t]*\r?\n[ \t]*)?`;
const NUM = String.raw`\d{1,5}`;
/** "1100 /QĐ-UBND": one space allowed around the slash that follows the number. */
const SL = String.raw`[ \t]?/[ \t]?`;
const SYMBOL = new RegExp(
  String.raw`(?<![\p{L}\p{N}/.,\-])(?:` +
    // legal normative: 55/2021/QĐ-UBND, 02/2011/QH13, 03/2015/TTLT-BKHĐT-BNV
    String.raw`${NUM}${SL}(?:19|20)\d{2}/${BRK}${CH}(?:-${BRK}${CH})*` +
    // Party: 306-QĐ/TU, 869-CV/TU, 05-QĐi/TW
    String.raw`|${NUM}-${BRK}${CH}/${BRK}${CH}(?:-${BRK}${CH})*` +
    // typed 1100/QĐ-UBND and công văn 3340/UBND-NC
    String.raw`|${NUM}${SL}${BRK}${CH}-${BRK}${CH}(?:-${BRK}${CH})*` +
    String.raw`)(?![\p{L}\p{N}])`,
  'gu',
);

/** Party type codes that differ from the state ones (Quy định of the Party is QĐi). */
const TYPE_ALIASES: Record<string, string> = { QĐi: 'QyĐ' };

// ---------------------------------------------------------------------------------------------
// Type words before the number

const TYPE_WORDS: Record<string, string | null> = {
  'thông tư liên tịch': 'TTLT',
  'nghị quyết liên tịch': 'NQ',
  'chương trình hành động': 'CTr',
  'thông báo kết luận': 'TB',
  'quyết định': 'QĐ',
  'nghị quyết': 'NQ',
  'nghị định': 'NĐ',
  'thông tư': 'TT',
  'chỉ thị': 'CT',
  'quy chế': 'QC',
  'quy định': 'QyĐ',
  'thông cáo': 'TC',
  'thông báo': 'TB',
  'hướng dẫn': 'HD',
  'chương trình': 'CTr',
  'kế hoạch': 'KH',
  'phương án': 'PA',
  'đề án': 'ĐA',
  'dự án': 'DA',
  'báo cáo': 'BC',
  'biên bản': 'BB',
  'tờ trình': 'TTr',
  'hợp đồng': 'HĐ',
  'công văn': 'CV',
  'công điện': 'CĐ',
  'giấy mời': 'GM',
  'kết luận': 'KL',
  'pháp lệnh': 'PL',
  'bộ luật': 'BLuật',
  luật: 'Luật',
  'văn bản': null, // generic: the type comes from the symbol
};
/** Abbreviated type words, case-sensitive ("theo QĐ số 1100/QĐ-UBND"). */
const TYPE_ABBREV = ['QĐ', 'KH', 'CV', 'NQ', 'NĐ', 'TT', 'CT', 'TB', 'BC', 'TTr', 'HD', 'CĐ'];

const GAP = String.raw`[*_\s]*`;
/** A form or an appendix is not a document: "Mẫu số 01/TK-ĐKHT", "Biểu số 02/BC-TH". */
const FORM_BEFORE = /(?<![\p{L}])(?:mẫu|biểu|biểu mẫu|phụ lục)(?:\s+số)?[\s:.]*$/iu;
const LONGEST_TYPE_WORD = Math.max(...Object.keys(TYPE_WORDS).map((w) => w.split(' ').length));
const isGap = (c: string | undefined) => c !== undefined && /[\s*_:]/.test(c);
const isLetter = (c: string | undefined) => c !== undefined && /\p{L}/u.test(c);

/** The words right before `end` (back to `limit`), separated by spaces only: [{ word, start }], last first. */
function wordsBefore(s: string, end: number, limit: number, max: number) {
  const out: { word: string; start: number }[] = [];
  let i = end;
  while (out.length < max && i > limit) {
    let j = i;
    while (j > limit && isLetter(s[j - 1])) j--;
    if (j === i) break;
    out.push({ word: s.slice(j, i), start: j });
    i = j;
    // one run of spaces/emphasis between words; anything else ends the phrase
    let k = i;
    while (k > limit && /[ \t*_]/.test(s[k - 1]!)) k--;
    if (k === i || !isLetter(s[k - 1])) break;
    i = k;
  }
  return out;
}

/**
 * The type word right before a number: "Quyết định số ", "kế hoạch ", "*Công văn số* ", "QĐ số ",
 * "Thông tư liên tịch số ", "Luật Tố cáo số ", "Bộ luật Lao động số ". Scans backwards (no regex over the
 * left context, so a text made only of numbers stays linear).
 */
function typeWordBefore(s: string, numStart: number): { start: number; type: string | null } | null {
  const limit = Math.max(0, numStart - 120);
  let j = numStart;
  while (j > limit && isGap(s[j - 1])) j--;
  let hasSo = false;
  if (j - 2 >= limit && s.slice(j - 2, j).toLowerCase() === 'số' && !isLetter(s[j - 3])) {
    hasSo = true;
    j -= 2;
    while (j > limit && isGap(s[j - 1])) j--;
  }
  const words = wordsBefore(s, j, limit, hasSo ? 16 : LONGEST_TYPE_WORD + 2);
  if (!words.length) return null;
  // abbreviations are case-sensitive: "QĐ số 1100/QĐ-UBND"
  if (TYPE_ABBREV.includes(words[0]!.word)) return { start: words[0]!.start, type: words[0]!.word };
  let skip = 0;
  if (words.length > 2 && words[0]!.word.toLowerCase() === 'tịch' && words[1]!.word.toLowerCase() === 'liên')
    skip = 2;
  for (let n = Math.min(LONGEST_TYPE_WORD, words.length - skip); n >= 1; n--) {
    const phrase = words
      .slice(skip, skip + n)
      .reverse()
      .map((w) => w.word)
      .join(' ');
    const key = phrase.toLowerCase();
    if (!(key in TYPE_WORDS)) continue;
    const first = words[skip + n - 1]!;
    if (key === 'luật' || key === 'pháp lệnh') {
      if (phrase === 'luật' && words[skip + n]?.word.toLowerCase() !== 'bộ') continue; // "pháp luật số…"
      if (words[skip + n]?.word.toLowerCase() === 'pháp') continue;
    }
    if (key === 'luật' && words[skip + n]?.word.toLowerCase() === 'bộ')
      return { start: words[skip + n]!.start, type: 'BLuật' };
    return { start: first.start, type: TYPE_WORDS[key] ?? null };
  }
  // a law, code or ordinance named before "số": "Luật Tổ chức chính quyền địa phương số 72/2025/QH15"
  if (hasSo) {
    for (let k = 1; k < words.length; k++) {
      const w = words[k]!.word;
      const prev = words[k + 1]?.word.toLowerCase();
      if ((w === 'Luật' && prev !== 'pháp') || (w === 'luật' && prev === 'bộ')) {
        return prev === 'bộ'
          ? { start: words[k + 1]!.start, type: 'BLuật' }
          : { start: words[k]!.start, type: 'Luật' };
      }
      if (w === 'lệnh' && words[k + 1]?.word === 'Pháp') return { start: words[k + 1]!.start, type: 'PL' };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Dates

const DATE = String.raw`(?<d>\d{1,2}(?<sep>[/.\-])\d{1,2}\k<sep>\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})(?![\d/.\-]\d)`;
/** What may sit between the number (or its issuer) and "ngày": spaces, emphasis, a comma, "(" , line breaks. */
const DATE_AFTER = new RegExp(
  String.raw`([\s*_,(]{0,16}?)(?:(?:ban\s+hành|được\s+ký|ký)\s+)?(ngày|Ngày|NGÀY)${GAP}:?${GAP}` + DATE,
  'uy',
);
/** A table row "| Quyết định số 12/QĐ-UBND | 05/01/2024 |": a numeric date in the next cell. */
const DATE_CELL = /[ \t*_]*\|[ \t*_]*(?<d>\d{1,2}(?<sep>[/.-])\d{1,2}\k<sep>\d{4})[ \t*_]*(?=\|)/uy;
/** "Quyết định 1100/QĐ-UBND (12/11/2021)": a numeric date in brackets right after the number. */
const DATE_PAREN = /[ \t]*[*_]*\((?<d>\d{1,2}(?<sep>[/.-])\d{1,2}\k<sep>\d{4})\)/uy;
const SAME_DAY_AFTER = /([\s*_,]{0,6})cùng\s+ngày(?![\p{L}])/uy;
const DATE_ANY = new RegExp(String.raw`(?<![\p{L}\p{N}])(ngày|Ngày)${GAP}:?${GAP}` + DATE, 'gu');

interface DateHit {
  asWritten: string;
  iso: string | null;
  end: number;
}

function dateAt(s: string, pos: number): DateHit | null {
  DATE_AFTER.lastIndex = pos;
  const m = DATE_AFTER.exec(s);
  if (!m) {
    DATE_PAREN.lastIndex = pos;
    DATE_CELL.lastIndex = pos;
    const p = DATE_PAREN.exec(s) ?? DATE_CELL.exec(s);
    if (!p) return null;
    const asWritten = p.groups!.d!;
    const end = p.index + p[0].indexOf(asWritten) + asWritten.length;
    return { asWritten, iso: parseWrittenDate(asWritten).iso, end };
  }
  // across a line break only a continuing "ngày" (lower case) belongs to the reference
  if (/\n/.test(m[1]!) && m[2] !== 'ngày') return null;
  const asWritten = m.groups!.d!;
  return { asWritten, iso: parseWrittenDate(asWritten).iso, end: m.index + m[0].length };
}

/**
 * Clause start before `pos`: after the last ';', '!', '?', sentence '.', or line break (`sentence`: the
 * sentence start, ';' does not count).
 */
function clauseStart(s: string, pos: number, sentence = false): number {
  const from = Math.max(0, pos - 240);
  const left = s.slice(from, pos);
  let best = -1;
  const re = sentence ? /[!?\n]|\.(?=\s)/g : /[;!?\n]|\.(?=\s)/g;
  for (let m = re.exec(left); m; m = re.exec(left)) best = m.index + 1;
  return best < 0 ? from : from + best;
}

const ISSUING_VERB = /(?<![\p{L}])(?:ban\s+hành|ký|phát\s+hành)(?![\p{L}])/iu;
/** "có" right before the reference's type word: "Ngày 05/01/2024, UBND tỉnh có Công văn số 12/UBND-NC". */
const HAS_DOCUMENT = /(?<![\p{L}])có[\s*_]*$/iu;

/**
 * "Ngày 14/5/2018, Chủ tịch UBND tỉnh đã ban hành Quyết định số 730/QĐ-UBND": a date earlier in the same
 * clause, introduced by "ngày", followed by an issuing verb (ban hành, ký, phát hành) and no other
 * reference before this one; not the bound of a window ("từ ngày …", "… đến nay", "trước ngày …").
 */
function dateBefore(s: string, refStart: number, prevRefEnd: number): DateHit | null {
  const from = Math.max(clauseStart(s, refStart), prevRefEnd);
  const left = s.slice(from, refStart);
  let last: RegExpExecArray | null = null;
  DATE_ANY.lastIndex = 0;
  for (let m = DATE_ANY.exec(left); m; m = DATE_ANY.exec(left)) last = m;
  if (!last) return null;
  const before = left.slice(0, last.index);
  const after = left.slice(last.index + last[0].length);
  if (/(?:từ|trước|sau|đến\s+hết|hạn|kể\s+từ)\s*$/iu.test(before)) return null;
  if (/(?<![\p{L}])từ\s+ngày/iu.test(before)) return null; // "từ ngày A đến ngày B"
  if (/^\s*(?:đến|tới|-)\s/iu.test(after)) return null;
  // "… ban hành Quyết định số …", "… đã ký …", and "UBND tỉnh có Công văn số …" (có + the type word)
  if (!(ISSUING_VERB.test(after) || HAS_DOCUMENT.test(after)) || after.length > 160) return null;
  const asWritten = last.groups!.d!;
  return { asWritten, iso: parseWrittenDate(asWritten).iso, end: from + last.index + last[0].length };
}

// ---------------------------------------------------------------------------------------------
// Issuer after "của"

/** "của UBND tỉnh", and "do Chủ tịch UBND tỉnh (ký ngày …)". */
const OF = /[ \t*_]*,?[ \t*_]*(?:của|do)\s+/uy;
/** Lower-case words that never continue an issuer's name. */
const ISSUER_STOPS = new Set(
  (
    'về v/v việc sửa bổ hướng thay triển nhằm để đã đang theo tại trên với cho đến từ ngày số năm tháng ' +
    'thực phê giao kiểm đối trong khi sau trước là được gửi có thì nên nhưng mà cũng này đó kèm ký đề yêu ' +
    'phát lần khóa nêu gồm như ngay'
  ).split(' '),
);
/** Lower-case word pairs that end a name though each word may occur in one (Ủy ban, hành chính công). */
const ISSUER_STOP_PAIRS = new Set([
  'ban hành',
  'công bố',
  'công nhận',
  'thông qua',
  'thông báo',
  'chỉ đạo',
  'giải quyết',
  'xử lý',
  'tiếp tục',
  'báo cáo',
  'quy định',
  'thành lập',
  'thành viên',
]);

function startsTypeWord(words: string[], i: number): boolean {
  for (let n = LONGEST_TYPE_WORD; n >= 1; n--) {
    if (i + n > words.length) continue;
    const key = words
      .slice(i, i + n)
      .join(' ')
      .toLowerCase();
    if (key in TYPE_WORDS) return true;
  }
  return false;
}

function issuerAt(s: string, pos: number): { name: string; end: number } | null {
  OF.lastIndex = pos;
  const m = OF.exec(s);
  if (!m) return null;
  const startName = m.index + m[0].length;
  const rest = s.slice(startName, startName + 160);
  const cut = rest.search(/[,;.:()*"“”\n\t[\]]/u);
  const seg = cut < 0 ? rest : rest.slice(0, cut);
  const words = seg.split(/ +/);
  const out: string[] = [];
  for (let i = 0; i < words.length && out.length < 10; i++) {
    const w = words[i]!;
    if (!w) break;
    if (out.length === 0 && !/^[\p{Lu}\d]/u.test(w)) return null;
    if (ISSUER_STOPS.has(w)) break;
    // the next reference's type word: "của UBND tỉnh và Công văn số …"
    if (startsTypeWord(words, i)) break;
    if (ISSUER_STOP_PAIRS.has(`${w} ${words[i + 1] ?? ''}`)) break;
    if (w === 'và' && !/^\p{Lu}/u.test(words[i + 1] ?? '')) break;
    if (w === '-' && !/^\p{Lu}/u.test(words[i + 1] ?? '')) break;
    out.push(w);
  }
  while (out.length && /^(?:và|-)$/.test(out[out.length - 1]!)) out.pop();
  if (!out.length) return null;
  const name = out.join(' ');
  return { name, end: startName + name.length };
}

// ---------------------------------------------------------------------------------------------

/** Between two numbers of one list: a comma or "và", optionally "số". */
const LIST_GAP = /^[\s*_]*(?:,|và)[\s*_]*(?:số[\s*_]*)?$/u;
/** Between two coordinated references: a comma or "và" (the second one with its type word). */
const CONJ_GAP = /^[\s*_]*(?:,|và)[\s*_]*$/u;

interface Found extends Reference {
  numStart: number;
  numEnd: number;
  typed: boolean;
}

function issuerCodeOf(p: ParsedNumberSymbol): string {
  return p.issuer;
}

function typeFrom(p: ParsedNumberSymbol, printed: string, word: string | null | undefined): string | null {
  const untypedLegal = p.pattern === 'legal' && /\/\d{4}\/[^-]+$/.test(printed);
  if (p.pattern !== 'letter' && !untypedLegal) {
    const code = TYPE_ALIASES[p.type] ?? p.type;
    if (code in DOCUMENT_TYPES) return code;
  }
  if (word) return word;
  if (untypedLegal) return p.type;
  return p.pattern === 'letter' ? 'CV' : null;
}

/**
 * Finds every reference to a document in `text` (NFC-normalised first; offsets refer to the normalised
 * text). A reference is a number/symbol of one of the patterns of ND 30/2020 art. 15 (typed, công văn,
 * legal normative with a year, Party), optionally preceded by a type word and "số", optionally followed by
 * its date ("ngày 12/11/2021", "ngày 09 tháng 6 năm 2025", possibly after a line/page break) and issuer
 * ("của UBND tỉnh"). When no date follows, a date earlier in the same clause is taken if an issuing verb
 * links it to the reference ("Ngày 14/5/2018, … đã ban hành Quyết định số 730/QĐ-UBND"); "cùng ngày" takes
 * the date of the previous reference; "Quyết định số 248/QĐ-VP, 264/QĐ-VP ngày …" shares the date.
 * Forms ("Mẫu số 01/TK-ĐKHT") and bare dates, fractions, phone numbers, times are not references.
 */
export function extractReferences(text: string): Reference[] {
  const s = text.normalize('NFC');
  const found: Found[] = [];
  let lastDated: Found | undefined;
  SYMBOL.lastIndex = 0;
  for (let m = SYMBOL.exec(s); m; m = SYMBOL.exec(s)) {
    const raw = m[0];
    const numStart = m.index;
    const numEnd = numStart + raw.length;
    const number = raw.replace(/\s+/g, '');
    const parsed = parseNumberSymbol(number);
    if (!parsed) continue;
    if (FORM_BEFORE.test(s.slice(Math.max(0, numStart - 30), numStart))) continue;
    const tw = typeWordBefore(s, numStart);
    let date: DateHit | null = dateAt(s, numEnd);
    let issuer: { name: string; end: number } | null = null;
    let end = numEnd;
    if (date) {
      end = date.end;
      issuer = issuerAt(s, date.end);
    } else {
      issuer = issuerAt(s, numEnd);
      if (issuer) {
        date = dateAt(s, issuer.end);
        if (date) end = date.end;
      }
    }
    let asWritten = date?.asWritten ?? null;
    let iso = date?.iso ?? null;
    if (!date) {
      SAME_DAY_AFTER.lastIndex = numEnd;
      const same = SAME_DAY_AFTER.exec(s);
      const prev = same ? lastDated : undefined;
      if (same && prev && clauseStart(s, numStart, true) <= prev.numStart) {
        asWritten = 'cùng ngày';
        iso = prev.date;
        end = same.index + same[0].length;
      }
    }
    const ref: Found = {
      type: typeFrom(parsed, number, tw?.type),
      number,
      date: iso,
      dateAsWritten: asWritten,
      dateValid: asWritten === null || iso !== null,
      issuer: issuer?.name ?? issuerCodeOf(parsed),
      issuerCode: issuerCodeOf(parsed),
      start: tw ? tw.start : numStart,
      end,
      numStart,
      numEnd,
      typed: !!tw,
    };
    found.push(ref);
    if (asWritten !== null) lastDated = ref;
  }
  // "Quyết định số 248/QĐ-VP, 264/QĐ-VP ngày 31/12/2021" / "số 12/QĐ-UBND và số 13/QĐ-UBND ngày …" /
  // "… 1051/QĐ-UBND, 1052/QĐ-UBND cùng ngày"
  for (let i = found.length - 2; i >= 0; i--) {
    const a = found[i]!;
    const b = found[i + 1]!;
    if (a.dateAsWritten !== null || b.dateAsWritten === null || b.typed) continue;
    if (!LIST_GAP.test(s.slice(a.numEnd, b.numStart))) continue;
    a.date = b.date;
    a.dateAsWritten = b.dateAsWritten;
    a.dateValid = b.dateValid;
  }
  // a date earlier in the clause (only when none follows)
  // "Ngày 09/6/2025, Chính phủ ban hành Nghị định số 118/… và Nghị định số 119/…": shared by the coordinated ones
  let prevEnd = 0;
  let prevBefore: Found | null = null;
  for (const f of found) {
    let from: Found | null = null;
    if (f.dateAsWritten === null) {
      const d = dateBefore(s, f.start, prevEnd);
      if (d) {
        f.date = d.iso;
        f.dateAsWritten = d.asWritten;
        f.dateValid = d.iso !== null;
        from = f;
      } else if (prevBefore && CONJ_GAP.test(s.slice(prevEnd, f.start))) {
        f.date = prevBefore.date;
        f.dateAsWritten = prevBefore.dateAsWritten;
        f.dateValid = prevBefore.dateValid;
        from = f;
      }
    }
    prevBefore = from;
    prevEnd = f.end;
  }
  return found.map(({ numStart: _a, numEnd: _b, typed: _c, ...r }) => r);
}
