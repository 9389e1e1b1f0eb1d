/**
 * The periodic report (báo cáo định kỳ; issue 6 point 3) as DOCX in the state document format
 * (ND 30/2020/NĐ-CP Art 8, Appendix I; REFERENCE §6):
 *
 * - A4 portrait, margins (mm) top 20, bottom 20, left 30, right 15; Times New Roman (LibreOffice substitutes
 *   the metric twin Liberation Serif); body 14 pt justified with a 12.7 mm first-line indent, tables 12 pt;
 *   page numbers centred at the top from page 2 (Appendix I).
 * - Header table without borders: left the governing body ("UBND TỈNH QUẢNG NGÃI") and in bold the issuing body
 *   ("VĂN PHÒNG") with a short rule under it, then "Số: …/BC-VP" — on a draft "Số:      /BC-VP", the number is
 *   written when the report is issued (ND 30/2020 Art 15: numbered after signing); right the national motto
 *   (bold "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold "Độc lập - Tự do - Hạnh phúc" with a rule as long as the
 *   line under it) and the italic place-and-date line ("Quảng Ngãi, ngày    tháng 9 năm 2022" on a draft — the
 *   month of the report's due date; the issued date in full, day < 10 and months 1–2 zero-padded).
 * - Bold centred "BÁO CÁO" and the bold centred title (the template's title with the period label), a short
 *   rule under it.
 * - The body from the filled template (headings, paragraphs with their figures, tables with borders and a bold
 *   total row, the list of issued documents, the narratives edited in the UI — richtext-docx.ts).
 * - The closing: "Nơi nhận:" (bold italic 12 pt, recipients 11 pt with "- ") on the left, the signature block
 *   on the right (ND 30/2020 Art 13: "KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG", TM., TL., TUQ. the same way).
 *
 * Pure: everything comes from the report (or snapshot) and its template; progress is reported per block and
 * the work stops at the next block when `signal` aborts (an `AbortError`).
 */
import {
  AlignmentType,
  Document,
  Header,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type ParagraphChild,
} from 'docx';
import {
  A4_PAGE,
  A4_TEXT_WIDTH,
  FONT,
  GRID_BORDERS,
  centred,
  mm,
  placeDateLine,
  shortRule,
  textRun,
  twoColumns,
} from '../../../kernel/documents/decree30.ts';
import { t } from '../../dossiers/forms/format.ts';
import { richDocToParagraphs } from './richtext-docx.ts';
import type { IssuedDocument, PeriodicReport, ReportSnapshot, ReportTable, RichDoc } from './types.ts';
import { fillTemplate, fillTitle, formatDate, getTemplate, type FilledBlock } from './template.ts';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** font sizes, half-points: body 14 pt, header 13 pt, motto line 12 pt, tables 12 pt, recipients 11 pt */
const SIZE = { body: 28, head: 26, motto: 24, table: 24, small: 24, list: 22 };
const FIRST_LINE = mm(12.7);

export interface RenderOptions {
  /** called with 0–100 as the blocks are laid out (the packing is the last 20 %) */
  onProgress?(pct: number): void;
  signal?: AbortSignal;
}

/** The issued number and date of a snapshot, when it has been issued (else the draft shows blanks). */
export interface IssuedAs {
  numberSymbol: string;
  date: string;
}

/** What the renderer lays out: the report, its filled blocks and the title line. */
export interface DocxInput {
  report: PeriodicReport;
  blocks: FilledBlock[];
  title: string;
  issued?: IssuedAs | null;
}

const isSnapshot = (x: ReportSnapshot | PeriodicReport): x is ReportSnapshot => 'report' in x && 'hash' in x;

/**
 * Renders a snapshot (or a report as computed) as DOCX bytes. A snapshot's `issued` number and date
 * (when present) fill the number and date lines; otherwise they are left blank for the draft.
 */
export async function renderPeriodicDocx(
  src: ReportSnapshot | PeriodicReport,
  opts: RenderOptions = {},
): Promise<Buffer> {
  const report = isSnapshot(src) ? src.report : src;
  const issued = isSnapshot(src) ? (src.issued ?? null) : null;
  const template = getTemplate(report.templateId);
  const blocks = fillTemplate(template, report, 'vi');
  return renderDocxBlocks({ report, blocks, title: fillTitle(template, report, 'vi'), issued }, opts);
}

// ─────────────────────────────────────────── formatting ───────────────────────────────────────────

const VI_NUMBER = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
/** A number as Vietnamese documents write it: 2.407; 99,5. */
export const viNumber = (n: number) => VI_NUMBER.format(n);

/**
 * Inline runs of a template paragraph: `**bold**` and `*italic*` marks (the seed's style: figures in bold,
 * citations in italics) are honoured; everything else is written as is.
 */
