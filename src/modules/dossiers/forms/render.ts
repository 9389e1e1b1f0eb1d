/**
 * Pure DOCX renderer of the one-stop forms (issue 4 §5): `renderForm(form, era, data) → DOCX bytes`.
 *
 * Forms: TT 01/2018/TT-VPCP Art 9 (era nd61, Mẫu 01–06) and TT 03/2025/TT-VPCP Appendix I (era nd118,
 * Mẫu 01–07; contents built from the 2018 fields and NOT verified against the gazette — see `types.ts`).
 * Layout per ND 30/2020/NĐ-CP Appendix I (REFERENCE §6): issuer block top-left (governing body in caps,
 * issuing unit in bold caps, a short rule, "Số: …"), national motto top-right (bold caps; "Độc lập - Tự do -
 * Hạnh phúc" bold, underlined), place-and-date line in italics, title bold caps centred, body in
 * Times New Roman (LibreOffice substitutes the metric-compatible Liberation Serif), signature block,
 * "Nơi nhận" where the form is a letter.
 *
 * Paper and margins (mm): A5 148×210 (Mẫu 01–05 of TT 01/2018; the 2025 set keeps it), margins top 15,
 * bottom 15, left 20, right 12 — ND 30's A4 margins (20–25 / 30–35 / 15–20) scaled to A5 (×0.7);
 * body 13 pt, tables 11 pt, header block 9–10 pt so the motto fits its half of the 116 mm line.
 * Tracking book: A4 landscape 297×210, margins top/bottom 20, left 30, right 15; header 12–13 pt, table 10 pt.
 * All text is NFC; all instants are shown in Asia/Ho_Chi_Minh.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  convertMillimetersToTwip,
  type IBorderOptions,
  type ParagraphChild,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Era } from '../rules.ts';
import {
  CHANNEL_VI,
  RESULT_VI,
  RETURN_METHOD_VI,
  dateLine,
  dateTimeVi,
  dmy,
  dueDate,
  dueShort,
  dueVi,
  hcm,
  shortDateTime,
  t,
  vnd,
} from './format.ts';
import {
  formSpec,
  isBookData,
  type BookData,
  type DossierFormData,
  type FormData,
  type FormSpec,
  type Issuer,
} from './types.ts';

/** Page geometry of a paper kind (twips; 1 mm = 56.69 twips). */
interface Geometry {
  width: number;
  height: number;
  landscape: boolean;
  margin: { top: number; bottom: number; left: number; right: number };
  /** text width, twips */
  textWidth: number;
  /** font sizes in half-points */
  body: number;
  table: number;
  head: number;
  motto: number;
}

const mm = convertMillimetersToTwip;

function geometry(paper: FormSpec['paper']): Geometry {
  if (paper === 'A5') {
    const margin = { top: mm(15), bottom: mm(15), left: mm(20), right: mm(12) };
    return {
      width: mm(148),
      height: mm(210),
      landscape: false,
      margin,
      textWidth: mm(148 - 20 - 12),
      body: 26,
      table: 22,
      head: 18,
      motto: 20,
    };
  }
  const margin = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
  if (paper === 'A4')
    return {
      width: mm(210),
      height: mm(297),
      landscape: false,
      margin,
      textWidth: mm(210 - 45),
      body: 28,
      table: 24,
      head: 24,
      motto: 26,
    };
  return {
    width: mm(210),
    height: mm(297),
    landscape: true,
    margin,
    textWidth: mm(297 - 45),
    body: 26,
    table: 20,
    head: 24,
    motto: 26,
  };
}

// ---------------------------------------------------------------------------------------------------
// Building blocks

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
    size: o.size,
    underline: o.underline ? {} : undefined,
    font: 'Times New Roman',
  });

interface ParaOpts {
  align?: (typeof AlignmentType)[keyof typeof AlignmentType];
  before?: number;
  after?: number;
  indent?: number;
  keepNext?: boolean;
}
const para = (children: ParagraphChild[] | string, o: ParaOpts = {}) =>
  new Paragraph({
    children: typeof children === 'string' ? [run(children)] : children,
    alignment: o.align ?? AlignmentType.JUSTIFIED,
    spacing: { before: o.before ?? 0, after: o.after ?? 30, line: 252 },
    indent: o.indent ? { firstLine: o.indent } : undefined,
    keepNext: o.keepNext,
  });

