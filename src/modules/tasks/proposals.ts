/**
 * Tasks proposed from a directive's text (issue 6 item 7; REFERENCE §1: a task has a source item, a lead
 * unit "chủ trì", cooperating units "phối hợp", content and a deadline that may be absent for continuous
 * tasks). Pure: no DB, no HTTP. The Office specialist confirms or edits every proposal; nothing here
 * creates a task.
 *
 * Steps:
 * 1. **Clauses.** The text (NFC, `\r\n` → `\n`) is cut into clauses at numbered lines ("I.", "1.", "1.2.",
 *    "a)", "-", "+", "•") and blank lines; an unlabeled line continues the clause above (PDF line wraps).
 *    A clause is cut again at sentence ends and ";" where the next piece names its own agency (or says
 *    "giao / yêu cầu / đề nghị"); a piece naming no agency (e.g. "Thời gian hoàn thành trước ngày …") stays
 *    with the piece before it.
 * 2. **Agencies.** The opening of a piece (before its verb phrase) is read word by word: agencies in force
 *    on the document date (names folded for case and diacritics, with the usual abbreviations: "Sở NN&PTNT",
 *    "Sở Nông nghiệp và PTNT", "Sở KH&ĐT", "UBND huyện Bình Sơn", "BQL KKT Dung Quất …"), role words
 *    ("giao", "yêu cầu", "đề nghị", "chủ trì" → lead; "phối hợp (với)", "cùng (với)" → cooperating) and
 *    fillers ("Giám đốc", "các", "tỉnh", "theo chức năng, nhiệm vụ được giao", "có trách nhiệm"). The first
 *    other word starts the action (e.g. "tham mưu UBND tỉnh ban hành Kế hoạch …"), so "UBND tỉnh" inside
 *    the action is never taken for an agency. A clause that names only agencies ("2. Sở Y tế:") is a heading:
 *    the items under it inherit its lead.
 * 3. **Groups.** "UBND các huyện, thị xã, thành phố" expands to every district in force on the document
 *    date when there are at most {@link GROUP_EXPAND_MAX} of them (Quảng Ngãi 2022: 13): one proposal per
 *    district. Larger groups ("UBND các xã, phường, đặc khu" after 2025: 96 units; "các sở, ban, ngành")
 *    give ONE proposal with `leadAgency: null` and `leadGroup` listing the members, which the specialist
 *    splits in the UI. As cooperating agencies, every group expands. Vague mentions ("các cơ quan, đơn vị
 *    liên quan", "các sở, ngành liên quan") name no agency and are ignored.
 * 4. **Deadline** (see {@link findDeadline}), resolved with the working-day calendar.
 *
 * Dates are `YYYY-MM-DD` (Asia/Ho_Chi_Minh). Positions (`start`, `end`) are UTF-16 offsets into the
 * returned `text` (the input in NFC with `\n` line ends).
 */
import { addCalendarDays, addWorkingDays, type CalendarSnapshot } from '../../kernel/calendar/index.ts';
import { isIsoDate } from '../../kernel/calendar/dates.ts';

/** An agency as the proposer needs it (from the org kernel). */
export interface ProposerAgency {
  code: string;
  name: string;
  kind: string;
  validFrom: string;
  validTo: string | null;
}

export interface ProposeOptions {
  /** the directive's date `YYYY-MM-DD`: agencies in force then; relative deadlines count from it */
  documentDate: string;
  agencies: readonly ProposerAgency[];
  calendar: CalendarSnapshot;
}

export interface ClauseRef {
  start: number;
  end: number;
  text: string;
  /** e.g. "2.b", "3-1" (first dash item under 3.), "II.1", "¶4" (4th unnumbered paragraph); "(2)" = 2nd sentence */
  label: string;
}

export interface AgencyRef {
  code: string;
  name: string;
  /** the words of the text that named it (for a group: the group's words) */
  matchedText: string;
}

export type GroupKey = 'districts' | 'communes' | 'departments';

export interface GroupRef {
  key: GroupKey;
  matchedText: string;
  codes: string[];
}

