/**
 * Letters about a petition (issue 5 item 9; REFERENCE §4, §6) as DOCX in the Decree 30/2020 layout:
 *
 * - `forwarding` — the forwarding slip (phiếu chuyển đơn) sending a petition to the competent body. For a
 *   denunciation it is TT 05/2021/TT-TTCP Form 03, "Phiếu chuyển đơn tố cáo" (Art 14; Luật Tố cáo 2018
 *   Art 24: forward within 5 working days), and it NEVER carries the denouncer's identity: the identity is
 *   stripped from the text and from the copy of the petition that goes with it and kept as a secret record
 *   (Luật Tố cáo 2018 Art 8 cl.3, Art 9 cl.1b, Art 56). Only TT 05/2021's Form 03 is cited as a form
 *   number; the slip for complaints, recommendations, feedback and land disputes follows the same layout
 *   without a form number (its wording is ours, not checked against a gazette copy).
 * - `urging` — the urging letter (công văn đôn đốc) to the body that holds a forwarded petition (the
 *   seed's "đôn đốc"; Luật Tiếp công dân 2013 Art 28 makes the receiving body answer within 10 working
 *   days). Same identity rule.
 *
 * Layout (ND 30/2020/NĐ-CP Art 8, Appendix I; REFERENCE §6): A4 portrait, margins top/bottom 20 mm,
 * left 30 mm, right 15 mm; Times New Roman (LibreOffice substitutes the metric twin Liberation Serif);
 * body 14 pt justified with a first-line indent; header table with the issuing body (governing body in
 * caps, issuing body in bold caps, a short rule, "Số: …") on the left and the national motto with the
 * italic place-and-date line on the right; a công văn's summary ("V/v …") under its number; the title of
 * a typed document (bold caps) centred; "Kính gửi: …"; "Nơi nhận:" (bold italic 12 pt, items 11 pt) and
 * the signature block side by side.
 *
 * Numbering (ND 30/2020 Art 15): a DRAFT shows "Số: …/PC-BTCD" with the number and the day left blank;
 * issuing takes the next number of the issuer's outgoing register for the calendar year (one series for
 * its slips and letters: `takeRegisterNumber`, atomic under concurrency), registers the document with the
 * issued DOCX attached (`documents`) and records the petition's `forward` / `urge` action with the
 * document's id — all in ONE transaction, so a refused action takes no number.
 *
 * All text NFC; dates are calendar dates in Asia/Ho_Chi_Minh.
 */