/** "Label: value" line (the value as given; empty → a dotted blank). */
const field = (label: string, value: string | null | undefined, o: RunOpts = {}) =>
  para([run(`${label}: `), run(value && value.trim() ? value : '…………………………', o)]);

const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const LINE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const NO_BORDERS = {
  top: NONE,
  bottom: NONE,
  left: NONE,
  right: NONE,
  insideHorizontal: NONE,
  insideVertical: NONE,
};
const GRID = {
  top: LINE,
  bottom: LINE,
  left: LINE,
  right: LINE,
  insideHorizontal: LINE,
  insideVertical: LINE,
};

const centred = (children: ParagraphChild[], after = 0) =>
  new Paragraph({ children, alignment: AlignmentType.CENTER, spacing: { before: 0, after } });

/** A borderless two-column layout table (header and signature blocks). */
function layoutTable(g: Geometry, left: Paragraph[], right: Paragraph[], leftShare: number): Table {
  const lw = Math.round(g.textWidth * leftShare);
  const rw = g.textWidth - lw;
  return new Table({
    width: { size: g.textWidth, type: WidthType.DXA },
    columnWidths: [lw, rw],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        // a signature block never splits over two pages
        cantSplit: true,
        children: [
          new TableCell({
            children: left,
            width: { size: lw, type: WidthType.DXA },
            borders: NO_BORDERS,
            margins: { left: 0, right: 0 },
          }),
          new TableCell({
            children: right,
            width: { size: rw, type: WidthType.DXA },
            borders: NO_BORDERS,
            margins: { left: 0, right: 0 },
          }),
        ],
      }),
    ],
  });
}

/** A short centred rule under the issuing unit (ND 30/2020 Appendix I: 1/3–1/2 of the line above). */
function rule(cellWidth: number, share: number): Paragraph {
  const side = Math.round((cellWidth * (1 - share)) / 2);
  return new Paragraph({
    children: [],
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    indent: { left: side, right: side },
    spacing: { before: 0, after: 80, line: 120 },
  });
}

/**
 * Issuer block (left) and national motto (right), ND 30/2020 Art 8 cl.1–3, Appendix I; "Số: …" under the
 * issuer and the italic place-and-date line under the motto.
 */
