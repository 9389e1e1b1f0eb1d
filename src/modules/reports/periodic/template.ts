/**
 * The periodic report's template: data (templates/*.json), not code, validated with zod when loaded.
 * A template lists blocks — headings, paragraphs with `{placeholder}`s filled from the figures, tables by
 * id, the list of issued documents and narrative slots edited in the UI (types.ts `TemplateBlock`) — plus
 * the per-template settings: the task section's window (the programme start, QĐ 1100/QĐ-UBND ngày
 * 12/11/2021, to the day after the cut-off, as the seed), the header (ND 30/2020/NĐ-CP art. 8) and which
 * issuers count as "the Office" and "UBND tỉnh / Chủ tịch" in the documents list.
 *
 * Placeholders: any figure key (`{tasks.total}`), `{period}` (period label), `{period.from}`, `{period.to}`,
 * `{task.from}`, `{task.to}`, `{task.asOf}`, `{next}` (the next period, e.g. "03 tháng cuối năm 2022").
 * Numbers print the Vietnamese way (1.234; 99,5) with 1–9 written 01–09 as the seed and ND 30/2020 do
 * (REFERENCE §6); percentages are not padded. Dates print dd/mm/yyyy with the month padded only for 1–2
 * (REFERENCE §6: "day <10 and months 1–2 zero-padded"). English prints 1,234 and dd/mm/yyyy.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { notFound } from '../../../kernel/errors.ts';
import { fromRoot } from '../../../paths.ts';
import type {
  IssuedDocument,
  PeriodicReport,
  ReportHeader,
  ReportTable,
  ReportTemplate,
  RichDoc,
  TemplateBlock,
} from './types.ts';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const BilingualSchema = z.object({ vi: z.string().min(1), en: z.string().min(1) }).strict();

const BlockSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('heading'),
      level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
      text: BilingualSchema,
    })
    .strict(),
  z.object({ kind: z.literal('paragraph'), text: BilingualSchema }).strict(),
  z.object({ kind: z.literal('table'), table: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('documents') }).strict(),
  z
    .object({
      kind: z.literal('narrative'),
      slot: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
      label: BilingualSchema,
      default: BilingualSchema.optional(),
    })
    .strict(),
]);

const HeaderSchema = z
  .object({
    parentName: z.string().min(1),
    issuerName: z.string().min(1),
    symbol: z.string().min(1),
    place: z.string().min(1),
    signer: z
      .object({
        form: z.enum(['', 'KT.', 'TM.', 'TL.', 'TUQ.']),
        title: z.string().min(1),
        deputyTitle: z.string().optional(),
        name: z.string(),
      })
      .strict(),
    recipients: z.array(z.string().min(1)).min(1),
  })
  .strict();

/** The JSON schema of a template file (zod). */
export const TemplateFileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,60}$/),
    name: BilingualSchema,
    title: BilingualSchema,
    taskWindow: z
      .object({ from: IsoDate, fromBasis: z.string(), toOffsetDays: z.number().int().min(0).max(31) })
      .strict(),
    header: HeaderSchema,
    documentIssuers: z
      .object({ office: z.array(z.string().min(1)).min(1), committee: z.array(z.string().min(1)).min(1) })
      .strict(),
    blocks: z.array(BlockSchema).min(1),
  })
  .strict();

/** A template with its settings (extends the contract's `ReportTemplate`). */
export interface PeriodicTemplate extends ReportTemplate {
  name: { vi: string; en: string };
  /** the task section's default window: `from` (programme start); to = asOf = period.to + toOffsetDays */
  taskWindow: { from: string; fromBasis: string; toOffsetDays: number };
  header: ReportHeader;
  /** issuer codes (prefixes) of the Office and of UBND tỉnh / Chủ tịch / Phó Chủ tịch for the documents list */
  documentIssuers: { office: string[]; committee: string[] };
}

export const DEFAULT_TEMPLATE_ID = 'periodic-office-v1';

const TEMPLATE_DIR = fromRoot('src', 'modules', 'reports', 'periodic', 'templates');
let cache: Map<string, PeriodicTemplate> | null = null;