import { AlignmentType, Document, Packer, Paragraph, Table, TextRun, type ParagraphChild } from 'docx';
import { and, asc, eq, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/engine.ts';
import { agencies, auditEvents, documents, petitionEvents, petitions } from '../../db/schema.ts';
import { AppError, badRequest, notFound } from '../../kernel/errors.ts';
import { toHcmDate } from '../../kernel/calendar/dates.ts';
import { printedNumber } from '../../kernel/documents/numbering.ts';
import { attachDocument, issueNumber, type IssuedNumber } from '../../kernel/documents/registers.ts';
import { registerDocument } from '../../kernel/documents/service.ts';
import {
  A4_PAGE,
  A4_TEXT_WIDTH,
  centred,
  mm,
  shortRule,
  twoColumns as twoColumnsOf,
} from '../../kernel/documents/decree30.ts';
import { recordAudit } from '../../kernel/audit/index.ts';
import type { Principal } from '../../kernel/auth/roles.ts';
import { dateLine, dmy, t } from '../dossiers/forms/format.ts';
import { identitiesOf, redactText, type IdentityRow } from './identity.ts';
import { CONFIDENTIAL_KINDS, type PetitionKind } from './rules.ts';
import { addresseeName, agencyInForce, addresseeNames } from './agencies.ts';

export const LETTER_KINDS = ['forwarding', 'urging'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The province: the place in the date line (ND 30/2020 Appendix I). */
export const PLACE = 'Quảng Ngãi';

/** Issuing body of a letter (ND 30/2020 Art 8 cl.2). */
export interface LetterIssuer {
  /** direct governing body in caps, e.g. "VĂN PHÒNG UBND TỈNH QUẢNG NGÃI" */
  governingBody: string;
  /** the issuing body in caps, e.g. "BAN TIẾP CÔNG DÂN" */
  unit: string;
  /** its name in running text, e.g. "Ban Tiếp công dân tỉnh" */
  unitName: string;
  /** its abbreviation in number/symbols, e.g. "BTCD" */
  symbol: string;
  agencyCode: string;
}

/** What a letter prints. Built by {@link loadLetterData}; the renderer never sees a confidential identity. */
export interface LetterData {
  kind: LetterKind;
  /** complaint | denunciation | recommendation | feedback | land_dispute | mixed */
  petitionKind: string;
  /** true = a denunciation (or any confidential petition): no identity anywhere */
  confidential: boolean;
  issuer: LetterIssuer;
  /** "12/PC-BTCD" once issued; null on a draft ("Số: …/PC-BTCD") */
  numberSymbol: string | null;
  /** issue date YYYY-MM-DD; on a draft the month and year of the draft day are printed, the day blank */
  date: string;
  draft: boolean;
  recipient: { code: string; name: string };
  petition: {
    code: string;
    /** YYYY-MM-DD, Asia/Ho_Chi_Minh */
    receivedDate: string;
    /** content as it goes out (identity-stripped for a confidential petition) */
    content: string;
    respondent: string | null;
    signerCount: number;
    /** signers as printed; ALWAYS empty for a confidential petition */
    signers: { name: string; address: string | null; representative: boolean }[];
  };
  /** urging: the forwarding it follows up */
  forwarded?: { date: string; numberSymbol: string | null } | null;
  /** urging: the statutory due date already passed (or coming), YYYY-MM-DD */
  dueDate?: string | null;
  /** urging: answer by this date, YYYY-MM-DD */
  replyBy?: string | null;
  /** urging: 1 for the first letter, 2 for the second … */
  urgeNo?: number;
  signer: { title: string; name: string | null };
}

/** Number/symbol pattern of a letter kind (ND 30/2020 Appendix III). */
export function symbolOf(kind: LetterKind, issuer: Pick<LetterIssuer, 'symbol'>, n: number | null): string {
  const num = n === null ? '…' : printedNumber(n);
  // a slip is a typed document "phiếu chuyển" (PC); a công văn has no type code: N/ISSUER-UNIT
  return kind === 'forwarding' ? `${num}/PC-${issuer.symbol}` : `${num}/${issuer.symbol}-XLĐ`;
}

const KIND_VI: Record<string, string> = {
  complaint: 'khiếu nại',
  denunciation: 'tố cáo',
  recommendation: 'kiến nghị',
  feedback: 'phản ánh',
  land_dispute: 'đề nghị giải quyết tranh chấp đất đai',
  mixed: 'khiếu nại, tố cáo, kiến nghị, phản ánh',
};
export const kindVi = (k: string) => KIND_VI[k] ?? 'kiến nghị, phản ánh';

// ───────────────────────────────────────────── rendering ─────────────────────────────────────────────

/** A4 portrait, ND 30/2020 Appendix I margins (mm): top 20, bottom 20, left 30, right 15 (decree30.ts). */
const PAGE = A4_PAGE;
const TEXT_WIDTH = A4_TEXT_WIDTH;
/** font sizes, half-points: body 14 pt, header 13 pt, recipients 11 pt */
const SIZE = { body: 28, head: 26, small: 24, list: 22 };

interface RunOpts {
  bold?: boolean;
  italics?: boolean;
  size?: number;
  underline?: boolean;
  caps?: boolean;
}
const run = (text: string, o: RunOpts = {}) =>
  new TextRun({
    text: t(o.caps ? text.toLocaleUpperCase('vi') : text),
    bold: o.bold,
    italics: o.italics,
    size: o.size ?? SIZE.body,
    underline: o.underline ? {} : undefined,
    font: 'Times New Roman',
  });

/** A body paragraph: justified, first line indented 12.7 mm, 6 pt after, line spacing 1.1. */
const body = (children: ParagraphChild[] | string, o: { indent?: boolean; after?: number } = {}) =>
  new Paragraph({
    children: typeof children === 'string' ? [run(children)] : children,
    alignment: AlignmentType.JUSTIFIED,
    spacing: { before: 0, after: o.after ?? 120, line: 288 },
    indent: o.indent === false ? undefined : { firstLine: mm(12.7) },
  });

/** A borderless two-column table (the header and the Nơi nhận / signature blocks). */
const twoColumns = (left: Paragraph[], right: Paragraph[], leftShare: number): Table =>
  twoColumnsOf(TEXT_WIDTH, left, right, leftShare);

/** The short rule under the issuing body (ND 30/2020 Appendix I: a third to a half of the line above). */
const rule = (cellWidth: number, share: number): Paragraph => shortRule(cellWidth, share, 100);

/** "Quảng Ngãi, ngày … tháng 12 năm 2026" on a draft (the day is written when signed), else the full line. */
function placeDate(d: LetterData): string {
  if (!d.draft) return dateLine(PLACE, d.date);
  const m = Number(d.date.slice(5, 7));
  return `${PLACE}, ngày …… tháng ${m <= 2 ? String(m).padStart(2, '0') : m} năm ${d.date.slice(0, 4)}`;
}

function header(d: LetterData, summary: string | null, formLabel: string | null): Table {
  const share = 0.42;
  const lw = Math.round(TEXT_WIDTH * share);
  const left = [
    centred([run(d.issuer.governingBody, { size: SIZE.head, caps: true })]),
    centred([run(d.issuer.unit, { size: SIZE.head, bold: true, caps: true })]),
    rule(lw, 0.4),
    centred([run(`Số: ${d.numberSymbol ?? symbolOf(d.kind, d.issuer, null)}`, { size: SIZE.head })], 60),
    ...(summary ? [centred([run(summary, { size: SIZE.small })])] : []),
  ];
  const right = [
    ...(formLabel
      ? [
          new Paragraph({
            children: [run(formLabel, { size: SIZE.list, italics: true })],
            alignment: AlignmentType.RIGHT,
            spacing: { before: 0, after: 0 },
          }),
        ]
      : []),
    centred([run('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: SIZE.small, bold: true })]),
    centred([run('Độc lập - Tự do - Hạnh phúc', { size: SIZE.head, bold: true, underline: true })], 160),
    centred([run(placeDate(d), { size: SIZE.head, italics: true })]),
  ];
  return twoColumns(left, right, share);
}

/** "Nơi nhận:" (left) and the signature block (right), ND 30/2020 Art 8 cl.7, 9. */
function closing(d: LetterData, recipients: string[]): Table {
  const left = [
    new Paragraph({
      children: [run('Nơi nhận:', { bold: true, italics: true, size: SIZE.small })],
      spacing: { before: 0, after: 0 },
    }),
    ...recipients.map(
      (x) =>
        new Paragraph({ children: [run(`- ${x}`, { size: SIZE.list })], spacing: { before: 0, after: 0 } }),
    ),
  ];
  const titleLines = d.signer.title.split('\n');
  const right = [
    ...titleLines.map((l) => centred([run(l, { bold: true, caps: true, size: SIZE.head })])),
    centred(
      [run(d.draft ? '(Dự thảo - chưa ký)' : '(Đã ký)', { italics: true, size: SIZE.small })],
      d.signer.name ? 1100 : 1400,
    ),
    centred([run(d.signer.name ?? '', { bold: true, size: SIZE.body })]),
  ];
  return twoColumns(left, right, 0.5);
}

/** "ông/bà Nguyễn Văn A (đại diện), địa chỉ: …" for the signers of a non-confidential petition. */
function signerPhrase(d: LetterData): string {
  const p = d.petition;
  if (d.confidential || !p.signers.length) return '';
  const lead = p.signers.find((s) => s.representative) ?? p.signers[0]!;
  const others = p.signers.length - 1;
  const who = `ông (bà) ${lead.name}${lead.address ? `, địa chỉ: ${lead.address}` : ''}`;
  return others > 0
    ? `${who} (đại diện cho ${p.signers.length} người cùng ký đơn)`
    : p.signerCount > 1
      ? `${who} (đại diện cho ${p.signerCount} người cùng ký đơn)`
      : who;
}

/** The petition's content as quoted in a letter (quotes, a final full stop). */
const quoted = (s: string) => `“${s.trim().replace(/[.。]+$/u, '')}”`;

/** How the respondent is introduced, by kind. */
const RESPONDENT_VI: Record<string, string> = {
  complaint: 'Người (cơ quan) bị khiếu nại',
  denunciation: 'Người (cơ quan, tổ chức) bị tố cáo',
  land_dispute: 'Bên tranh chấp',
};
const respondentLabel = (k: string) => RESPONDENT_VI[k] ?? 'Cơ quan, đơn vị liên quan';

/** The confidentiality paragraph of a letter about a confidential petition (Luật Tố cáo 2018 Art 8, 56). */
const secrecyNote = (isDen: boolean) =>
  isDen
    ? `Thông tin về người tố cáo đã được loại bỏ khỏi đơn và tài liệu kèm theo, được giữ bí mật theo ` +
      `khoản 3 Điều 8 và Điều 56 Luật Tố cáo năm 2018; không được tiết lộ họ tên, địa chỉ, bút tích ` +
      `hoặc thông tin cá nhân khác của người tố cáo.`
    : `Thông tin về người đứng đơn đã được loại bỏ khỏi đơn và tài liệu kèm theo và được giữ bí mật.`;

function forwardingBody(d: LetterData): (Paragraph | Table)[] {
  const p = d.petition;
  const who = d.issuer.unitName;
  const to = d.recipient.name;
  const isDen = d.petitionKind === 'denunciation';
  const kind = kindVi(d.petitionKind);
  const signers = signerPhrase(d);
  const out: (Paragraph | Table)[] = [
    body(
      `Ngày ${dmy(p.receivedDate)}, ${who} nhận được đơn ${kind} (số vào sổ ${p.code}` +
        `${d.confidential && p.signerCount > 1 ? `, ${p.signerCount} người cùng ký` : ''})` +
        `${signers ? ` của ${signers}` : ''}, với nội dung: ${quoted(p.content)}.`,
    ),
  ];
  if (p.respondent) out.push(body(`${respondentLabel(d.petitionKind)}: ${p.respondent}.`));
  out.push(
    body(
      isDen
        ? `Căn cứ Điều 24 Luật Tố cáo năm 2018 và Điều 14 Thông tư số 05/2021/TT-TTCP ngày 01/10/2021 ` +
            `của Thanh tra Chính phủ, ${who} chuyển đơn tố cáo nêu trên đến ${to} để xem xét, ` +
            `giải quyết theo thẩm quyền.`
        : `Theo quy định tại Thông tư số 05/2021/TT-TTCP ngày 01/10/2021 của Thanh tra Chính phủ, ` +
            `${who} chuyển đơn nêu trên đến ${to} để xem xét, giải quyết theo thẩm quyền và trả lời cho ` +
            `công dân theo quy định của pháp luật.`,
    ),
  );
  if (d.confidential) out.push(body(secrecyNote(isDen)));
  out.push(
    body(
      isDen
        ? `Đề nghị ${to} thông báo kết quả xử lý cho ${who} biết để theo dõi.`
        : `Đề nghị ${to} thông báo kết quả giải quyết cho ${who} biết để theo dõi.`,
    ),
    body([
      run(
        d.confidential
          ? `Kèm theo: bản sao đơn ${kind} đã loại bỏ thông tin về người ${isDen ? 'tố cáo' : 'đứng đơn'}.`
          : 'Kèm theo: đơn và tài liệu kèm theo (nếu có).',
        { italics: true },
      ),
    ]),
  );
  return out;
}

function urgingBody(d: LetterData): (Paragraph | Table)[] {
  const p = d.petition;
  const who = d.issuer.unitName;
  const to = d.recipient.name;
  const what = `đơn ${kindVi(d.petitionKind)} (số vào sổ ${p.code})${signerPhrase(d) ? ` của ${signerPhrase(d)}` : ''}`;
  const fw = d.forwarded;
  const out: (Paragraph | Table)[] = [
    body(
      fw
        ? `Ngày ${dmy(fw.date)}, ${who} đã chuyển ${what} đến ${to}` +
            `${fw.numberSymbol ? ` theo Phiếu chuyển đơn số ${fw.numberSymbol}` : ''} để xem xét, giải quyết ` +
            `theo thẩm quyền. Nội dung đơn: ${quoted(p.content)}.`
        : `${who} đã chuyển ${what} đến ${to} để xem xét, giải quyết theo thẩm quyền. ` +
            `Nội dung đơn: ${quoted(p.content)}.`,
    ),
    body(
      `Đến nay${d.dueDate ? `, đã quá thời hạn giải quyết theo quy định (hạn ngày ${dmy(d.dueDate)})` : ''}, ` +
        `${who} chưa nhận được báo cáo kết quả giải quyết của ${to}.`,
    ),
    body(
      `${who} đề nghị ${to} khẩn trương xem xét, giải quyết đơn theo thẩm quyền, trả lời cho công dân và ` +
        `báo cáo kết quả về ${who}${d.replyBy ? ` trước ngày ${dmy(d.replyBy)}` : ''} để theo dõi, tổng hợp` +
        `${d.urgeNo && d.urgeNo > 1 ? ` (đôn đốc lần thứ ${d.urgeNo})` : ''}.`,
    ),
  ];
  if (d.confidential)
    out.push(
      body(
        d.petitionKind === 'denunciation'
          ? `Thông tin về người tố cáo được giữ bí mật theo khoản 3 Điều 8 và Điều 56 Luật Tố cáo năm 2018.`
          : `Thông tin về người đứng đơn được giữ bí mật.`,
      ),
    );
  return out;
}

/**
 * The title of a letter kind for a petition kind (the slip's title; the công văn has none): a denunciation's
 * slip is TT 05/2021 Mẫu 03 "Phiếu chuyển đơn tố cáo". Confidentiality changes what is printed, not the title.
 */
export function letterTitle(kind: LetterKind, petitionKind: string): string | null {
  if (kind === 'urging') return null;
  return petitionKind === 'denunciation' ? 'PHIẾU CHUYỂN ĐƠN TỐ CÁO' : 'PHIẾU CHUYỂN ĐƠN';
}

/** A short summary of the letter for the register of documents (never any identity). */
export function letterSummary(
  d: Pick<LetterData, 'kind' | 'petitionKind' | 'confidential' | 'recipient' | 'petition'>,
) {
  const what = `đơn ${kindVi(d.petitionKind)}`;
  return d.kind === 'forwarding'
    ? `Chuyển ${what} số ${d.petition.code} đến ${d.recipient.name}`
    : `Đôn đốc ${d.recipient.name} giải quyết ${what} số ${d.petition.code}`;
}

/**
 * Renders a letter as DOCX bytes (Office Open XML). Pure: everything comes from `d`.
 * The denunciation slip carries the form label "Mẫu số 03 - TT 05/2021/TT-TTCP".
 */
export async function renderLetter(d: LetterData): Promise<Buffer> {
  const title = letterTitle(d.kind, d.petitionKind);
  const formLabel =
    d.kind === 'forwarding' && d.petitionKind === 'denunciation' ? 'Mẫu số 03 - TT 05/2021/TT-TTCP' : null;
  const summary = d.kind === 'urging' ? `V/v đôn đốc giải quyết đơn ${kindVi(d.petitionKind)}` : null;
  const children: (Paragraph | Table)[] = [header(d, summary, formLabel)];
  if (d.draft)
    children.push(
      new Paragraph({
        children: [run('DỰ THẢO', { bold: true, size: SIZE.small })],
        alignment: AlignmentType.LEFT,
        spacing: { before: 120, after: 0 },
      }),
    );
  if (title)
    children.push(
      new Paragraph({
        children: [run(title, { bold: true, size: SIZE.body })],
        alignment: AlignmentType.CENTER,
        spacing: { before: 360, after: 240 },
      }),
    );
  children.push(
    new Paragraph({
      children: [run('Kính gửi: ', { size: SIZE.body }), run(d.recipient.name, { size: SIZE.body })],
      alignment: AlignmentType.CENTER,
      spacing: { before: title ? 0 : 360, after: 240 },
    }),
    ...(d.kind === 'forwarding' ? forwardingBody(d) : urgingBody(d)),
  );
  const recipients = ['Như trên;'];
  if (!d.confidential && d.kind === 'forwarding' && d.petition.signers.length) {
    const lead = d.petition.signers.find((s) => s.representative) ?? d.petition.signers[0]!;
    recipients.push(`Ông (bà) ${lead.name} (để biết);`);
  }
  recipients.push(`Lưu: VT, hồ sơ ${d.petition.code}.`);
  children.push(new Paragraph({ children: [], spacing: { before: 120, after: 0 } }), closing(d, recipients));

  const doc = new Document({
    creator: 'Kiến Tạo',
    title: t(
      `${title ?? 'Công văn đôn đốc'} ${d.numberSymbol ?? '(dự thảo)'} - ${d.petition.code}`.replace(
        /\s+/g,
        ' ',
      ),
    ),
    description: t(formLabel ?? 'Bố cục theo Nghị định 30/2020/NĐ-CP, Phụ lục I (A4, Times New Roman 14 pt)'),
    styles: {
      default: {
        document: {
          run: { font: 'Times New Roman', size: SIZE.body },
          paragraph: { spacing: { after: 60 } },
        },
      },
    },
    sections: [{ properties: { page: { size: PAGE, margin: PAGE.margin } }, children }],
  });
  return Packer.toBuffer(doc);
}

// ──────────────────────────────────────────── data loading ────────────────────────────────────────────

/** Abbreviations of issuing bodies in number/symbols (ND 30/2020 Appendix III); default: the code. */
const SYMBOLS: Record<string, string> = { 'VP-BTCD': 'BTCD', VP: 'VP', UBND: 'UBND' };

const shortBody = (name: string) => name.replace(/Ủy ban nhân dân/gu, 'UBND');

/** The issuer of a body's letters: its parent as governing body (ND 30/2020 Art 8 cl.2). */
export async function issuerOf(tx: Tx, agencyCode: string): Promise<LetterIssuer> {
  const [a] = await tx
    .select({ name: agencies.name, parent: agencies.parentCode })
    .from(agencies)
    .where(eq(agencies.code, agencyCode));
  const name = a?.name ?? 'Ban Tiếp công dân tỉnh';
  let governing = `UBND TỈNH ${PLACE}`;
  if (a?.parent) {
    const [p] = await tx.select({ name: agencies.name }).from(agencies).where(eq(agencies.code, a.parent));
    if (p) governing = /tỉnh$/u.test(p.name) ? `${shortBody(p.name)} ${PLACE}` : shortBody(p.name);
  }
  const headName = name.replace(new RegExp(`\\s+(tỉnh\\s+)?${PLACE}$`, 'u'), '').replace(/\s+tỉnh$/u, '');
  return {
    governingBody: governing.toLocaleUpperCase('vi'),
    unit: headName.toLocaleUpperCase('vi'),
    unitName: name.replace(new RegExp(`\\s+${PLACE}$`, 'u'), ''),
    symbol: SYMBOLS[agencyCode] ?? agencyCode.replace(/^VP-/, ''),
    agencyCode,
  };
}

type PetitionRow = typeof petitions.$inferSelect;

/** The petition row, or 404. Scope is checked by the caller (routes). */
export async function petitionRow(tx: Tx, id: string): Promise<PetitionRow> {
  const [row] = await tx.select().from(petitions).where(eq(petitions.id, id));
  if (!row) throw notFound('đơn / petition');
  return row;
}

/**
 * A petition's letters go out without identity when it is confidential (flagged, or of a confidential
 * kind: a denunciation, or a mixed petition until split — rules.ts CONFIDENTIAL_KINDS).
 */
export const isConfidential = (p: Pick<PetitionRow, 'confidential' | 'kind'>) =>
  p.confidential || CONFIDENTIAL_KINDS.includes(p.kind as PetitionKind);

export interface LetterOptions {
  /** forwarding: the competent body (default: the body that holds it, once forwarded) */
  toAgencyCode?: string | null;
  /** urging: the body urged (default: the body that holds it) */
  agencyCode?: string | null;
  /** urging: answer by (YYYY-MM-DD) */
  replyBy?: string | null;
  signerTitle?: string | null;
  signerName?: string | null;
}

/**
 * The title lines of the signature block (ND 30/2020/NĐ-CP Art 13, Appendix I): the head signs
 * "TRƯỞNG BAN"; a deputy "KT. TRƯỞNG BAN" over "PHÓ TRƯỞNG BAN"; also "Q. TRƯỞNG BAN" (acting head),
 * "TL. TRƯỞNG BAN" / "TUQ. TRƯỞNG BAN" over the signer's own title. Lines are separated by a new line or
 * " / ". Default "TRƯỞNG BAN". Anything else → 400 `invalid_signer_title` (path `signerTitle`).
 */
export function signatureTitle(title: string | null | undefined): string {
  if (!title?.trim()) return 'TRƯỞNG BAN';
  const lines = title
    .split(/\n|\s\/\s/)
    .map((l) => l.trim().replace(/\s+/g, ' ').toLocaleUpperCase('vi'))
    .filter(Boolean);
  const head = /^(?:(KT|Q|TL|TUQ)\.\s*)?TRƯỞNG BAN$/u.exec(lines[0] ?? '');
  const delegated = head?.[1] === 'KT' || head?.[1] === 'TL' || head?.[1] === 'TUQ';
  const ok = head && (delegated ? lines.length === 2 && lines[1]!.length <= 60 : lines.length === 1);
  if (!ok)
    throw badRequest(
      'invalid_signer_title',
      'Chức danh ký không đúng thể thức (NĐ 30/2020 Điều 13): "TRƯỞNG BAN", "Q. TRƯỞNG BAN", hoặc "KT. TRƯỞNG BAN / PHÓ TRƯỞNG BAN".',
      'The signing title is not in the Decree 30/2020 Art 13 form: "TRƯỞNG BAN", "Q. TRƯỞNG BAN" or "KT. TRƯỞNG BAN / PHÓ TRƯỞNG BAN".',
      'signerTitle',
    );
  return lines.map((l, i) => (i === 0 ? l.replace(/^(KT|Q|TL|TUQ)\.\s*/u, '$1. ') : l)).join('\n');
}

/** Audit entity of an issued letter: entity_id = the petition id, document_id = the letter, data without identity. */
export const LETTER_ENTITY = 'petition_letter';

/**
 * What a letter about petition `id` prints, dated `date` (YYYY-MM-DD, Asia/Ho_Chi_Minh).
 * For a confidential petition (a denunciation) the signers are left out and every identifying string of
 * its identity rows is cut from the content and the respondent (`redactText`, case- and diacritics-blind;
 * Luật Tố cáo 2018 Art 56).
 *
 * @throws 400 `agency_required` (path `toAgencyCode` / `agencyCode`) when no recipient is given or known,
 *         400 `unknown_agency`, 404 `not_found`
 */
export async function loadLetterData(
  tx: Tx,
  id: string,
  kind: LetterKind,
  opts: LetterOptions,
  date: string,
  numberSymbol: string | null,
): Promise<LetterData> {
  const p = await petitionRow(tx, id);
  const confidential = isConfidential(p);
  const issuer = await issuerOf(tx, p.agencyCode);
  const forwards = await tx
    .select({ at: petitionEvents.at, data: petitionEvents.data })
    .from(petitionEvents)
    .where(and(eq(petitionEvents.petitionId, id), eq(petitionEvents.type, 'forward')))
    .orderBy(asc(petitionEvents.seq));
  const lastForward = forwards.at(-1);
  // the body it was forwarded to; else (urging) the body that holds it, when that is not the register itself
  const holder = p.handlingAgencyCode && p.handlingAgencyCode !== p.agencyCode ? p.handlingAgencyCode : null;
  const forwardedTo = ((lastForward?.data ?? {}) as { toAgencyCode?: string }).toAgencyCode ?? null;
  const path = kind === 'forwarding' ? 'toAgencyCode' : 'agencyCode';
  const toCode =
    (kind === 'forwarding' ? opts.toAgencyCode : opts.agencyCode) ??
    (kind === 'forwarding' ? forwardedTo : (holder ?? forwardedTo));
  if (!toCode)
    throw badRequest(
      'agency_required',
      kind === 'forwarding'
        ? 'Chọn cơ quan có thẩm quyền nhận đơn chuyển đến.'
        : 'Chọn cơ quan được đôn đốc.',
      kind === 'forwarding'
        ? 'Choose the competent body the petition is forwarded to.'
        : 'Choose the body to urge.',
      path,
    );
  // a body does not urge itself: the urged body is the one that holds the case (or one it was forwarded to)
  if (kind === 'urging' && toCode === p.agencyCode)
    throw badRequest(
      'cannot_urge_self',
      'Không thể đôn đốc chính cơ quan đang thụ lý sổ đơn; chọn cơ quan đang giữ đơn.',
      'The register may not urge itself; choose the body that holds the petition.',
      path,
    );
  // the answer is due after the letter's date
  if (kind === 'urging' && opts.replyBy && opts.replyBy <= date)
    throw badRequest(
      'reply_by_not_after_date',
      'Hạn báo cáo phải sau ngày của văn bản đôn đốc.',
      "The reply-by date must be after the urging letter's date.",
      'replyBy',
    );
  // the recipient must be in force on the letter's date (a district dissolved on 30/06/2025 gets no letter:
  // 400 agency_not_in_force naming its successors) and is addressed by its proper name
  const recipient = { code: toCode, name: addresseeName(await agencyInForce(tx, toCode, date, path)) };

  const rows: IdentityRow[] = (await identitiesOf(tx, [id])).get(id) ?? [];
  const out = (s: string) => t(confidential ? (redactText(s, rows, true) ?? '') : s);
  const signers: LetterData['petition']['signers'] = confidential
    ? []
    : rows
        .filter((r) => r.name && !r.confidential)
        .map((r) => ({
          name: t(r.name),
          address: r.address ? t(r.address) : null,
          representative: r.role === 'representative',
        }));

  const letters = await issuedLetters(tx, id);
  let forwarded: LetterData['forwarded'] = null;
  if (kind === 'urging' && lastForward) {
    const slip = letters.filter((l) => l.kind === 'forwarding').at(-1);
    forwarded = { date: toHcmDate(lastForward.at), numberSymbol: slip?.numberSymbol ?? null };
  }
  let dueDate: string | null = null;
  if (kind === 'urging') {
    // the earliest open statutory clock of the petition (the body urged holds it)
    const [row] = await queryRows<{ due: string }>(
      tx,
      sql`SELECT due_date::text AS due FROM petition_deadlines
          WHERE petition_id = ${id} AND state = 'open' ORDER BY due_date LIMIT 1`,
    );
    dueDate = row?.due ?? null;
  }
  const urges = letters.filter((l) => l.kind === 'urging').length;
  return {
    kind,
    petitionKind: p.kind,
    confidential,
    issuer,
    numberSymbol,
    date,
    draft: numberSymbol === null,
    recipient,
    petition: {
      code: p.code,
      receivedDate: p.receivedDate,
      content: out(p.content),
      respondent: p.respondent ? out(p.respondent) : null,
      signerCount: p.signerCount,
      signers,
    },
    forwarded,
    dueDate,
    replyBy: opts.replyBy ?? null,
    urgeNo: kind === 'urging' ? urges + 1 : undefined,
    signer: {
      title: t(signatureTitle(opts.signerTitle)),
      name: opts.signerName?.trim() ? t(opts.signerName) : null,
    },
  };
}

/**
 * Last line of defence after {@link loadLetterData}: for a confidential petition, no string of the letter's
 * data holds any of its identity strings — checked with the very matcher that cut them
 * ({@link redactText}: names with any separators, ID and phone numbers by their digits, e-mail, house /
 * hamlet part of the address; administrative units stay). Should it find one, the letter is refused with
 * 422 `letter_identity_guard` (never a 500, never the identity in the message). Luật Tố cáo 2018 Art 8 cl.3.
 */
export async function assertNoIdentity(tx: Tx, id: string, d: LetterData): Promise<void> {
  if (!d.confidential) return;
  checkLetterIdentity(d, (await identitiesOf(tx, [id])).get(id) ?? []);
}

/** The pure check of {@link assertNoIdentity} over the petition's identity rows: throws the 422. */
export function checkLetterIdentity(d: LetterData, rows: Parameters<typeof redactText>[1]): void {
  if (!d.confidential || !rows.length) return;
  const leaks = (v: unknown): boolean => {
    if (typeof v === 'string') return redactText(v, rows, true) !== v;
    if (Array.isArray(v)) return v.some(leaks);
    if (v && typeof v === 'object') return Object.values(v).some(leaks);
    return false;
  };
  if (leaks(d)) throw letterIdentityGuard();
}

/** 422 of a letter that would still carry a denouncer's identity string. */
export const letterIdentityGuard = () =>
  new AppError(
    422,
    'letter_identity_guard',
    'Văn bản còn chứa thông tin có thể làm lộ danh tính người tố cáo (họ tên, số giấy tờ, số điện thoại, địa chỉ, thư điện tử). Hãy sửa nội dung đơn hoặc các trường nhập tay rồi lập lại (Luật Tố cáo 2018 Điều 8 khoản 3).',
    "The letter would still carry something that identifies the denouncer (name, ID number, phone, address, e-mail). Edit the petition's text or the fields you typed, then make it again (Denunciations Law 2018 Art 8 cl.3).",
  );

export interface IssuedLetter {
  kind: LetterKind;
  documentId: string;
  numberSymbol: string;
  date: string | null;
  summary: string;
  agencyCode: string | null;
  /** the recipient's name as addressed ("Ủy ban nhân dân huyện Sơn Tịnh"); null for an unknown code */
  agencyName: string | null;
  /** UTC instant of issue */
  at: string;
}

/** Letters issued for a petition (audit rows {@link LETTER_ENTITY} joined to their documents), oldest first. */
export async function issuedLetters(tx: Tx, id: string): Promise<IssuedLetter[]> {
  const rows = await tx
    .select({
      at: auditEvents.at,
      data: auditEvents.data,
      documentId: documents.id,
      numberSymbol: documents.numberSymbol,
      date: documents.date,
      summary: documents.summary,
    })
    .from(auditEvents)
    .innerJoin(documents, eq(documents.id, auditEvents.documentId))
    .where(
      and(
        eq(auditEvents.entityType, LETTER_ENTITY),
        eq(auditEvents.entityId, id),
        eq(auditEvents.action, 'issued'),
      ),
    )
    .orderBy(asc(auditEvents.at));
  const names = await addresseeNames(
    tx,
    rows.map((r) => (r.data as { agencyCode?: string } | null)?.agencyCode),
  );
  return rows.map((r) => {
    const d = (r.data ?? {}) as { kind?: LetterKind; agencyCode?: string };
    return {
      kind: d.kind === 'urging' ? 'urging' : 'forwarding',
      documentId: r.documentId,
      numberSymbol: r.numberSymbol,
      date: r.date,
      summary: r.summary,
      agencyCode: d.agencyCode ?? null,
      agencyName: d.agencyCode ? (names.get(d.agencyCode) ?? null) : null,
      at: r.at.toISOString(),
    };
  });
}

/** The DOCX bytes of the latest issued letter of a kind, exactly as issued, or null. */
export async function issuedLetterFile(
  tx: Tx,
  id: string,
  kind: LetterKind,
): Promise<{ numberSymbol: string; buf: Buffer } | null> {
  const last = (await issuedLetters(tx, id)).filter((l) => l.kind === kind).at(-1);
  if (!last) return null;
  const [doc] = await tx
    .select({ fileData: documents.fileData, numberSymbol: documents.numberSymbol })
    .from(documents)
    .where(eq(documents.id, last.documentId));
  if (!doc?.fileData) return null;
  return { numberSymbol: doc.numberSymbol, buf: Buffer.from(doc.fileData, 'base64') };
}

/**
 * Takes the next number of the issuer's outgoing register for the year of `date` (ND 30/2020 Art 15: numbers
 * per organisation and calendar year, from 01 on 1 January): `issueNumber` of the number registers
 * (kernel/documents/registers.ts) — the board's series for slips (PC) and letters (công văn), atomic under
 * concurrency, skipping (and noting) a number that a document registered by hand already holds.
 */
export async function nextLetterNumber(
  tx: Tx,
  issuer: LetterIssuer,
  date: string,
  kind: LetterKind,
  actor: Principal,
): Promise<IssuedNumber> {
  return issueNumber(tx, {
    agencyCode: issuer.agencyCode,
    typeCode: kind === 'forwarding' ? 'PC' : 'CV',
    date,
    actor,
  });
}

/**
 * The name in the signature block of an issued letter: the name given (the leader who signs, when the
 * issuing leader or admin enters it), else the issuing user's display name. Only the board's leader and
 * admin issue (letter-routes.ts), so an officer's name never stands under "TRƯỞNG BAN"; the audit row of the
 * issue records both the issuing user (actor) and the printed signer.
 */
function signerOf(actor: Principal, opts: LetterOptions): string {
  return opts.signerName?.trim() ? t(opts.signerName) : actor.displayName;
}

/**
 * Numbers, renders and registers a letter inside the caller's transaction, and records the issue
 * (audit {@link LETTER_ENTITY}: petition id, document id, `{ kind, numberSymbol, agencyCode }`). The caller
 * takes the petition's `forward` / `urge` action in the same transaction (a refusal rolls the number back).
 * @param date the issue date, YYYY-MM-DD (Asia/Ho_Chi_Minh); its year picks the register's series
 */
export async function issueLetterDocument(
  tx: Tx,
  id: string,
  kind: LetterKind,
  opts: LetterOptions,
  date: string,
  actor: Principal,
): Promise<{
  documentId: string;
  numberSymbol: string;
  date: string;
  recipientCode: string;
  recipientName: string;
  buf: Buffer;
}> {
  // the recipient is resolved before a number is taken (a bad agency is a 400)
  const draft = await loadLetterData(tx, id, kind, opts, date, null);
  const issued = await nextLetterNumber(tx, draft.issuer, date, kind, actor);
  const n = issued.number;
  const numberSymbol = symbolOf(kind, draft.issuer, n);
  const data: LetterData = {
    ...draft,
    numberSymbol,
    draft: false,
    // the signer is the leader who issues it, under their own name; an administrator issuing on the
    // leader's behalf names the signer (signerName), else its own display name is printed
    signer: { ...draft.signer, name: signerOf(actor, opts) },
  };
  await assertNoIdentity(tx, id, data);
  const buf = await renderLetter(data);
  const doc = await registerDocument(tx, actor, {
    numberSymbol,
    date,
    issuerCode: draft.issuer.agencyCode,
    issuerName: draft.issuer.unitName,
    summary: letterSummary(data),
    file: {
      name: `${numberSymbol.replace(/\//g, '-')}.docx`,
      mime: DOCX_MIME,
      base64: buf.toString('base64'),
    },
    // complainants' personal data: the reception board and the addressee's handlers only
    access: 'petitions',
    accessAgencyCode: data.recipient.code,
  });
  await attachDocument(tx, issued, doc.id, { signer: data.signer.name, recipients: data.recipient.name });
  await recordAudit(tx, {
    actor,
    entityType: LETTER_ENTITY,
    entityId: id,
    action: 'issued',
    documentId: doc.id,
    data: { kind, numberSymbol, agencyCode: data.recipient.code, signer: data.signer },
  });
  return {
    documentId: doc.id,
    numberSymbol,
    date,
    recipientCode: data.recipient.code,
    recipientName: data.recipient.name,
    buf,
  };
}