function markedRuns(text: string, size: number, base: { bold?: boolean; italics?: boolean } = {}): TextRun[] {
  const out: TextRun[] = [];
  const re = /\*\*([^*]+)\*\*|\*([^*]+)\*/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last)
      out.push(new TextRun({ text: t(text.slice(last, m.index)), size, font: FONT, ...base }));
    if (m[1] !== undefined) out.push(new TextRun({ text: t(m[1]), size, font: FONT, ...base, bold: true }));
    else out.push(new TextRun({ text: t(m[2]!), size, font: FONT, ...base, italics: true }));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(new TextRun({ text: t(text.slice(last)), size, font: FONT, ...base }));
  return out;
}

const bodyPara = (
  children: ParagraphChild[],
  o: { keepNext?: boolean; before?: number; indent?: boolean } = {},
) =>
  new Paragraph({
    children,
    alignment: AlignmentType.JUSTIFIED,
    spacing: { before: o.before ?? 0, after: 120, line: 288 },
    indent: o.indent === false ? undefined : { firstLine: FIRST_LINE },
    keepNext: o.keepNext,
  });

function heading(level: 1 | 2 | 3, text: string): Paragraph {
  return bodyPara(markedRuns(text, SIZE.body, { bold: true, italics: level === 3 ? true : undefined }), {
    keepNext: true,
    before: level === 1 ? 120 : 60,
  });
}

// ───────────────────────────────────────────── tables ─────────────────────────────────────────────

function cellPara(text: string, o: { bold?: boolean; align?: 'left' | 'center' | 'right' } = {}) {
  return new Paragraph({
    children: [new TextRun({ text: t(text), bold: o.bold, size: SIZE.table, font: FONT })],
    alignment:
      o.align === 'left'
        ? AlignmentType.LEFT
        : o.align === 'right'
          ? AlignmentType.RIGHT
          : AlignmentType.CENTER,
    spacing: { before: 40, after: 40 },
  });
}

/**
 * A report table with borders: a bold header row (repeated on each page), the data rows, the total row in
 * bold when `totalRow`. The first column (labels) takes 40 % of the width when there are more than two
 * columns; numbers are centred and written the Vietnamese way.
 */
export function reportTableDocx(table: ReportTable, width = A4_TEXT_WIDTH): (Paragraph | Table)[] {
  const n = Math.max(1, table.columns.length);
  const first = n > 2 ? Math.round(width * 0.4) : Math.round(width / n);
  const rest = n > 1 ? Math.floor((width - first) / (n - 1)) : 0;
  const widths = Array.from({ length: n }, (_, i) => (i === 0 ? first : rest));
  widths[n - 1]! += width - widths.reduce((a, b) => a + b, 0);
  const cell = (children: Paragraph[], i: number) =>
    new TableCell({
      children,
      width: { size: widths[i]!, type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      margins: { left: 60, right: 60 },
    });
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: table.columns.map((c, i) => cell([cellPara(c.vi, { bold: true })], i)),
  });
  const rows = table.rows.map((r, ri) => {
    const isTotal = table.totalRow && ri === table.rows.length - 1;
    return new TableRow({
      cantSplit: true,
      children: Array.from({ length: n }, (_, i) => {
        const v = r[i];
        const text = typeof v === 'number' ? viNumber(v) : (v ?? '');
        return cell([cellPara(text, { bold: isTotal, align: typeof v === 'number' ? 'center' : 'left' })], i);
      }),
    });
  });
  return [
    new Paragraph({
      children: [new TextRun({ text: t(table.title.vi), bold: true, size: SIZE.table, font: FONT })],
      alignment: AlignmentType.CENTER,
      spacing: { before: 120, after: 60 },
      keepNext: true,
    }),
    new Table({
      width: { size: width, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: GRID_BORDERS,
      rows: [header, ...rows],
    }),
    new Paragraph({ children: [], spacing: { before: 0, after: 120 } }),
  ];
}

/** One line per issued document: "- {summary} ({type} số {number} ngày {dd/mm/yyyy})", the citation in italics. */
/** At most this many issued documents are written in the body; the XLSX sheet "Văn bản ban hành" lists all. */
export const DOCX_DOCUMENT_LIMIT = 100;

function documentLines(items: IssuedDocument[]): Paragraph[] {
  const lines = items.slice(0, DOCX_DOCUMENT_LIMIT).map((d) =>
    bodyPara([
      textRun(`- ${d.summary.trim().replace(/[.;]+$/u, '')} (`, { size: SIZE.body }),
      textRun(`${d.type} số ${d.numberSymbol}${d.date ? ` ngày ${formatDate(d.date, 'vi')}` : ''}`, {
        size: SIZE.body,
        italics: true,
      }),
      textRun(');', { size: SIZE.body }),
    ]),
  );
  const rest = items.length - DOCX_DOCUMENT_LIMIT;
  if (rest > 0)
    lines.push(
      bodyPara([
        textRun(`- Và ${viNumber(rest)} văn bản khác (danh mục đầy đủ tại phụ lục “Văn bản ban hành”).`, {
          size: SIZE.body,
          italics: true,
        }),
      ]),
    );
  return lines;
}

// ─────────────────────────────────────── header and closing ───────────────────────────────────────