export const DEADLINE_KINDS = [
  'date',
  'working_days',
  'calendar_days',
  'month',
  'quarter',
  'year',
  'recurring',
  'none',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
export const RECURRENCES = ['monthly', 'quarterly', 'yearly'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

export interface ProposedDeadline {
  /** the words as written, null when the clause has none */
  phrase: string | null;
  /** the due date (for `recurring`: the first one after the document date); null = continuous / unknown */
  date: string | null;
  kind: DeadlineKind;
  recurrence?: Recurrence;
  /** offsets of the phrase in the text */
  start?: number;
  end?: number;
}

export interface TaskProposal {
  clause: ClauseRef;
  leadAgency: AgencyRef | null;
  /** a large group named as lead (see module doc): the specialist splits it into tasks */
  leadGroup: GroupRef | null;
  cooperatingAgencies: AgencyRef[];
  /** the verb phrase of the clause without its deadline phrase, first letter capitalised */
  action: string;
  deadline: ProposedDeadline;
  /** 0–1: how sure the reading is (role words, deadline, a known verb); below 0.5 check by hand */
  confidence: number;
}

export interface ProposalResult {
  text: string;
  clauses: ClauseRef[];
  proposals: TaskProposal[];
}

/** Groups of at most this many members are expanded into one proposal per member. */
export const GROUP_EXPAND_MAX = 15;

// ---------------------------------------------------------------------------------------------------
// folding

const foldChar = (ch: string) =>
  ch.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();

/** Diacritics and case folded, one output character per input UTF-16 unit (offsets are kept). */
export function lightFold(s: string): string {
  let out = '';
  for (const ch of s) {
    const f = foldChar(ch);
    const c = f.length ? f[0]! : ' ';
    out += ch.length === 2 ? c + ' ' : c;
  }
  return out;
}

interface Canon {
  s: string;
  /** original offset of each character of `s`; `map[s.length]` = end */
  map: number[];
}

/**
 * The key agencies are matched on: folded, "&" → " va ", hyphens, dots, slashes, brackets and quotes → space,
 * white space collapsed; commas, ";" and ":" kept. `map` gives the original offsets.
 */
function canon(text: string, base = 0): Canon {
  let s = '';
  const map: number[] = [];
  const emit = (c: string, at: number) => {
    if (c === ' ' && (s.length === 0 || s.endsWith(' '))) return;
    s += c;
    map.push(at);
  };
  let i = 0;
  for (const ch of text) {
    const at = base + i;
    i += ch.length;
    if (ch === '&') {
      emit(' ', at);
      for (const c of 'va') emit(c, at);
      emit(' ', at);
      continue;
    }
    if (/[\s\-–—./\\()"“”'‘’[\]]/u.test(ch)) {
      emit(' ', at);
      continue;
    }
    if (ch === ',' || ch === ';' || ch === ':') {
      while (s.endsWith(' ')) {
        s = s.slice(0, -1);
        map.pop();
      }
      emit(ch, at);
      emit(' ', at);
      continue;
    }
    for (const c of foldChar(ch)) emit(c, at);
  }
  while (s.endsWith(' ')) {
    s = s.slice(0, -1);
    map.pop();
  }
  map.push(base + text.length);
  return { s, map };
}

const canonKey = (t: string) => canon(t).s;

// ---------------------------------------------------------------------------------------------------
// the agency dictionary

/** Long form → abbreviations, as folded keys (see `canon`: "NN&PTNT" → "nn va ptnt"). */
const ABBREVIATIONS: [string, string[]][] = [
  [
    'nong nghiep va phat trien nong thon',
    ['nn va ptnt', 'nnptnt', 'nong nghiep va ptnt', 'nong nghiep ptnt', 'nn va phat trien nong thon'],
  ],
  ['tai nguyen va moi truong', ['tn va mt', 'tnmt', 'tai nguyen moi truong']],
  ['ke hoach va dau tu', ['kh va dt', 'khdt', 'kh dt', 'ke hoach dau tu']],
  ['giao thong van tai', ['gtvt', 'gt vt', 'giao thong va van tai']],
  ['thong tin va truyen thong', ['tt va tt', 'tttt', 'thong tin truyen thong']],
  ['khoa hoc va cong nghe', ['kh va cn', 'khcn', 'khoa hoc cong nghe']],
  [
    'lao dong thuong binh va xa hoi',
    ['ld tb va xh', 'ldtb va xh', 'ldtbxh', 'ld tbxh', 'lao dong tb va xh', 'lao dong thuong binh xa hoi'],
  ],
  [
    'van hoa, the thao va du lich',
    [
      'vhtt va dl',
      'vh, tt va dl',
      'vh tt va dl',
      'vhttdl',
      'van hoa the thao va du lich',
      'van hoa tt va dl',
    ],
  ],
  ['giao duc va dao tao', ['gd va dt', 'gddt', 'giao duc dao tao']],
  ['nong nghiep va moi truong', ['nn va mt', 'nnmt', 'nong nghiep moi truong']],
  ['dan toc va ton giao', ['dt va tg', 'dttg']],
  ['uy ban nhan dan', ['ubnd']],
  ['thanh pho', ['tp']],
  ['ban quan ly', ['bql']],
  ['khu kinh te', ['kkt']],
  ['khu cong nghiep', ['kcn']],
  ['phat thanh truyen hinh', ['pt th', 'ptth', 'phat thanh va truyen hinh']],
  ['bo chi huy', ['bch']],
  ['bo doi bien phong', ['bdbp']],
  ['quan su', ['qs']],
  ['kho bac nha nuoc', ['kbnn']],
  ['van phong', ['vp']],
];

/** Other names of some agencies (by code; used only while the code is in force). */
const ALIASES: Record<string, string[]> = {
  VP: ['van phong uy ban nhan dan tinh'],
  BQLKKT: [
    'ban quan ly khu kinh te dung quat va cac khu cong nghiep quang ngai',
    'ban quan ly khu kinh te dung quat va cac khu cong nghiep tinh',
    'ban quan ly khu kinh te dung quat',
    'ban quan ly cac khu cong nghiep tinh',
  ],
  DPTTH: ['dai phat thanh truyen hinh tinh', 'dai phat thanh truyen hinh quang ngai'],
  KBNN: ['kho bac nha nuoc tinh', 'kho bac nha nuoc quang ngai'],
  BDBP: ['bo chi huy bo doi bien phong tinh', 'bo doi bien phong tinh'],
  BCHQS: ['bo chi huy quan su tinh'],
  BDT: ['ban dan toc tinh', 'ban dan toc'],
  TTT: ['thanh tra tinh'],
  CAT: ['cong an tinh'],
  'VP-BTCD': ['ban tiep cong dan tinh'],
  'VP-TTHC': ['trung tam phuc vu hanh chinh cong tinh'],
};

/** Agency kinds never proposed as lead or cooperating: they assign. */
const ASSIGNER_KINDS = new Set(['committee', 'chairman', 'vice_chairman']);

const GROUP_PATTERNS: Record<GroupKey, string[]> = {
  districts: [
    'cac huyen, thi xa, thanh pho',
    'cac huyen, thanh pho, thi xa',
    'cac huyen, thi xa, tp',
    'cac huyen, tp, thi xa',
    'cac huyen, thanh pho',
    'cac huyen, thi xa',
    'huyen, thi xa, thanh pho',
    'cac huyen',
    'cac dia phuong trong tinh',
  ],
  communes: [
    'cac xa, phuong, dac khu',
    'cac xa, phuong, thi tran',
    'cac xa, phuong',
    'xa, phuong, dac khu',
    'xa, phuong, thi tran',
    'cac xa',
  ],
  departments: [
    'cac so, ban, nganh',
    'cac so, ban, nganh tinh',
    'cac so, nganh',
    'cac so, nganh tinh',
    'cac co quan chuyen mon thuoc ubnd tinh',
    'cac co quan chuyen mon',
  ],
};

interface DictEntry {
  key: string;
  /** agency codes, or a group */
  codes: string[];
  group?: GroupKey;
  /** a department name without "Sở" (only after a department or "các sở", with a separator) */
  bare?: boolean;
}

function expandVariants(keys: string[]): string[] {
  const out = new Set(keys);
  for (const [long, abbrs] of ABBREVIATIONS) {
    for (const v of [...out]) if (v.includes(long)) for (const a of abbrs) out.add(v.replace(long, a));
  }
  for (const v of [...out]) if (v.includes(',')) out.add(v.replace(/,/g, ''));
  return [...out];
}

const LOCAL_PREFIX = /^(huyen|thi xa|thanh pho|xa|phuong|thi tran|dac khu) /;

interface Dictionary {
  byFirst: Map<string, DictEntry[]>;
  bareByFirst: Map<string, DictEntry[]>;
  names: Map<string, string>;
  /** lower-case NFC names, to choose between names that fold alike ("Xã Ba Tơ" / "Xã Ba Tô") */
  exact: Map<string, string>;
  groups: Record<GroupKey, string[]>;
}

/** Adds an entry (same key and kind: codes merged); buckets are sorted longest first by `sortBuckets`. */
function addEntry(map: Map<string, DictEntry[]>, e: DictEntry, seen: Map<string, DictEntry>) {
  const id = `${e.group ? 'g' : 'a'}|${e.key}`;
  const same = seen.get(id);
  if (same) {
    for (const c of e.codes) if (!same.codes.includes(c)) same.codes.push(c);
    return;
  }
  seen.set(id, e);
  const first = e.key.split(/[ ,]/)[0]!;
  const arr = map.get(first);
  if (arr) arr.push(e);
  else map.set(first, [e]);
}

function sortBuckets(map: Map<string, DictEntry[]>) {
  for (const arr of map.values()) arr.sort((a, b) => b.key.length - a.key.length);
}

const inForce = (a: ProposerAgency, date: string) => a.validFrom <= date && (!a.validTo || a.validTo >= date);

function buildDictionary(agencies: readonly ProposerAgency[], date: string): Dictionary {
  const byFirst = new Map<string, DictEntry[]>();
  const bareByFirst = new Map<string, DictEntry[]>();
  const names = new Map<string, string>();
  const exact = new Map<string, string>();
  const groups: Record<GroupKey, string[]> = { districts: [], communes: [], departments: [] };
  const seenMain = new Map<string, DictEntry>();
  const seenBare = new Map<string, DictEntry>();
  for (const a of agencies) {
    if (!inForce(a, date) || ASSIGNER_KINDS.has(a.kind)) continue;
    names.set(a.code, a.name);
    exact.set(a.code, a.name.normalize('NFC').toLocaleLowerCase('vi'));
    const base = canonKey(a.name);
    const keys = [base, ...(ALIASES[a.code] ?? [])];
    if (a.kind === 'district' || a.kind === 'commune') {
      if (LOCAL_PREFIX.test(base)) keys.push(`uy ban nhan dan ${base}`);
      if (a.kind === 'district') groups.districts.push(a.code);
      else groups.communes.push(a.code);
    }
    if (a.kind === 'department' || a.kind === 'board') groups.departments.push(a.code);
    for (const k of expandVariants(keys)) addEntry(byFirst, { key: k, codes: [a.code] }, seenMain);
    if (a.kind === 'department' && base.startsWith('so ')) {
      for (const k of expandVariants([base.slice(3)]))
        addEntry(bareByFirst, { key: k, codes: [a.code], bare: true }, seenBare);
    }
    if (a.kind === 'district') {
      const bare = base.replace(LOCAL_PREFIX, '');
      if (bare !== base) addEntry(bareByFirst, { key: bare, codes: [a.code], bare: true }, seenBare);
    }
  }
  for (const [g, pats] of Object.entries(GROUP_PATTERNS) as [GroupKey, string[]][]) {
    if (!groups[g].length) continue;
    for (const p of pats) {
      for (const k of expandVariants([
        p,
        `uy ban nhan dan ${p}`,
        `chu tich uy ban nhan dan ${p}`,
        `thu truong ${p}`,
      ]))
        addEntry(byFirst, { key: k, codes: groups[g], group: g }, seenMain);
    }
  }
  sortBuckets(byFirst);
  sortBuckets(bareByFirst);
  return { byFirst, bareByFirst, names, exact, groups };
}

const isWordChar = (c: string | undefined) => !!c && /[a-z0-9]/.test(c);

function lookup(map: Map<string, DictEntry[]>, s: string, p: number): DictEntry | null {
  const m = /^[a-z0-9]+/.exec(s.slice(p, p + 40));
  if (!m) return null;
  for (const e of map.get(m[0]) ?? []) {
    if (s.startsWith(e.key, p) && !isWordChar(s[p + e.key.length])) return e;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// the opening of a piece: agencies and role words

const RE_ASSIGNER =
  /^(?:(?:pho )?chu tich |ct |pct )?(?:uy ban nhan dan|ubnd) tinh(?= (?:giao|yeu cau|de nghi|chi dao|dong y|uy quyen))/;
const RE_TRIGGER = /^(?:giao cho|giao|yeu cau|de nghi|chi dao|dong y giao|uy quyen cho|uy quyen)(?![a-z0-9])/;
const RE_LEAD = /^chu tri(?![a-z0-9])/;
const RE_COOP =
  /^(?:phoi hop chat che voi|phoi hop voi|cung phoi hop voi|cung voi|phoi hop|tham gia phoi hop voi)(?![a-z0-9])/;
const RE_SOLID =
  /^(?:co trach nhiem|theo chuc nang, ?nhiem vu(?:, ?quyen han)?(?: duoc giao| cua minh)?|trong pham vi chuc nang, ?nhiem vu(?:, ?quyen han)?(?: duoc giao| cua minh)?|can cu chuc nang, ?nhiem vu(?: duoc giao)?)(?![a-z0-9])/;
const VAGUE_WORD = '(?:co quan|don vi|dia phuong|so|ban|nganh|to chuc|ca nhan|doanh nghiep)';
const RE_VAGUE = new RegExp(
  `^(?:cac |va )?${VAGUE_WORD}(?:(?:,| va) ${VAGUE_WORD})*(?: (?:co )?lien quan| tren dia ban(?: tinh)?)(?![a-z0-9])|^cac (?:co quan|don vi|to chuc|dia phuong)(?:(?:,| va) ${VAGUE_WORD})*(?![a-z0-9])`,
);
const RE_CAC_SO = /^cac so(?= ?:| [a-z])/;
/** "các sở: Tài chính, Xây dựng", "UBND các huyện Ba Tơ, Sơn Hà" (then bare names follow) */
const RE_LIST =
  /^(?:(?:uy ban nhan dan|ubnd|chu tich uy ban nhan dan|chu tich ubnd) )?cac (?:so|huyen)(?: ?:)? /;
const RE_FILLER =
  /^(?:va|voi|cac|tinh|quang ngai|trong tinh|tren dia ban tinh|giam doc|thu truong|chu tich|truong ban|chanh van phong|chanh thanh tra|lanh dao)(?![a-z0-9])/;

interface Mention {
  code: string;
  start: number;
  end: number;
}

interface Opening {
  leads: Mention[];
  leadGroups: { key: GroupKey; codes: string[]; start: number; end: number }[];
  coops: Mention[];
  trigger: boolean;
  leadWord: boolean;
  coopWord: boolean;
  /** the piece's agencies only cooperate with the piece before ("Sở A, Sở B phối hợp") */
  coopOfPrevious: boolean;
  /** original offset where the action starts */
  actionStart: number;
}

function readOpening(dict: Dictionary, text: string, start: number, end: number): Opening {
  const { s, map } = canon(text.slice(start, end), start);
  const o: Opening = {
    leads: [],
    leadGroups: [],
    coops: [],
    trigger: false,
    leadWord: false,
    coopWord: false,
    coopOfPrevious: false,
    actionStart: start,
  };
  let role: 'lead' | 'coop' = 'lead';
  let p = 0;
  let solidEnd = 0;
  /** bare department names allowed ("Sở Tài chính, Xây dựng", "các Sở: Tài chính, …") */
  let bareOk = false;
  let sepSinceAgency = false;
  const record = (e: DictEntry, a: number, b: number) => {
    const st = map[a]!;
    const en = map[b - 1]! + 1;
    if (e.group) {
      if (role === 'lead' && e.codes.length > GROUP_EXPAND_MAX)
        o.leadGroups.push({ key: e.group, codes: [...e.codes], start: st, end: en });
      else
        for (const c of e.codes) (role === 'lead' ? o.leads : o.coops).push({ code: c, start: st, end: en });
    } else {
      const written = text.slice(st, en).normalize('NFC').toLocaleLowerCase('vi');
      const code =
        e.codes.length > 1
          ? (e.codes.find((c) => {
              const n = dict.exact.get(c) ?? '';
              return written.endsWith(
                n.replace(/^(huyện|thị xã|thành phố|xã|phường|thị trấn|đặc khu) /u, ''),
              );
            }) ?? e.codes[0]!)
          : e.codes[0]!;
      (role === 'lead' ? o.leads : o.coops).push({ code, start: st, end: en });
    }
  };
  while (p < s.length) {
    const c = s[p]!;
    if (c === ' ' || c === ',' || c === ';' || c === ':') {
      if (c !== ' ') sepSinceAgency = true;
      p++;
      continue;
    }
    const rest = s.slice(p, p + 160);
    let m: RegExpExecArray | null;
    if (bareOk && sepSinceAgency) {
      const b = lookup(dict.bareByFirst, s, p);
      if (b && b.key.length >= (lookup(dict.byFirst, s, p)?.key.length ?? 0)) {
        record(b, p, p + b.key.length);
        p += b.key.length;
        solidEnd = p;
        sepSinceAgency = false;
        continue;
      }
    }
    if ((m = RE_LIST.exec(rest)) && lookup(dict.bareByFirst, s, p + m[0].length)) {
      p += m[0].length;
      bareOk = true;
      sepSinceAgency = true;
      continue;
    }
    if ((m = RE_ASSIGNER.exec(rest))) {
      p += m[0].length;
      continue;
    }
    if ((m = RE_TRIGGER.exec(rest))) {
      o.trigger = true;
      role = 'lead';
      p += m[0].length;
      solidEnd = p;
      bareOk = false;
      continue;
    }
    if ((m = RE_LEAD.exec(rest))) {
      o.leadWord = true;
      role = 'lead';
      p += m[0].length;
      solidEnd = p;
      bareOk = false;
      continue;
    }
    if ((m = RE_COOP.exec(rest))) {
      if (!m[0].endsWith('voi') && o.leads.length && !o.leadWord && !o.trigger && !o.coopWord)
        o.coopOfPrevious = true;
      o.coopWord = true;
      role = 'coop';
      p += m[0].length;
      solidEnd = p;
      bareOk = false;
      continue;
    }
    if ((m = RE_SOLID.exec(rest))) {
      p += m[0].length;
      solidEnd = p;
      bareOk = false;
      continue;
    }
    if ((m = RE_VAGUE.exec(rest)) && (lookup(dict.byFirst, s, p)?.key.length ?? 0) < m[0].length) {
      p += m[0].length;
      solidEnd = p;
      bareOk = false;
      continue;
    }
    if ((m = RE_CAC_SO.exec(rest)) && !lookup(dict.byFirst, s, p)) {
      p += m[0].length;
      solidEnd = p;
      bareOk = true;
      sepSinceAgency = true;
      continue;
    }
    const e = lookup(dict.byFirst, s, p);
    if (e) {
      record(e, p, p + e.key.length);
      p += e.key.length;
      solidEnd = p;
      bareOk = !e.group && (e.key.startsWith('so ') || /^(?:uy ban nhan dan |ubnd )?huyen /.test(e.key));
      sepSinceAgency = false;
      continue;
    }
    if ((m = RE_FILLER.exec(rest))) {
      if (m[0] === 'va') sepSinceAgency = true;
      p += m[0].length;
      continue;
    }
    break;
  }
  o.actionStart = solidEnd >= s.length ? end : map[solidEnd]!;
  return o;
}

// ---------------------------------------------------------------------------------------------------
// deadlines

const DATE_NUM = String.raw`(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?`;
const DATE_WORDS = String.raw`(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?`;
const RE_DATE = new RegExp(
  String.raw`\b(?:truoc|cham nhat|han chot|han cuoi|den het|trong ngay|thoi han)(?:\s+(?:la|vao|den|het))*(?:\s+ngay)?\s+(?:${DATE_NUM}|${DATE_WORDS})(?![\d/])`,
  'g',
);
const YEAR_TAIL = String.raw`(?:\s*[/.-]\s*(\d{4})|\s+nam\s+(\d{4}))?`;
const RE_MONTH = new RegExp(String.raw`\b(?:trong|ngay trong)\s+thang\s+(\d{1,2})${YEAR_TAIL}(?![\d/])`, 'g');
const RE_QUARTER = new RegExp(
  String.raw`\b(?:trong|ngay trong)\s+quy\s+(iv|iii|ii|i|[1-4])${YEAR_TAIL}(?![a-z\d])`,
  'g',
);
const RE_YEAR = /\btrong\s+nam\s+(\d{4})\b/g;
/** a number written in words before the digits: "mười lăm (15) ngày" */
const NUMBER_WORDS = String.raw`(?:(?:mot|hai|ba|bon|tu|nam|lam|sau|bay|tam|chin|muoi|muoi|tram|linh|le)\s+){0,4}`;
const RE_WORKING = new RegExp(
  String.raw`\b(?:(?:trong(?:\s+vong|\s+thoi\s+han)?|cham\s+nhat|sau|khong\s+qua)\s+)?${NUMBER_WORDS}\(?(\d{1,3})\)?\s+ngay\s+lam\s+viec\b`,
  'g',
);
const RE_CALENDAR = new RegExp(
  String.raw`\b(?:trong(?:\s+vong|\s+thoi\s+han)?|cham\s+nhat|sau|khong\s+qua)\s+${NUMBER_WORDS}\(?(\d{1,3})\)?\s+ngay\b(?!\s+lam\s+viec)`,
  'g',
);
const RE_RECURRING = /\b(?:dinh\s+ky\s+)?(?:hang|moi)\s+(thang|quy|nam)\b|\bdinh\s+ky\s+(thang|quy|nam)\b/g;
const RE_RECUR_DAY =
  /\b(?:truoc|cham nhat)(?:\s+(?:la|vao))?(?:\s+ngay)?\s+(\d{1,2})(?:\s*[/.-]\s*(\d{1,2}))?(?![\d/.-])/g;
const RE_FIELD_TIME = /\b(?:thoi gian|thoi han)(?:\s+(?:hoan thanh|thuc hien|bao cao))?\s*:\s*/g;
const BARE_DATE =
  /^(?:(?:truoc|cham nhat|trong)\s+)?(?:ngay\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})/;
const BARE_MONTH = /^(?:trong\s+)?thang\s+(\d{1,2})(?:\s*[/.-]\s*(\d{4})|\s+nam\s+(\d{4}))?(?![\d/])/;
const BARE_QUARTER =
  /^(?:trong\s+)?quy\s+(iv|iii|ii|i|[1-4])(?:\s*[/.-]\s*(\d{4})|\s+nam\s+(\d{4}))?(?![a-z\d])/;
const BARE_YEAR = /^(?:trong\s+)?nam\s+(\d{4})\b/;
const RE_NONE = /\b(?:thuong xuyen|kip thoi|lien tuc|lau dai|hang ngay|hang tuan)\b/g;

const pad = (n: number) => String(n).padStart(2, '0');
const isoOf = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

function firstAll(re: RegExp, s: string): RegExpExecArray[] {
  re.lastIndex = 0;
  return [...s.matchAll(re)] as RegExpExecArray[];
}

/** Day `d` of month `m` in the document's year, or the next year if that day is before the document. */
function yearless(docDate: string, m: number, d: number): string | null {
  const y = Number(docDate.slice(0, 4));
  const iso = isoOf(y, m, d);
  if (!isIsoDate(iso)) return null;
  return iso < docDate ? (isIsoDate(isoOf(y + 1, m, d)) ? isoOf(y + 1, m, d) : null) : iso;
}

/** The first date after `docDate` on day `day` of every month that `months` accepts. */
function nextRecurring(docDate: string, day: number, months: (m: number) => boolean): string | null {
  let y = Number(docDate.slice(0, 4));
  let m = Number(docDate.slice(5, 7));
  for (let i = 0; i < 30; i++) {
    if (months(m)) {
      const iso = isoOf(y, m, Math.min(day, lastDay(y, m)));
      if (iso > docDate) return iso;
    }
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return null;
}

/**
 * The deadline of a piece of text (`text.slice(start, end)`), resolved against the document date.
 *
 * - `date`: "trước ngày 30/9/2022", "chậm nhất ngày 15/11/2022", "hạn chót 05-10-2022", "trước ngày 30
 *   tháng 9 năm 2022" → that day as written (no roll-over). Without a year ("trước 31/12") the document's
 *   year, or the next one if the day would fall before the document. A date given after "ngày" alone
 *   (a citation "Quyết định … ngày 12/8/2022") is not a deadline. An impossible date → `date: null`.
 * - `working_days`: "trong 15 ngày làm việc" → the 15th working day after the document date
 *   (`addWorkingDays`, Bộ luật Dân sự 2015 Art 147: counted from the next day; weekends, holidays, Tết and
 *   compensatory days skipped).
 * - `calendar_days`: "trong 10 ngày" → document date + 10 days, moved to the next working day when it is a
 *   day off (`addCalendarDays`, Art 148).
 * - `month` "trong tháng 10/2022" → last day of the month; `quarter` "trong quý IV/2022" → last day of the
 *   quarter; `year` "trong năm 2023" → 31/12 (year missing: the document's, or the next if past).
 * - `recurring` "hằng tháng / hằng quý / hằng năm" (also "định kỳ …", "mỗi …"): the first due date after
 *   the document date, by default the 15th of the month (monthly), the 15th of the quarter's last month
 *   (quarterly: 15/3, 15/6, 15/9, 15/12) and 15/12 (yearly) — the day after the ND 09/2019 Art 12 data
 *   cut-off (14th); a day written in the clause ("trước ngày 20 hằng tháng", "trước ngày 10/12 hằng năm")
 *   replaces it. A full date with a year in the same piece wins over the recurrence.
 * - `none`: "thường xuyên", "kịp thời", "liên tục", "lâu dài", "hằng ngày/tuần" (continuous), or no phrase.
 */
export function findDeadline(
  text: string,
  start: number,
  end: number,
  docDate: string,
  cal: CalendarSnapshot,
): ProposedDeadline {
  const l = lightFold(text.slice(start, end));
  const out = (
    m: RegExpExecArray,
    kind: DeadlineKind,
    date: string | null,
    extra: Partial<ProposedDeadline> = {},
  ) => {
    let a = m.index;
    while (l[a] === ' ') a++;
    const b = m.index + m[0].length;
    return {
      phrase: text.slice(start + a, start + b),
      date,
      kind,
      start: start + a,
      end: start + b,
      ...extra,
    };
  };
  const docYear = Number(docDate.slice(0, 4));
  // "Thời gian hoàn thành: Quý IV/2022" (the field form of plans): the value needs no marker word
  for (const f of firstAll(RE_FIELD_TIME, l)) {
    const at = f.index + f[0].length;
    const rest = l.slice(at);
    const span = (m: RegExpExecArray, kind: DeadlineKind, date: string | null) => {
      const a = f.index;
      const b = at + m[0].length;
      return { phrase: text.slice(start + a, start + b), date, kind, start: start + a, end: start + b };
    };
    let m: RegExpExecArray | null;
    if ((m = BARE_DATE.exec(rest))) {
      const iso = isoOf(Number(m[3]), Number(m[2]), Number(m[1]));
      return span(m, 'date', isIsoDate(iso) ? iso : null);
    }
    if ((m = BARE_MONTH.exec(rest))) {
      const mo = Number(m[1]);
      const y = Number(m[2] ?? m[3] ?? docYear);
      return span(m, 'month', mo >= 1 && mo <= 12 ? isoOf(y, mo, lastDay(y, mo)) : null);
    }
    if ((m = BARE_QUARTER.exec(rest))) {
      const q = ROMAN[m[1]!] ?? Number(m[1]);
      const y = Number(m[2] ?? m[3] ?? docYear);
      return span(m, 'quarter', isoOf(y, q * 3, lastDay(y, q * 3)));
    }
    if ((m = BARE_YEAR.exec(rest))) return span(m, 'year', `${m[1]}-12-31`);
  }
  const dates = firstAll(RE_DATE, l);
  const fullDate = dates.find((m) => m[3] || m[6]);
  const recurring = firstAll(RE_RECURRING, l)[0];
  if (recurring && !fullDate) {
    const unit = (recurring[1] ?? recurring[2]) as 'thang' | 'quy' | 'nam';
    const recurrence: Recurrence = unit === 'thang' ? 'monthly' : unit === 'quy' ? 'quarterly' : 'yearly';
    const dayM = firstAll(RE_RECUR_DAY, l).find((m) => Math.abs(m.index - recurring.index) < 80);
    const day = dayM ? Number(dayM[1]) : 15;
    const month = dayM?.[2] ? Number(dayM[2]) : 12;
    const date =
      day < 1 || day > 31 || month < 1 || month > 12
        ? null
        : recurrence === 'monthly'
          ? nextRecurring(docDate, day, () => true)
          : recurrence === 'quarterly'
            ? nextRecurring(docDate, day, (m) => m % 3 === 0)
            : nextRecurring(docDate, day, (m) => m === month);
    const r = out(recurring, 'recurring', date, { recurrence });
    if (dayM) {
      const a = Math.min(dayM.index, recurring.index);
      const b = Math.max(dayM.index + dayM[0].length, recurring.index + recurring[0].length);
      let a2 = a;
      while (l[a2] === ' ') a2++;
      return { ...r, phrase: text.slice(start + a2, start + b), start: start + a2, end: start + b };
    }
    return r;
  }
  const candidates: { m: RegExpExecArray; make: () => ProposedDeadline }[] = [];
  for (const m of dates) {
    candidates.push({
      m,
      make: () => {
        const d = Number(m[1] ?? m[4]);
        const mo = Number(m[2] ?? m[5]);
        const y = m[3] ?? m[6];
        if (y) {
          const iso = isoOf(Number(y), mo, d);
          return out(m, 'date', isIsoDate(iso) ? iso : null);
        }
        return out(m, 'date', yearless(docDate, mo, d));
      },
    });
  }
  const safe = (f: () => string) => {
    try {
      return f();
    } catch {
      return null;
    }
  };
  for (const m of firstAll(RE_WORKING, l))
    candidates.push({
      m,
      make: () =>
        out(
          m,
          'working_days',
          safe(() => addWorkingDays(cal, docDate, Number(m[1]))),
        ),
    });
  for (const m of firstAll(RE_CALENDAR, l))
    candidates.push({
      m,
      make: () =>
        out(
          m,
          'calendar_days',
          safe(() => addCalendarDays(cal, docDate, Number(m[1]))),
        ),
    });
  for (const m of firstAll(RE_MONTH, l))
    candidates.push({
      m,
      make: () => {
        const mo = Number(m[1]);
        if (mo < 1 || mo > 12) return out(m, 'month', null);
        let y = Number(m[2] ?? m[3] ?? docYear);
        if (!m[2] && !m[3] && isoOf(y, mo, lastDay(y, mo)) < docDate) y++;
        return out(m, 'month', isoOf(y, mo, lastDay(y, mo)));
      },
    });
  for (const m of firstAll(RE_QUARTER, l))
    candidates.push({
      m,
      make: () => {
        const q = ROMAN[m[1]!] ?? Number(m[1]);
        let y = Number(m[2] ?? m[3] ?? docYear);
        if (!m[2] && !m[3] && isoOf(y, q * 3, lastDay(y, q * 3)) < docDate) y++;
        return out(m, 'quarter', isoOf(y, q * 3, lastDay(y, q * 3)));
      },
    });
  for (const m of firstAll(RE_YEAR, l)) candidates.push({ m, make: () => out(m, 'year', `${m[1]}-12-31`) });
  if (candidates.length) {
    candidates.sort((a, b) => a.m.index - b.m.index);
    return candidates[0]!.make();
  }
  const none = firstAll(RE_NONE, l)[0];
  if (none) return out(none, 'none', null);
  return { phrase: null, date: null, kind: 'none' };
}

// ---------------------------------------------------------------------------------------------------
// clauses

const RE_LABEL =
  /^[ \t]*(?:(?<roman>[IVX]{1,4})\.[ \t]+|(?<num>\d{1,3}(?:\.\d{1,3})*)[.)][ \t]+|\(?(?<letter>[a-zđ])\)[ \t]+|(?<bullet>[-–•+*])[ \t]+)/u;

interface RawClause {
  start: number;
  end: number;
  depth: number;
  label: string;
}

function splitClauses(text: string): RawClause[] {
  const out: RawClause[] = [];
  const stack: { depth: number; label: string; bullets: Map<string, number> }[] = [];
  const rootBullets = new Map<string, number>();
  let para = 0;
  let current: RawClause | null = null;
  let blank = true;
  let pos = 0;
  for (const line of text.split('\n')) {
    const lineStart = pos;
    pos += line.length + 1;
    if (!line.trim()) {
      blank = true;
      continue;
    }
    const m = RE_LABEL.exec(line);
    const contentStart = lineStart + (m ? m[0].length : line.length - line.trimStart().length);
    const lineEnd = lineStart + line.trimEnd().length;
    if (!m && !blank && current) {
      current.end = lineEnd;
      continue;
    }
    blank = false;
    let depth: number;
    let own: string;
    const g = m?.groups ?? {};
    if (g.roman) [depth, own] = [0, g.roman];
    else if (g.num) [depth, own] = [1 + (g.num.split('.').length - 1), g.num];
    else if (g.letter) [depth, own] = [4, g.letter];
    else if (g.bullet) [depth, own] = [g.bullet === '+' ? 6 : 5, g.bullet === '+' ? '+' : '-'];
    else [depth, own] = [1, `¶${++para}`];
    while (stack.length && stack[stack.length - 1]!.depth >= depth) stack.pop();
    const parent = stack[stack.length - 1];
    let label: string;
    if (g.bullet) {
      const counters = parent?.bullets ?? rootBullets;
      const n = (counters.get(own) ?? 0) + 1;
      counters.set(own, n);
      label = `${parent?.label ?? ''}${own}${n}`;
    } else if (g.num && g.num.includes('.')) {
      const roman = stack.find((x) => x.depth === 0);
      label = roman ? `${roman.label}.${own}` : own;
    } else label = parent && !own.startsWith('¶') ? `${parent.label}.${own}` : own;
    stack.push({ depth, label, bullets: new Map() });
    current = { start: contentStart, end: lineEnd, depth, label };
    out.push(current);
  }
  return out;
}

/** Sentence and ";" boundaries inside a clause: offsets where a new piece may start. */
function pieceStarts(text: string, start: number, end: number): number[] {
  const out: number[] = [];
  const re = /([.;])\s+(?=\S)/gu;
  const s = text.slice(start, end);
  for (const m of s.matchAll(re)) {
    const at = m.index + m[0].length;
    if (m[1] === '.') {
      if (!/^[\p{Lu}"“]/u.test(s.slice(at))) continue;
      const before = /(\S+)$/u.exec(s.slice(0, m.index))?.[1] ?? '';
      // "TP. Quảng Ngãi", "ĐT.622B", "số 12.", initials
      if (/^(?:số|TP|Tp|tp|TX|St|Ông|Bà|[\p{Lu}\d]{1,3})$/u.test(before)) continue;
    }
    out.push(start + at);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// the proposer

const KNOWN_VERBS =
  /^(?:tham muu|to chuc|trien khai|xay dung|thuc hien|bao cao|chi dao|kiem tra|huong dan|ra soat|theo doi|tong hop|hoan thanh|khan truong|chu dong|nghien cuu|de xuat|tiep tuc|tang cuong|day nhanh|quan ly|lap|trinh|ban hanh|giai quyet|xu ly|tuyen truyen|thanh tra|danh gia|cap nhat|dam bao|phan cong|bo tri|can doi|uu tien)\b/;

function cleanAction(
  text: string,
  a: number,
  b: number,
  dl: ProposedDeadline,
  skip: [number, number][],
): string {
  const cuts = [...skip];
  if (dl.start !== undefined && dl.end !== undefined) cuts.push([dl.start, dl.end]);
  cuts.sort((x, y) => x[0] - y[0]);
  let s = '';
  let at = a;
  for (const [x, y] of cuts) {
    if (y <= at || x >= b) continue;
    s += `${text.slice(at, Math.max(at, x))} `;
    at = Math.max(at, y);
  }
  s += text.slice(at, b);
  s = s
    .replace(/\s+/g, ' ')
    .replace(/\(\s*\)/g, '')
    .replace(/\s+([,.;:)])/g, '$1')
    .replace(/^[\s,:;.\-–]+/, '')
    .trim();
  // a dangling "hoàn thành" / "xong" / "thời gian hoàn thành" the deadline phrase followed
  for (;;) {
    const t = s
      .replace(
        /[,;:\s]*(?:và\s+)?(?:thời gian|thời hạn)?\s*(?:hoàn thành|xong|thực hiện|báo cáo|gửi)?\s*(?:là|vào)?\s*[,;:.]*$/iu,
        (m) => (/hoàn thành|xong|thời gian|thời hạn|là|vào/iu.test(m) ? '' : m),
      )
      .replace(/[\s,;:]+$/u, '')
      .trim();
    if (t === s) break;
    s = t;
  }
  s = s.replace(/[\s.;,(\-–]+$/u, '').trim();
  return s ? s[0]!.toLocaleUpperCase('vi') + s.slice(1) : s;
}

/** A field line of a plan's item: "- Cơ quan chủ trì: …", "- Cơ quan phối hợp: …", "- Thời gian hoàn thành: …". */
const RE_FIELD_LINE =
  /^(?:(?:co quan|don vi)\s+(?:chu tri|phoi hop)(?:\s+thuc hien)?|(?:thoi gian|thoi han)(?:\s+(?:hoan thanh|thuc hien|bao cao))?|san pham(?:\s+dau ra)?|ket qua(?:\s+dau ra)?)\s*:/;
const RE_FIELD_LABEL =
  /(?:co quan|don vi)\s+(chu tri|phoi hop)(?:\s+thuc hien)?\s*:\s*|(?:thoi gian|thoi han)(?:\s+(?:hoan thanh|thuc hien|bao cao))?\s*:|(?:san pham|ket qua)(?:\s+dau ra)?\s*:/g;

interface Fields {
  leads: Mention[];
  groups: Opening['leadGroups'];
  coops: Mention[];
  /** offset of the first label (the action ends there) */
  firstLabel: number | null;
}

/** Agencies named in "Cơ quan chủ trì: …" / "Cơ quan phối hợp: …" fields of `text[start, end)`. */
function readFields(dict: Dictionary, text: string, start: number, end: number, into: Fields) {
  const l = lightFold(text.slice(start, end));
  const labels = firstAll(RE_FIELD_LABEL, l);
  labels.forEach((m, i) => {
    if (into.firstLabel === null || start + m.index < into.firstLabel) into.firstLabel = start + m.index;
    if (!m[1]) return;
    const vStart = start + m.index + m[0].length;
    const next = labels[i + 1] ? start + labels[i + 1]!.index : end;
    const stop = /[;\n]/.exec(text.slice(vStart, next));
    const vEnd = stop ? vStart + stop.index : next;
    const o = readOpening(dict, text, vStart, vEnd);
    if (m[1] === 'chu tri') {
      into.leads.push(...o.leads);
      into.groups.push(...o.leadGroups);
      into.coops.push(...o.coops);
    } else {
      into.coops.push(...o.leads, ...o.coops);
      for (const g of o.leadGroups)
        into.coops.push(...g.codes.map((code) => ({ code, start: g.start, end: g.end })));
    }
  });
}

/** The first agency named right before "chủ trì" anywhere in `text[a, b)` ("… (Sở Y tế chủ trì, …)"). */
function trailingLead(dict: Dictionary, text: string, a: number, b: number): number | null {
  const { s, map } = canon(text.slice(a, b), a);
  for (let p = 0; p < s.length; p++) {
    if (p > 0 && s[p - 1] !== ' ') continue;
    const e = lookup(dict.byFirst, s, p);
    if (e && s.startsWith(' chu tri', p + e.key.length) && !isWordChar(s[p + e.key.length + 8]))
      return map[p]!;
  }
  return null;
}

/** Dictionaries by agency list (its fingerprint) and document date; at most 64 kept. */
const dictionaries = new Map<string, Dictionary>();
const fingerprints = new WeakMap<readonly ProposerAgency[], string>();

function dictionaryFor(agencies: readonly ProposerAgency[], date: string): Dictionary {
  let fp = fingerprints.get(agencies);
  if (fp === undefined) {
    fp = agencies.map((a) => `${a.code}|${a.name}|${a.kind}|${a.validFrom}|${a.validTo ?? ''}`).join('\n');
    fingerprints.set(agencies, fp);
  }
  const key = `${date}\n${fp}`;
  let d = dictionaries.get(key);
  if (!d) {
    if (dictionaries.size >= 64) dictionaries.clear();
    dictionaries.set(key, (d = buildDictionary(agencies, date)));
  }
  return d;
}

/**
 * Reads a directive and proposes its tasks (see the module doc). Pure and deterministic.
 * @param text the directive's text (any line ends, any Unicode normal form)
 * @param opts document date (YYYY-MM-DD, Asia/Ho_Chi_Minh), the agencies (all of them: those in force on
 *   the date are used), the working-day calendar
 * @returns the normalised text, its clauses and the proposals in text order
 */
export function proposeTasks(text: string, opts: ProposeOptions): ProposalResult {
  const norm = text.replace(/\r\n?/g, '\n').normalize('NFC');
  const dict = dictionaryFor(opts.agencies, opts.documentDate);
  const raw = splitClauses(norm);
  const clauses: ClauseRef[] = [];
  const proposals: TaskProposal[] = [];
  /** leads of heading clauses by depth, for the items under them */
  const headings: { depth: number; leads: Mention[]; groups: Opening['leadGroups'] }[] = [];
  const agencyRef = (m: Mention): AgencyRef => ({
    code: m.code,
    name: dict.names.get(m.code) ?? m.code,
    matchedText: norm.slice(m.start, m.end),
  });

  // field lines ("- Cơ quan chủ trì: …") belong to the item above them
  const fieldLines = new Map<number, RawClause[]>();
  const isField = new Set<number>();
  raw.forEach((rc, i) => {
    if (!RE_FIELD_LINE.test(lightFold(norm.slice(rc.start, rc.start + 60)))) return;
    for (let j = i - 1; j >= 0; j--) {
      if (isField.has(j)) continue;
      if (raw[j]!.depth < rc.depth) {
        isField.add(i);
        const arr = fieldLines.get(j) ?? [];
        arr.push(rc);
        fieldLines.set(j, arr);
      }
      break;
    }
  });

  for (const [ri, rc] of raw.entries()) {
    if (isField.has(ri)) continue;
    while (headings.length && headings[headings.length - 1]!.depth >= rc.depth) headings.pop();
    const children = fieldLines.get(ri) ?? [];
    // pieces: sentences / ";" parts that open with their own agency
    const cuts = [rc.start, ...pieceStarts(norm, rc.start, rc.end), rc.end];
    const pieces: { start: number; end: number; o: Opening; skip: [number, number][] }[] = [];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const a = cuts[i]!;
      const b = cuts[i + 1]!;
      const o = readOpening(dict, norm, a, b);
      const opens = o.leads.length || o.leadGroups.length || o.trigger;
      const prev = pieces[pieces.length - 1];
      if (prev && o.coopOfPrevious) {
        prev.o.coops.push(...o.leads);
        prev.skip.push([a, o.actionStart]);
        prev.end = b;
      } else if (!prev || opens) pieces.push({ start: a, end: b, o, skip: [] });
      else prev.end = b;
    }
    const multi = pieces.length > 1;
    pieces.forEach((pc, k) => {
      const last = k === pieces.length - 1 && children.length ? children[children.length - 1]!.end : pc.end;
      const clauseEnd = pc.start + norm.slice(pc.start, last).trimEnd().length;
      const clause: ClauseRef = {
        start: pc.start,
        end: clauseEnd,
        text: norm.slice(pc.start, clauseEnd),
        label: multi ? `${rc.label}(${k + 1})` : rc.label,
      };
      clauses.push(clause);
      const o = pc.o;
      const actionRaw = norm.slice(o.actionStart, pc.end).replace(/[\s:;.,]+/g, '');
      const isHeading = !actionRaw && (o.leads.length > 0 || o.leadGroups.length > 0);
      if (isHeading && !multi) {
        headings.push({ depth: rc.depth, leads: o.leads, groups: o.leadGroups });
        return;
      }
      if (!actionRaw) return;
      let leads = o.leads;
      let groups = o.leadGroups;
      let inherited = false;
      const actionStart = o.actionStart;
      let actionEnd = pc.start + norm.slice(pc.start, pc.end).trimEnd().length;
      const deadlineRanges: [number, number][] = [];
      // the field form: "Cơ quan chủ trì: …" inline or on the lines under the item
      const fields: Fields = { leads: [], groups: [], coops: [], firstLabel: null };
      readFields(dict, norm, pc.start, pc.end, fields);
      if (k === pieces.length - 1) for (const c of children) readFields(dict, norm, c.start, c.end, fields);
      if (fields.firstLabel !== null && fields.firstLabel < pc.end)
        actionEnd = Math.min(actionEnd, fields.firstLabel);
      if (!leads.length && !groups.length && (fields.leads.length || fields.groups.length)) {
        leads = fields.leads;
        groups = fields.groups;
        o.leadWord = true;
      }
      o.coops.push(...fields.coops);
      if (k === pieces.length - 1) for (const c of children) deadlineRanges.push([c.start, c.end]);
      // "… (Sở Y tế chủ trì, phối hợp với …)": the lead after the action
      if (!leads.length && !groups.length && !o.trigger) {
        const at = trailingLead(dict, norm, pc.start, pc.end);
        if (at !== null) {
          const o3 = readOpening(dict, norm, at, pc.end);
          leads = o3.leads;
          groups = o3.leadGroups;
          o.coops.push(...o3.coops);
          o.leadWord = true;
          actionEnd = Math.min(actionEnd, at);
        }
      }
      if (!leads.length && !groups.length) {
        const h = [...headings].reverse().find((x) => x.leads.length || x.groups.length);
        if (h) {
          leads = h.leads;
          groups = h.groups;
          inherited = true;
        }
      }
      if (!leads.length && !groups.length && !o.trigger) return;
      // ", Sở A, Sở B phối hợp (thực hiện)" inside the action: cooperating agencies
      for (const cm of norm.slice(o.actionStart, pc.end).matchAll(/[,;]\s*/g)) {
        const q = o.actionStart + cm.index + cm[0].length;
        const o2 = readOpening(dict, norm, q, Math.min(pc.end, q + 400));
        if (!o2.coopOfPrevious) continue;
        o.coops.push(...o2.leads);
        const stop = /[,;.]/.exec(norm.slice(o2.actionStart, pc.end));
        pc.skip.push([o.actionStart + cm.index, stop ? o2.actionStart + stop.index : o2.actionStart]);
      }
      let deadline = findDeadline(norm, pc.start, pc.end, opts.documentDate, opts.calendar);
      for (const [a, b] of deadlineRanges) {
        if (deadline.phrase) break;
        deadline = findDeadline(norm, a, b, opts.documentDate, opts.calendar);
      }
      const action = cleanAction(norm, actionStart, actionEnd, deadline, pc.skip);
      const leadCodes = new Set(leads.map((x) => x.code));
      const seen = new Set<string>();
      const coops = o.coops.filter((c) => !leadCodes.has(c.code) && !seen.has(c.code) && seen.add(c.code));
      const verb = KNOWN_VERBS.test(lightFold(action));
      const base =
        0.4 +
        (o.trigger || o.leadWord || inherited || o.coopWord ? 0.3 : 0) +
        (deadline.phrase ? 0.2 : 0) +
        (verb ? 0.1 : 0);
      const common = {
        clause,
        cooperatingAgencies: coops.map(agencyRef),
        action,
        deadline,
      };
      const leadSeen = new Set<string>();
      for (const l of leads) {
        if (leadSeen.has(l.code)) continue;
        leadSeen.add(l.code);
        proposals.push({
          ...common,
          leadAgency: agencyRef(l),
          leadGroup: null,
          cooperatingAgencies: common.cooperatingAgencies.filter((c) => c.code !== l.code),
          confidence: Math.round(Math.min(1, base) * 100) / 100,
        });
      }
      for (const g of groups) {
        proposals.push({
          ...common,
          leadAgency: null,
          leadGroup: { key: g.key, matchedText: norm.slice(g.start, g.end), codes: g.codes },
          confidence: Math.round(Math.min(1, base) * 80) / 100,
        });
      }
      if (!leads.length && !groups.length) {
        proposals.push({
          ...common,
          leadAgency: null,
          leadGroup: null,
          confidence: Math.round(Math.min(1, base) * 50) / 100,
        });
      }
    });
  }
  return { text: norm, clauses, proposals };
}
