/**
 * The outgoing-document register as XLSX (sổ đăng ký văn bản đi, ND 30/2020/NĐ-CP Appendix IV): one row per
 * number of the year in order — issued, voided (with its reason), registered by hand — and one row per gap
 * (a range of numbers with no document) with its reason in "Ghi chú", so the sequence reads without holes.
 */
import { DOCUMENT_TYPES } from './numbering.ts';
import type { RegisterView } from './registers.ts';

const loadExcel = async () => (await import('exceljs')).default;
const dmy = (iso: string | null) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');

/** Appendix IV columns, in order. */
export const REGISTER_COLUMNS = [
  'Số',
  'Số, ký hiệu văn bản',
  'Ngày tháng văn bản',
  'Tên loại và trích yếu nội dung văn bản',
  'Người ký',
  'Nơi nhận văn bản',
  'Đơn vị soạn thảo',
  'Số lượng bản',
  'Ghi chú',
] as const;

const STATE_VI = { issued: '', voided: 'ĐÃ HỦY SỐ', manual: 'Vào sổ thủ công' } as const;

/** The register workbook (one sheet). */
export async function registerXlsx(v: RegisterView): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kiến Tạo';
  const ws = wb.addWorksheet(`So VB di ${v.year}`);
  ws.columns = [
    { width: 8 },
    { width: 18 },
    { width: 12 },
    { width: 50 },
    { width: 18 },
    { width: 26 },
    { width: 16 },
    { width: 8 },
    { width: 42 },
  ];
  ws.addRow(['SỔ ĐĂNG KÝ VĂN BẢN ĐI']).font = { bold: true, size: 14 };
  ws.addRow([`${v.series.name} — ${v.series.agencyCode} — năm ${v.year}`]).font = { bold: true };
  ws.addRow([
    `Cấp số: ${v.counts.issued}; hủy số: ${v.counts.voided}; vào sổ thủ công: ${v.counts.manual}; số trống: ${v.counts.gaps}`,
  ]);
  ws.addRow([]);
  const head = ws.addRow([...REGISTER_COLUMNS]);
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  const items: { n: number; row: (string | number)[] }[] = [];
  for (const e of v.entries) {
    const typeName = e.typeCode ? (DOCUMENT_TYPES[e.typeCode]?.vi ?? e.typeCode) : '';
    const what = [typeName, e.summary].filter(Boolean).join(' — ');
    const note = [STATE_VI[e.state], e.reason, e.duplicate ? 'Trùng số' : ''].filter(Boolean).join('. ');
    items.push({
      n: e.number,
      row: [
        e.printed,
        e.numberSymbol ?? '',
        dmy(e.date),
        what,
        e.signer ?? '',
        e.recipients ?? '',
        e.draftingUnit ?? '',
        e.copies ?? '',
        note,
      ],
    });
  }
  for (const g of v.gaps) {
    const label = g.from === g.to ? String(g.from).padStart(2, '0') : `${g.from}–${g.to}`;
    items.push({
      n: g.from,
      row: [label, '', '', '', '', '', '', '', `Số trống (${g.count}): ${g.reason}`],
    });
  }
  items.sort((a, b) => a.n - b.n);
  for (const it of items) {
    const r = ws.addRow(it.row);
    r.alignment = { wrapText: true, vertical: 'top' };
  }
  const buf = await wb.xlsx.writeBuffer();
  return Buffer.from(buf as ArrayBuffer);
}
