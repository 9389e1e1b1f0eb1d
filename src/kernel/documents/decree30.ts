/**
 * Building blocks of a document in the state format (ND 30/2020/NĐ-CP Art 8, Appendix I; REFERENCE §6),
 * shared by the DOCX renderers (petition letters, the periodic report):
 *
 * - A4 portrait page, margins (mm) top 20, bottom 20, left 30, right 15 (Appendix I: 20–25 / 20–25 / 30–35 /
 *   15–20);
 * - Times New Roman everywhere (LibreOffice substitutes the metric twin Liberation Serif);
 * - the borderless two-column layout table of the header (issuing body | national motto) and of the closing
 *   ("Nơi nhận" | signature block);
 * - the short rule under the issuing body and under the motto (Appendix I: a third to a half of the line above);
 * - the place-and-date line of a draft ("Quảng Ngãi, ngày …… tháng 9 năm 2022": the day is written when signed;
 *   months 1–2 zero-padded).
 *
 * Font sizes are half-points (28 = 14 pt). All text is NFC.
 */
import {
  AlignmentType,
  BorderStyle,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  convertMillimetersToTwip,
  type IBorderOptions,
  type ParagraphChild,
} from 'docx';
import { dateLine, t } from '../../modules/dossiers/forms/format.ts';

export const mm = convertMillimetersToTwip;

/** A4 portrait in twips (210 × 297 mm) with the ND 30/2020 Appendix I margins (mm): 20 / 20 / 30 / 15. */
export const A4_PAGE = {
  width: 11906,
  height: 16838,
  margin: { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) },
};
/** Text width of {@link A4_PAGE}, twips (165 mm). */
export const A4_TEXT_WIDTH = mm(210 - 30 - 15);

export const FONT = 'Times New Roman';

export interface RunOpts {
  bold?: boolean;
  italics?: boolean;
  /** half-points; absent → the document default */
  size?: number;
  underline?: boolean;
  /** upper-case the text (Vietnamese rules) */
  caps?: boolean;
}

/** A Times New Roman run of NFC text. */
export const textRun = (text: string, o: RunOpts = {}) =>
  new TextRun({
    text: t(o.caps ? text.toLocaleUpperCase('vi') : text),
    bold: o.bold,
    italics: o.italics,
    size: o.size,
    underline: o.underline ? {} : undefined,
    font: FONT,
  });

/** A centred paragraph without spacing before, `after` twips after. */
export const centred = (children: ParagraphChild[], after = 0) =>
  new Paragraph({ children, alignment: AlignmentType.CENTER, spacing: { before: 0, after } });

const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
export const NO_BORDERS = {
  top: NONE,
  bottom: NONE,
  left: NONE,
  right: NONE,
  insideHorizontal: NONE,
  insideVertical: NONE,
};
const LINE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
/** Single thin lines around and between every cell (data tables). */
export const GRID_BORDERS = {
  top: LINE,
  bottom: LINE,
  left: LINE,
  right: LINE,
  insideHorizontal: LINE,
  insideVertical: LINE,
};

/**
 * A borderless two-column table `textWidth` twips wide (the header and the Nơi nhận / signature blocks);
 * the left column takes `leftShare` of the width; the row never splits over two pages.
 */
export function twoColumns(
  textWidth: number,
  left: Paragraph[],
  right: Paragraph[],
  leftShare: number,
): Table {
  const lw = Math.round(textWidth * leftShare);
  const rw = textWidth - lw;
  const cell = (children: Paragraph[], w: number) =>
    new TableCell({
      children,
      width: { size: w, type: WidthType.DXA },
      borders: NO_BORDERS,
      margins: { left: 0, right: 0 },
    });
  return new Table({
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths: [lw, rw],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [new TableRow({ cantSplit: true, children: [cell(left, lw), cell(right, rw)] })],
  });
}

/**
 * The short centred rule under the issuing body or the motto (ND 30/2020 Appendix I: a third to a half of
 * the line above): `share` of `cellWidth`, `after` twips after.
 */
export function shortRule(cellWidth: number, share: number, after = 100): Paragraph {
  const side = Math.round((cellWidth * (1 - share)) / 2);
  return new Paragraph({
    children: [],
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    indent: { left: side, right: side },
    spacing: { before: 0, after, line: 120 },
  });
}

/**
 * The place-and-date line (ND 30/2020 Art 8 cl.4): issued → "Quảng Ngãi, ngày 05 tháng 3 năm 2022"
 * (day < 10 and months 1–2 zero-padded); a draft (`date` null) → "Quảng Ngãi, ngày …… tháng 9 năm 2022"
 * with the month and year of `draftMonth` (`YYYY-MM` or a `YYYY-MM-DD` date); `blank` stands for the day.
 */
export function placeDateLine(place: string, date: string | null, draftMonth: string, blank = '……'): string {
  if (date) return dateLine(place, date);
  const m = Number(draftMonth.slice(5, 7));
  return t(
    `${place}, ngày ${blank} tháng ${m <= 2 ? String(m).padStart(2, '0') : m} năm ${draftMonth.slice(0, 4)}`,
  );
}