function headerBlock(g: Geometry, issuer: Issuer, number: string, dateText: string, formLabel: string) {
  const leftShare = g.landscape ? 0.4 : 0.36;
  const lw = Math.round(g.textWidth * leftShare);
  const left = [
    centred([run(issuer.governingBody, { size: g.head, caps: true })]),
    centred([run(issuer.unit, { size: g.head, bold: true, caps: true })]),
    rule(lw, 0.4),
    centred([run(number, { size: g.head + 2 })]),
  ];
  const right = [
    new Paragraph({
      children: [run(formLabel, { size: g.head, italics: true })],
      alignment: AlignmentType.RIGHT,
      spacing: { before: 0, after: 0 },
    }),
    centred([run('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: g.head, bold: true })]),
    centred([run('Độc lập - Tự do - Hạnh phúc', { size: g.motto, bold: true, underline: true })], 120),
    centred([run(dateText, { size: g.motto, italics: true })]),
  ];
  return layoutTable(g, left, right, leftShare);
}

const title = (g: Geometry, text: string, sub?: string) => [
  new Paragraph({
    children: [run(text, { bold: true, size: g.body + 2, caps: true })],
    alignment: AlignmentType.CENTER,
    spacing: { before: 240, after: sub ? 0 : 160 },
  }),
  ...(sub
    ? [
        new Paragraph({
          children: [run(sub, { italics: true, size: g.body })],
          alignment: AlignmentType.CENTER,
          spacing: { before: 0, after: 160 },
        }),
      ]
    : []),
];

interface Col {
  head: string;
  /** share of the text width */
  w: number;
  align?: 'left' | 'center';
}

/** A gridded data table with a bold header row that repeats on each page. */
function gridTable(g: Geometry, cols: Col[], rows: string[][], headRows?: TableRow[]): Table {
  const widths = cols.map((c) => Math.round(g.textWidth * c.w));
  const cell = (text: string, i: number, head: boolean) =>
    new TableCell({
      width: { size: widths[i]!, type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      margins: { left: 60, right: 60, top: 20, bottom: 20 },
      children: text.split('\n').map(
        (line) =>
          new Paragraph({
            children: [run(line, { bold: head, size: g.table })],
            alignment: head || cols[i]!.align === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT,
            spacing: { before: 0, after: 0 },
          }),
      ),
    });
  return new Table({
    width: { size: g.textWidth, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: GRID,
    rows: [
      ...(headRows ?? [
        new TableRow({ tableHeader: true, children: cols.map((c, i) => cell(c.head, i, true)) }),
      ]),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((x, i) => cell(x, i, false)) })),
    ],
  });
}

/** Signature block: two columns (left party, right party), each a title, a hint line and a name. */
function signatures(
  g: Geometry,
  left: { title: string; hint?: string; name?: string | null } | Paragraph[] | null,
  right: { title: string; hint?: string; name?: string | null },
): Table {
  const col = (s: { title: string; hint?: string; name?: string | null }) => [
    centred([run(s.title, { bold: true, caps: true, size: g.body - 2 })]),
    centred([run(s.hint ?? '(Ký và ghi rõ họ tên)', { italics: true, size: g.body - 4 })], 720),
    centred([run(s.name ?? '', { bold: true, size: g.body - 2 })]),
  ];
  const l = left === null ? [para('')] : Array.isArray(left) ? left : col(left);
  return layoutTable(g, l, col(right), 0.5);
}

/** "Nơi nhận:" block (ND 30/2020 Art 8 cl.9; Appendix I: bold italic 12 pt label, 11 pt items). */
function recipients(g: Geometry, items: string[]): Paragraph[] {
  return [
    new Paragraph({
      children: [run('Nơi nhận:', { bold: true, italics: true, size: g.head + 2 })],
      spacing: { before: 120, after: 0 },
    }),
    ...items.map(
      (x) => new Paragraph({ children: [run(`- ${x}`, { size: g.head })], spacing: { before: 0, after: 0 } }),
    ),
  ];
}

// ---------------------------------------------------------------------------------------------------
// The forms

const applicantLine = (d: DossierFormData) => {
  const a = d.dossier.applicant;
  return [
    field('Tên tổ chức, cá nhân', a.name, { bold: true }),
    field('Số giấy tờ tùy thân (CCCD/CMND)', a.idNumber),
    field('Địa chỉ', a.address),
    para([run('Số điện thoại: '), run(a.phone || '…………'), run('     Email: '), run(a.email || '…………')]),
  ];
};

const representativeLine = (d: DossierFormData) => {
  const r = d.dossier.representative;
  if (!r) return [];
  const bits = [r.name, r.relation ? `(${r.relation})` : '', r.phone ? `- ĐT: ${r.phone}` : '']
    .filter(Boolean)
    .join(' ');
  return [field('Người được ủy quyền / đại diện nộp hồ sơ', bits)];
};

function receiptBody(g: Geometry, d: DossierFormData): (Paragraph | Table)[] {
  const x = d.dossier;
  const comps = x.components;
  const out: (Paragraph | Table)[] = [
    para([run('Mã hồ sơ: '), run(x.code, { bold: true })], { align: AlignmentType.CENTER }),
    para(`${x.receivingBodyName} tiếp nhận hồ sơ của:`),
    ...applicantLine(d),
    ...representativeLine(d),
    field('Nội dung yêu cầu giải quyết', x.procedureName),
    field('Mã thủ tục', x.procedureCode),
    field('Hình thức nộp', CHANNEL_VI[x.channel] ?? x.channel),
    para('1. Thành phần hồ sơ nộp gồm:', { keepNext: true }),
  ];
  out.push(
    gridTable(
      g,
      [
        { head: 'TT', w: 0.08, align: 'center' },
        { head: 'Tên loại giấy tờ', w: 0.54 },
        { head: 'Hình thức (bản chính, bản sao)', w: 0.24, align: 'center' },
        { head: 'Số lượng', w: 0.14, align: 'center' },
      ],
      comps.length
        ? comps.map((c, i) => [String(i + 1), c.name, c.original ? 'Bản chính' : 'Bản sao', String(c.count)])
        : [['', '(Không có giấy tờ kèm theo)', '', '']],
    ),
  );
  out.push(
    para(`2. Số lượng hồ sơ: 01 (bộ)`, { before: 80 }),
    field('3. Thời gian giải quyết hồ sơ theo quy định', x.timeLimit),
    field('4. Thời gian nhận hồ sơ', dateTimeVi(x.receivedAt)),
    field('5. Thời gian trả kết quả giải quyết hồ sơ', x.appointmentAt ? dueVi(x.appointmentAt) : null, {
      bold: true,
    }),
    field(
      '6. Đăng ký nhận kết quả tại',
      `${RETURN_METHOD_VI[x.returnMethod] ?? x.returnMethod}; ${x.collectionPlace}`,
    ),
  );
  if (x.fee && x.fee.amount !== null)
    out.push(
      field(
        '7. Phí, lệ phí',
        x.fee.amount === 0
          ? 'Miễn phí'
          : `${vnd(x.fee.amount)}${x.fee.status === 'paid' ? ' (đã thu' + (x.fee.receiptNumber ? `, biên lai số ${x.fee.receiptNumber})` : ')') : ' (chưa thu)'}`,
      ),
    );
  out.push(
    para(
      [
        run('Vào Sổ theo dõi hồ sơ, Quyển số: '),
        run(hcm(x.receivedAt).date.slice(0, 4)),
        run(', Số thứ tự: '),
        run(x.registerSerial ? String(x.registerSerial).padStart(2, '0') : '……'),
      ],
      { before: 80, after: 120 },
    ),
    signatures(
      g,
      { title: 'Người nộp hồ sơ', name: x.representative?.name ?? x.applicant.name },
      { title: 'Người tiếp nhận hồ sơ', name: x.receivedBy ?? '' },
    ),
  );
  return out;
}

function supplementBody(g: Geometry, d: DossierFormData): (Paragraph | Table)[] {
  const s = d.supplement!;
  const x = d.dossier;
  return [
    para([run('Mã hồ sơ: '), run(x.code, { bold: true })], { align: AlignmentType.CENTER }),
    para([run('Hồ sơ của: '), run(x.applicant.name, { bold: true })]),
    field('Nội dung yêu cầu giải quyết', x.procedureName),
    field('Địa chỉ', x.applicant.address),
    para([
      run('Số điện thoại: '),
      run(x.applicant.phone || '…………'),
      run('     Email: '),
      run(x.applicant.email || '…………'),
    ]),
    para(`Ngày tiếp nhận hồ sơ: ${dateTimeVi(x.receivedAt)}.`),
    para('Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:', { before: 80 }),
    ...s.missing.map((m, i) => para(`${i + 1}. ${m}`, { indent: mm(5) })),
    field('Lý do', s.reason),
    para(
      `Thời hạn giải quyết được tính lại từ đầu kể từ khi nhận đủ hồ sơ (Điều 19 khoản 4 Nghị định 61/2018/NĐ-CP). ` +
        `Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông/bà liên hệ ${d.issuer.unitName}` +
        `${s.by ? ` (người hướng dẫn: ${s.by})` : ''} để được hướng dẫn.`,
      { before: 80 },
    ),
    para(`Ngày yêu cầu: ${dateTimeVi(s.at)}.`, { after: 160 }),
    signatures(g, null, { title: 'Người hướng dẫn', name: s.by ?? '' }),
  ];
}

function refusalBody(g: Geometry, d: DossierFormData): (Paragraph | Table)[] {
  const r = d.refusal!;
  const x = d.dossier;
  return [
    para([run('Mã hồ sơ: '), run(x.code, { bold: true })], { align: AlignmentType.CENTER }),
    para([run(`${d.issuer.unitName} tiếp nhận hồ sơ của: `), run(x.applicant.name, { bold: true })]),
    field('Địa chỉ', x.applicant.address),
    field('Nội dung yêu cầu giải quyết', x.procedureName),
    para(`Ngày tiếp nhận: ${dateTimeVi(x.receivedAt)}.`),
    para(
      `Qua xem xét, ${d.issuer.unitName} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:`,
      { before: 80 },
    ),
    ...r.reasons.map((m, i) => para(`${i + 1}. ${m}`, { indent: mm(5) })),
    ...(r.note ? [para(r.note, { indent: mm(5) })] : []),
    para('Xin thông báo để ông/bà được biết và thực hiện./.', { before: 80, after: 160 }),
    signatures(g, null, { title: 'Người tiếp nhận hồ sơ', name: r.by ?? '' }),
  ];
}

function apologyBody(g: Geometry, d: DossierFormData, era: Era): (Paragraph | Table)[] {
  const a = d.apology!;
  const x = d.dossier;
  const newDate = dmy(a.newDate);
  const ask =
    era === 'nd61'
      ? `xin lỗi ông/bà và sẽ trả kết quả giải quyết hồ sơ cho ông/bà vào ngày ${newDate}.`
      : `xin lỗi ông/bà và đề nghị gia hạn thời gian giải quyết, trả kết quả giải quyết hồ sơ cho ông/bà vào ngày ${newDate}.`;
  return [
    para([run('Kính gửi: '), run(x.applicant.name, { bold: true })], {
      align: AlignmentType.CENTER,
      after: 120,
    }),
    para(
      `Ngày ${dmy(hcm(x.receivedAt).date)}, ${x.receivingBodyName} tiếp nhận hồ sơ đề nghị "${x.procedureName}" ` +
        `của ông/bà, mã hồ sơ ${x.code}.`,
      { indent: mm(8) },
    ),
    para(`Thời gian hẹn trả kết quả giải quyết hồ sơ: ${dueVi(a.appointmentAt)}.`, { indent: mm(8) }),
    para(`Tuy nhiên đến nay, ${d.issuer.unitName} chưa trả kết quả giải quyết hồ sơ của ông/bà.`, {
      indent: mm(8),
    }),
    para([run('Lý do: '), run(a.reason)], { indent: mm(8) }),
    para(`Sự chậm trễ này đã gây phiền hà, tốn kém chi phí đi lại của ông/bà. ${d.issuer.unitName} ${ask}`, {
      indent: mm(8),
    }),
    para('Xin trân trọng cảm ơn sự hợp tác của ông/bà./.', { indent: mm(8), after: 160 }),
    signatures(g, recipients(g, ['Như trên;', 'Bộ phận Một cửa (để theo dõi);', 'Lưu: VT.']), {
      title: 'Thủ trưởng cơ quan',
      hint: '(Ký, ghi rõ họ tên và đóng dấu)',
      name: a.by ?? d.signer?.name ?? '',
    }),
  ];
}

function stopBody(g: Geometry, d: DossierFormData): (Paragraph | Table)[] {
  const s = d.stop!;
  const x = d.dossier;
  return [
    para([run('Kính gửi: '), run(x.applicant.name, { bold: true })], {
      align: AlignmentType.CENTER,
      after: 120,
    }),
    para(
      `Ngày ${dmy(hcm(x.receivedAt).date)}, ${x.receivingBodyName} tiếp nhận hồ sơ đề nghị "${x.procedureName}" ` +
        `của ông/bà, mã hồ sơ ${x.code}.`,
      { indent: mm(8) },
    ),
    para([run('Lý do dừng giải quyết: '), run(s.reason)], { indent: mm(8) }),
    para(
      `Căn cứ Điều 21 Nghị định 118/2025/NĐ-CP, ${d.issuer.unitName} thông báo dừng giải quyết hồ sơ nêu trên ` +
        `kể từ ${dateTimeVi(s.at)}. Thành phần hồ sơ bản chính (nếu có) được trả lại cho ông/bà.`,
      { indent: mm(8) },
    ),
    para('Xin thông báo để ông/bà được biết./.', { indent: mm(8), after: 160 }),
    signatures(g, recipients(g, ['Như trên;', 'Bộ phận Một cửa;', 'Lưu: VT.']), {
      title: 'Thủ trưởng cơ quan',
      hint: '(Ký, ghi rõ họ tên và đóng dấu)',
      name: s.by ?? d.signer?.name ?? '',
    }),
  ];
}

function controlBody(g: Geometry, d: DossierFormData): (Paragraph | Table)[] {
  const x = d.dossier;
  const rows = (d.control ?? []).map((r, i) => [
    `${i + 1}. Giao: ${r.from}\nNhận: ${r.to}`,
    [
      dateTimeVi(r.at),
      r.handedBy ? `Người giao: ${r.handedBy}` : 'Người giao: ……',
      r.receivedBy ? `Người nhận: ${r.receivedBy}` : 'Người nhận: ……',
      r.dueAt ? `Hạn: ${dueShort(r.dueAt)}` : '',
    ]
      .filter(Boolean)
      .join('\n'),
    r.result ? (RESULT_VI[r.result] ?? r.result) : '',
    r.note ?? '',
  ]);
  return [
    para([run('(Kèm theo hồ sơ mã số: '), run(x.code, { bold: true }), run(')')], {
      align: AlignmentType.CENTER,
    }),
    field('Tên tổ chức, cá nhân', x.applicant.name),
    field('Nội dung yêu cầu giải quyết', x.procedureName),
    field('Cơ quan (bộ phận) giải quyết hồ sơ', x.processingAgencyName),
    field('Thời gian nhận hồ sơ', dateTimeVi(x.receivedAt)),
    field('Thời gian hẹn trả kết quả', x.appointmentAt ? dueVi(x.appointmentAt) : null),
    gridTable(
      g,
      [
        { head: 'TÊN CƠ QUAN', w: 0.28 },
        { head: 'THỜI GIAN GIAO, NHẬN HỒ SƠ', w: 0.32 },
        { head: 'KẾT QUẢ GIẢI QUYẾT HỒ SƠ\n(Trước hạn/ Đúng hạn/ Quá hạn)', w: 0.23, align: 'center' },
        { head: 'GHI CHÚ', w: 0.17 },
      ],
      rows.length ? rows : [['', '', '', '']],
    ),
  ];
}

function bookBody(g: Geometry, b: BookData): (Paragraph | Table)[] {
  const shares = [0.04, 0.12, 0.17, 0.13, 0.1, 0.075, 0.075, 0.075, 0.075, 0.075, 0.09];
  const widths = shares.map((s) => Math.round(g.textWidth * s));
  const head = (text: string, i: number, span?: { row?: number; col?: number }) =>
    new TableCell({
      width: {
        size: span?.col ? widths.slice(i, i + span.col).reduce((a, c) => a + c, 0) : widths[i]!,
        type: WidthType.DXA,
      },
      rowSpan: span?.row,
      columnSpan: span?.col,
      verticalAlign: VerticalAlign.CENTER,
      margins: { left: 40, right: 40, top: 20, bottom: 20 },
      children: [
        new Paragraph({
          children: [run(text, { bold: true, size: g.table })],
          alignment: AlignmentType.CENTER,
          spacing: { before: 0, after: 0 },
        }),
      ],
    });
  const headRows = [
    new TableRow({
      tableHeader: true,
      children: [
        head('TT', 0, { row: 2 }),
        head('Mã hồ sơ', 1, { row: 2 }),
        head('Tên thủ tục hành chính', 2, { row: 2 }),
        head('Tên tổ chức, cá nhân (địa chỉ)', 3, { row: 2 }),
        head('Cơ quan chủ trì giải quyết', 4, { row: 2 }),
        head('Ngày, tháng, năm', 5, { col: 5 }),
        head('Ghi chú', 10, { row: 2 }),
      ],
    }),
    new TableRow({
      tableHeader: true,
      children: [
        head('Nhận hồ sơ', 5),
        head('Hẹn trả kết quả', 6),
        head('Chuyển hồ sơ đến cơ quan giải quyết', 7),
        head('Nhận kết quả từ cơ quan giải quyết', 8),
        head('Trả kết quả cho tổ chức, cá nhân', 9),
      ],
    }),
    new TableRow({
      tableHeader: true,
      children: Array.from({ length: 11 }, (_, i) => head(`(${i + 1})`, i)),
    }),
  ];
  const cols: Col[] = shares.map((w, i) => ({ head: '', w, align: i === 0 || i >= 5 ? 'center' : 'left' }));
  const empty = ['', '', '(Không có hồ sơ trong kỳ)', '', '', '', '', '', '', '', ''];
  // the data rows are spliced in as raw XML after packing (see `spliceBookRows`): a marker row holds the place
  const rows = b.rows.length ? [[BOOK_MARKER, '', '', '', '', '', '', '', '', '', '']] : [empty];
  return [gridTable(g, cols, rows, headRows)];
}

const BOOK_MARKER = 'KT-BOOK-ROWS-7f3a9c';

/** The book's data rows as cell texts (the columns of TT 01/2018 Mẫu 06). */
const bookCells = (r: BookData['rows'][number]) => [
  String(r.serial).padStart(2, '0'),
  r.code,
  r.procedureName,
  r.applicantAddress ? `${r.applicant}\n(${r.applicantAddress})` : r.applicant,
  r.leadBody ?? '',
  shortDateTime(r.receivedAt),
  dueShort(r.appointmentAt),
  shortDateTime(r.transferredAt),
  shortDateTime(r.resultAt),
  shortDateTime(r.returnedAt),
  r.note ?? '',
];

const xmlText = (s: string) =>
  t(s)
    // characters XML 1.0 does not allow
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/**
 * Writes the book's rows straight as WordprocessingML (`<w:tr>` with the same cell properties as the
 * header, Times New Roman, table font size) in place of the marker row. The `docx` object model costs
 * ≈ 10 ms per 11-cell row (50 s for a 5,000-row book); this keeps a full book under a few seconds. The
 * result is checked by LibreOffice in the unit test (a 40-row book converted to PDF).
 */
function spliceBookRows(docx: Buffer, g: Geometry, b: BookData): Buffer {
  if (!b.rows.length) return docx;
  const shares = [0.04, 0.12, 0.17, 0.13, 0.1, 0.075, 0.075, 0.075, 0.075, 0.075, 0.09];
  const widths = shares.map((s) => Math.round(g.textWidth * s));
  const font =
    '<w:rFonts w:ascii="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman" w:hAnsi="Times New Roman"/>' +
    `<w:sz w:val="${g.table}"/><w:szCs w:val="${g.table}"/>`;
  const cellXml = (text: string, i: number) =>
    `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${widths[i]}"/><w:tcMar><w:top w:type="dxa" w:w="20"/>` +
    `<w:left w:type="dxa" w:w="60"/><w:bottom w:type="dxa" w:w="20"/><w:right w:type="dxa" w:w="60"/></w:tcMar>` +
    `<w:vAlign w:val="center"/></w:tcPr>` +
    text
      .split('\n')
      .map(
        (line) =>
          `<w:p><w:pPr><w:spacing w:after="0" w:before="0"/><w:jc w:val="${i === 0 || i >= 5 ? 'center' : 'left'}"/></w:pPr>` +
          `<w:r><w:rPr>${font}</w:rPr><w:t xml:space="preserve">${xmlText(line)}</w:t></w:r></w:p>`,
      )
      .join('') +
    '</w:tc>';
  const rowsXml = b.rows
    .map((r) => `<w:tr><w:trPr><w:cantSplit/></w:trPr>${bookCells(r).map(cellXml).join('')}</w:tr>`)
    .join('');
  const files = unzipSync(new Uint8Array(docx));
  const xml = strFromU8(files['word/document.xml']!);
  const at = xml.indexOf(BOOK_MARKER);
  const start = xml.lastIndexOf('<w:tr>', at);
  const end = xml.indexOf('</w:tr>', at) + '</w:tr>'.length;
  if (at < 0 || start < 0 || end < at) throw new Error('book marker row not found');
  files['word/document.xml'] = strToU8(xml.slice(0, start) + rowsXml + xml.slice(end));
  return Buffer.from(zipSync(files, { level: 6 }));
}

// ---------------------------------------------------------------------------------------------------

/** Where the form records its event: the date of the form by default. */
function eventDate(spec: FormSpec, d: DossierFormData): string {
  if (d.date) return d.date;
  const at =
    spec.kind === 'supplement'
      ? d.supplement?.at
      : spec.kind === 'refusal'
        ? d.refusal?.at
        : spec.kind === 'apology'
          ? d.apology?.at
          : spec.kind === 'stop'
            ? d.stop?.at
            : d.dossier.receivedAt;
  return hcm(at ?? d.dossier.receivedAt).date;
}

/** Thrown for a form the era does not have or data that does not fit the form. */
export class FormError extends Error {
  constructor(
    readonly code: 'unknown_form' | 'missing_data',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Renders one form of an era's set as a DOCX document.
 *
 * @param form  '01'…'07' — the number in the era's set (TT 01/2018 Art 9: 01–06; TT 03/2025 Appendix I: 01–07)
 * @param era   'nd61' | 'nd118' (the era of the dossier's receipt date, `eraOn`)
 * @param data  `DossierFormData` for a dossier form (with `supplement` / `refusal` / `apology` / `stop`
 *              filled for forms 02 / 03 / 04 / 05-nd118), `BookData` for the tracking book (06 / 07)
 * @returns the .docx bytes (Office Open XML)
 * @throws FormError `unknown_form` (the era has no such form) or `missing_data` (the event the form records
 *         is absent, or book data given for a dossier form and vice versa)
 */
export async function renderForm(form: string, era: Era, data: FormData): Promise<Buffer> {
  const spec = formSpec(era, form);
  if (!spec) throw new FormError('unknown_form', `Era ${era} has no form ${form}`);
  const g = geometry(spec.paper);
  const circular = era === 'nd61' ? 'TT 01/2018/TT-VPCP' : 'TT 03/2025/TT-VPCP';
  const formLabel = `Mẫu số ${spec.no} - ${circular}`;
  let children: (Paragraph | Table)[];
  let issuer: Issuer;
  if (spec.kind === 'book') {
    if (!isBookData(data)) throw new FormError('missing_data', 'The tracking book needs BookData');
    issuer = data.issuer;
    children = [
      headerBlock(
        g,
        issuer,
        'Quyển số: ' + data.from.slice(0, 4),
        dateLine(data.place, data.date),
        formLabel,
      ),
      ...title(g, spec.title, `Từ ngày ${dmy(data.from)} đến ngày ${dmy(data.to)}`),
      ...bookBody(g, data),
    ];
  } else {
    if (isBookData(data)) throw new FormError('missing_data', `Form ${form} needs DossierFormData`);
    const need: Partial<Record<FormSpec['kind'], unknown>> = {
      supplement: data.supplement,
      refusal: data.refusal,
      apology: data.apology,
      stop: data.stop,
    };
    if (spec.kind in need && !need[spec.kind])
      throw new FormError('missing_data', `Form ${form} (${spec.kind}) needs its event data`);
    issuer = data.issuer;
    const body =
      spec.kind === 'receipt'
        ? receiptBody(g, data)
        : spec.kind === 'supplement'
          ? supplementBody(g, data)
          : spec.kind === 'refusal'
            ? refusalBody(g, data)
            : spec.kind === 'apology'
              ? apologyBody(g, data, era)
              : spec.kind === 'stop'
                ? stopBody(g, data)
                : controlBody(g, data);
    children = [
      headerBlock(
        g,
        issuer,
        `Số: ${data.number ?? '……'}`,
        dateLine(data.place, eventDate(spec, data)),
        formLabel,
      ),
      ...title(g, spec.title),
      ...body,
    ];
  }
  const doc = new Document({
    creator: 'Kiến Tạo',
    title: t(`${spec.name} (${formLabel})`),
    // TT 03/2025 forms: contents built from TT 01/2018 — to be checked against the gazette (docs/forms.md)
    description: spec.verified
      ? t(spec.source)
      : t(`${spec.source}. Nội dung dựng theo TT 01/2018, cần đối chiếu Công báo.`),
    styles: {
      default: {
        document: { run: { font: 'Times New Roman', size: g.body }, paragraph: { spacing: { after: 60 } } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: {
              width: g.width,
              height: g.height,
              orientation: g.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
            },
            margin: g.margin,
          },
        },
        children,
      },
    ],
  });
  const buf = await Packer.toBuffer(doc);
  return spliceBookRows(buf, g, isBookData(data) ? data : { ...({} as BookData), rows: [] });
}

/** Last day of a deadline as YYYY-MM-DD (re-exported for data loaders and tests). */
export { dueDate };