function headerBlock(report: PeriodicReport, issued: IssuedAs | null): Table {
  const h = report.header;
  const share = 0.4;
  const lw = Math.round(A4_TEXT_WIDTH * share);
  const rw = A4_TEXT_WIDTH - lw;
  const number = issued?.numberSymbol ?? `     /${h.symbol}`;
  const left = [
    centred([textRun(h.parentName, { size: SIZE.head, caps: true })]),
    centred([textRun(h.issuerName, { size: SIZE.head, bold: true, caps: true })]),
    shortRule(lw, 0.4),
    centred([textRun(`Số: ${number}`, { size: SIZE.head })]),
  ];
  const right = [
    centred([textRun('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: SIZE.motto, bold: true })]),
    centred([textRun('Độc lập - Tự do - Hạnh phúc', { size: SIZE.head, bold: true })]),
    shortRule(rw, 0.62, 160),
    centred([
      textRun(placeDateLine(h.place, issued?.date ?? null, report.period.due, '  '), {
        size: SIZE.head,
        italics: true,
      }),
    ]),
  ];
  return twoColumns(A4_TEXT_WIDTH, left, right, share);
}

/** The signature block's title lines (ND 30/2020 Art 13): "KT. CHÁNH VĂN PHÒNG" / "PHÓ CHÁNH VĂN PHÒNG". */
export function signerLines(signer: PeriodicReport['header']['signer']): string[] {
  const first = signer.form ? `${signer.form} ${signer.title}` : signer.title;
  return [first, ...(signer.deputyTitle ? [signer.deputyTitle] : [])];
}

function closing(report: PeriodicReport): Table {
  const h = report.header;
  const left = [
    new Paragraph({
      children: [textRun('Nơi nhận:', { bold: true, italics: true, size: SIZE.small })],
      spacing: { before: 0, after: 0 },
    }),
    ...h.recipients.map(
      (x) =>
        new Paragraph({
          children: [textRun(`- ${x.replace(/^[-–]\s*/u, '')}`, { size: SIZE.list })],
          spacing: { before: 0, after: 0 },
        }),
    ),
  ];
  const right = [
    ...signerLines(h.signer).map((l) => centred([textRun(l, { bold: true, caps: true, size: SIZE.head })])),
    centred([], 1500),
    centred([textRun(h.signer.name, { bold: true, size: SIZE.body })]),
  ];
  return twoColumns(A4_TEXT_WIDTH, left, right, 0.5);
}

// ───────────────────────────────────────────── document ─────────────────────────────────────────────

const abortError = () => Object.assign(new Error('aborted'), { name: 'AbortError' });

/** Lays out `input` as DOCX bytes (see the module docstring for the layout). */
export async function renderDocxBlocks(input: DocxInput, opts: RenderOptions = {}): Promise<Buffer> {
  const { report, blocks } = input;
  const progress = opts.onProgress ?? (() => {});
  const check = () => {
    if (opts.signal?.aborted) throw abortError();
  };
  check();
  progress(0);
  const children: (Paragraph | Table)[] = [
    headerBlock(report, input.issued ?? null),
    new Paragraph({
      children: [textRun('BÁO CÁO', { bold: true, size: SIZE.body })],
      alignment: AlignmentType.CENTER,
      spacing: { before: 360, after: 0 },
    }),
    centred([textRun(input.title, { bold: true, size: SIZE.body })]),
    shortRule(A4_TEXT_WIDTH, 0.25, 240),
  ];
  for (let i = 0; i < blocks.length; i++) {
    check();
    const b = blocks[i]!;
    switch (b.kind) {
      case 'heading':
        children.push(heading(b.level, b.text));
        break;
      case 'paragraph':
        children.push(bodyPara(markedRuns(b.text, SIZE.body)));
        break;
      case 'table':
        children.push(...reportTableDocx(b.table));
        break;
      case 'documents':
        children.push(...documentLines(b.items));
        break;
      case 'narrative':
        children.push(...richDocToParagraphs(b.doc as RichDoc, { size: SIZE.body, firstLine: FIRST_LINE }));
        break;
    }
    progress(Math.round(5 + (75 * (i + 1)) / Math.max(1, blocks.length)));
    // let the event loop breathe between blocks when this runs on the main thread
    if (i % 8 === 7) await new Promise((r) => setImmediate(r));
  }
  children.push(new Paragraph({ children: [], spacing: { before: 120, after: 0 } }), closing(report));
  check();
  progress(80);

  const doc = new Document({
    creator: 'Kiến Tạo',
    title: t(`Báo cáo ${input.title}`),
    description: t('Bố cục theo Nghị định 30/2020/NĐ-CP, Phụ lục I (A4, Times New Roman 14 pt)'),
    styles: {
      default: {
        document: { run: { font: FONT, size: SIZE.body }, paragraph: { spacing: { after: 60 } } },
      },
    },
    sections: [
      {
        properties: { page: { size: A4_PAGE, margin: A4_PAGE.margin }, titlePage: true },
        headers: {
          first: new Header({ children: [] }),
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT], size: SIZE.head, font: FONT })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  const buf = await Packer.toBuffer(doc);
  check();
  progress(100);
  return buf;
}