function load(): Map<string, PeriodicTemplate> {
  if (cache) return cache;
  const out = new Map<string, PeriodicTemplate>();
  for (const f of readdirSync(TEMPLATE_DIR)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const raw = JSON.parse(readFileSync(join(TEMPLATE_DIR, f), 'utf8')) as unknown;
    const r = TemplateFileSchema.safeParse(raw);
    if (!r.success) throw new Error(`template ${f} is invalid: ${r.error.message}`);
    const t = r.data as PeriodicTemplate;
    const slots = t.blocks.filter((b) => b.kind === 'narrative').map((b) => b.slot);
    if (new Set(slots).size !== slots.length) throw new Error(`template ${f}: duplicate narrative slot`);
    out.set(t.id, t);
  }
  cache = out;
  return out;
}

/**
 * A template by id (default `periodic-office-v1`), loaded from templates/*.json and validated at load
 * (an invalid file throws at start-up, never at request time). 404 for an unknown id.
 */
export function getTemplate(id?: string): PeriodicTemplate {
  const t = load().get(id ?? DEFAULT_TEMPLATE_ID);
  if (!t) throw notFound('mẫu báo cáo / report template', 'templateId');
  return t;
}

/** Every template (id and name). */
export function listTemplates(): { id: string; name: { vi: string; en: string } }[] {
  return [...load().values()].map((t) => ({ id: t.id, name: t.name }));
}

/** Narrative slots of a template, in order. */
export function narrativeSlots(t: ReportTemplate): string[] {
  return t.blocks.flatMap((b) => (b.kind === 'narrative' ? [b.slot] : []));
}

// ---------------------------------------------------------------------------------------------------
// Filling

/** A part of a filled paragraph: plain text, or the printed value of a figure (for links in the UI). */
export type FilledPart = { text: string } | { text: string; key: string };

/** A resolved block of the report (DOCX, PDF and the web view render these). */
export type FilledBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string; figureKeys: string[]; parts: FilledPart[] }
  | { kind: 'table'; table: ReportTable }
  | { kind: 'documents'; items: IssuedDocument[] }
  | { kind: 'narrative'; slot: string; label: string; doc: RichDoc };

/**
 * A number as printed in the report: vi `1.234`, `99,5`, 1–9 as `01`–`09` (seed, ND 30/2020 practice)
 * unless `plain`; en `1,234`, `99.5`.
 */
export function formatNumber(n: number, lang: 'vi' | 'en', plain = false): string {
  if (lang === 'vi' && !plain && Number.isInteger(n) && n >= 1 && n <= 9) return `0${n}`;
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 1 }).format(n);
}

/** A date as written in the body: vi `15/9/2022`, `04/3/2022`, `28/01/2022` (month padded for 1–2); en dd/mm/yyyy. */
export function formatDate(d: string, lang: 'vi' | 'en'): string {
  const [y, m, day] = [d.slice(0, 4), Number(d.slice(5, 7)), d.slice(8, 10)];
  const mm = lang === 'en' || m < 3 ? String(m).padStart(2, '0') : String(m);
  return `${day}/${mm}/${y}`;
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/** The period after the report's, as named in section III ("03 tháng cuối năm 2022", "Quý IV năm 2022"). */
export function nextPeriodLabel(r: PeriodicReport, lang: 'vi' | 'en'): string {
  const p = r.period;
  const vi = lang === 'vi';
  switch (p.kind) {
    case 'month': {
      const m = p.number === 12 ? 1 : p.number! + 1;
      const y = p.number === 12 ? p.year + 1 : p.year;
      return vi ? `tháng ${m} năm ${y}` : `month ${m} of ${y}`;
    }
    case 'quarter': {
      const q = p.number === 4 ? 1 : p.number! + 1;
      const y = p.number === 4 ? p.year + 1 : p.year;
      return vi ? `Quý ${ROMAN[q - 1]} năm ${y}` : `Q${q} ${y}`;
    }
    case '6_months':
      return vi ? `06 tháng cuối năm ${p.year}` : `the last 6 months of ${p.year}`;
    case '9_months':
      return vi ? `03 tháng cuối năm ${p.year}` : `the last 3 months of ${p.year}`;
    case 'year':
      return vi ? `năm ${p.year + 1}` : `${p.year + 1}`;
    default:
      return vi ? 'kỳ tiếp theo' : 'the next period';
  }
}

/** Fills one text: returns the parts (for links), the plain text and the figure keys used, in order. */
export function fillText(
  text: string,
  r: PeriodicReport,
  lang: 'vi' | 'en',
): { text: string; parts: FilledPart[]; figureKeys: string[] } {
  const parts: FilledPart[] = [];
  const keys: string[] = [];
  const re = /\{([a-z0-9_.]+)\}/gi;
  let last = 0;
  let m: RegExpExecArray | null;
  const push = (t: string) => {
    if (!t) return;
    const prev = parts[parts.length - 1];
    if (prev && !('key' in prev)) prev.text += t;
    else parts.push({ text: t });
  };
  while ((m = re.exec(text))) {
    push(text.slice(last, m.index));
    last = m.index + m[0].length;
    const name = m[1]!;
    const special: Record<string, () => string> = {
      period: () => r.period.label[lang],
      'period.label': () => r.period.label[lang],
      'period.from': () => formatDate(r.period.from, lang),
      'period.to': () => formatDate(r.period.to, lang),
      'task.from': () => formatDate(r.taskWindow.from, lang),
      'task.to': () => formatDate(r.taskWindow.to, lang),
      'task.asOf': () => formatDate(r.taskWindow.asOf, lang),
      next: () => nextPeriodLabel(r, lang),
    };
    if (special[name]) push(special[name]());
    else if (name in r.figures) {
      const v = r.figures[name]!;
      parts.push({ text: formatNumber(v, lang, name.includes('percent')), key: name });
      keys.push(name);
    } else push(m[0]);
  }
  push(text.slice(last));
  return { text: parts.map((p) => p.text).join(''), parts, figureKeys: keys };
}

/**
 * A narrative default as a one-paragraph document. A default wrapped in parentheses, e.g. "(Chưa nhập nội
 * dung đề xuất, kiến nghị.)", is a placeholder and is printed in italics.
 */
function docOf(text: string): RichDoc {
  const placeholder = text.startsWith('(') && text.endsWith(')');
  return {
    type: 'doc',
    content: [
      {
        type: 'paragraph',
        content: [{ type: 'text', text, ...(placeholder ? { marks: [{ type: 'italic' }] } : {}) }],
      },
    ],
  };
}

/** True when a narrative has no text at all (no slot written, or only empty paragraphs). */
export function isEmptyDoc(d: RichDoc | undefined): boolean {
  if (!d) return true;
  const text = (n: unknown): string => {
    const o = n as { text?: unknown; content?: unknown };
    return (
      (typeof o.text === 'string' ? o.text : '') +
      (Array.isArray(o.content) ? o.content.map(text).join('') : '')
    );
  };
  return text(d).trim() === '';
}

/** A table of the report in the requested language (titles and column labels). */
function tableFor(t: ReportTable): ReportTable {
  return t;
}

/**
 * The template resolved against a report: placeholders replaced (formatting above), tables and the
 * documents list taken from the report, narrative slots from `r.narrative` (else the template's default
 * text, else an empty document). Unknown table ids are skipped. Used by the DOCX/PDF exports and the web view;
 * the signature is stable.
 */
export function fillTemplate(t: ReportTemplate, r: PeriodicReport, lang: 'vi' | 'en'): FilledBlock[] {
  const out: FilledBlock[] = [];
  for (const b of t.blocks as TemplateBlock[]) {
    switch (b.kind) {
      case 'heading':
        out.push({ kind: 'heading', level: b.level, text: fillText(b.text[lang], r, lang).text });
        break;
      case 'paragraph': {
        const f = fillText(b.text[lang], r, lang);
        out.push({ kind: 'paragraph', text: f.text, figureKeys: f.figureKeys, parts: f.parts });
        break;
      }
      case 'table': {
        const table = r.tables.find((x) => x.id === b.table);
        if (table) out.push({ kind: 'table', table: tableFor(table) });
        break;
      }
      case 'documents':
        out.push({ kind: 'documents', items: r.documents });
        break;
      case 'narrative': {
        const own = r.narrative[b.slot];
        const doc = !isEmptyDoc(own)
          ? own!
          : b.default
            ? docOf(b.default[lang])
            : ({ type: 'doc', content: [] } as RichDoc);
        out.push({ kind: 'narrative', slot: b.slot, label: b.label[lang], doc });
        break;
      }
    }
  }
  return out;
}

/** The title line under "BÁO CÁO" with the period filled in. */
export function fillTitle(t: ReportTemplate, r: PeriodicReport, lang: 'vi' | 'en'): string {
  return fillText(t.title[lang], r, lang).text;
}
