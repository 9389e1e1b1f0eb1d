/**
 * The annexes of the periodic report (phụ lục; issue 6 point 3) as XLSX (exceljs):
 *
 * - one sheet per report table ("Phụ lục 1", "Phụ lục 2", … in the report's order): the issuing body, the
 *   annex title in bold caps, the table title and the period with its data window, an empty row, the header
 *   row (bold, bordered), the data rows, and — when the table has a total row — a bold total row whose numeric
 *   cells are Excel `SUM` formulas over the data rows, stored with the cached result equal to the sum of the
 *   data, so the totals reconcile in any reader; when the report's own total differs from the sum (it never
 *   should: the 8 unnamed tasks of the seed have their own row), a note under the table says so and gives both;
 * - a sheet "Số liệu" with every figure: key, value, and the links to its items (API and web; absolute when
 *   `baseUrl` is given).
 *
 * Numbers are stored as numbers (format `#,##0` / `0.0`), labels as text; fonts Times New Roman.
 * Dates in titles are dd/mm/yyyy (Asia/Ho_Chi_Minh calendar dates).
 */
import type ExcelJS from 'exceljs';
import type { PeriodicReport, ReportSnapshot, ReportTable } from './types.ts';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** exceljs is loaded on first use: it is heavy and only the XLSX exports need it. */
const loadExcel = async () => (await import('exceljs')).default;

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const FONT = 'Times New Roman';
const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BOX = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** A sheet name Excel accepts: ≤ 31 characters, none of []:*?/\ . */
const sheetName = (s: string) => s.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);

/** Column letter of a 1-based column number (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

export interface XlsxOptions {
  /** origin to make figure links absolute, e.g. `https://kientao.example.vn` */
  baseUrl?: string;
}

/** Sum of the numbers of column `c` over `rows` (non-numbers count 0), rounded to 10 decimals. */
const columnSum = (rows: (string | number)[][], c: number) =>
  Math.round(rows.reduce((a, r) => a + (typeof r[c] === 'number' ? (r[c] as number) : 0), 0) * 1e10) / 1e10;

function tableSheet(wb: ExcelJS.Workbook, report: PeriodicReport, table: ReportTable, index: number) {
  const ws = wb.addWorksheet(sheetName(`Phụ lục ${index}`), {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const n = Math.max(1, table.columns.length);
  ws.columns = Array.from({ length: n }, (_, i) => ({ width: i === 0 ? 44 : 16 }));
  const last = columnLetter(n);
  const line = (text: string, font: Partial<ExcelJS.Font>) => {
    const row = ws.addRow([text]);
    if (n > 1) ws.mergeCells(`A${row.number}:${last}${row.number}`);
    row.getCell(1).font = { name: FONT, ...font };
    row.getCell(1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    return row;
  };
  line(`${report.header.parentName.toUpperCase()} - ${report.header.issuerName.toUpperCase()}`, { size: 11 });
  line(`PHỤ LỤC ${index}`, { bold: true, size: 13 });
  line(table.title.vi.toLocaleUpperCase('vi'), { bold: true, size: 13 });
  line(
    `(Kèm theo Báo cáo ${report.period.label.vi}; số liệu từ ngày ${dmy(report.period.from)} đến ngày ${dmy(report.period.to)})`,
    { italic: true, size: 11 },
  );
  ws.addRow([]);

  const header = ws.addRow(table.columns.map((c) => c.vi));
  header.eachCell((cell) => {
    cell.font = { name: FONT, bold: true, size: 12 };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BOX;
  });
  const hasTotal = table.totalRow && table.rows.length > 0;
  const data = hasTotal ? table.rows.slice(0, -1) : table.rows;
  const firstData = header.number + 1;
  const lastData = header.number + data.length;
  const put = (values: (string | number)[], bold: boolean) => {
    const row = ws.addRow(Array.from({ length: n }, (_, i) => values[i] ?? ''));
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      cell.font = { name: FONT, bold, size: 12 };
      cell.border = BOX;
      const v = values[c - 1];
      if (typeof v === 'number') {
        cell.numFmt = Number.isInteger(v) ? '#,##0' : '#,##0.0';
        cell.alignment = { horizontal: 'center' };
      } else cell.alignment = { horizontal: 'left', wrapText: true };
    });
    return row;
  };
  for (const r of data) put(r, false);
  const mismatches: string[] = [];
  if (hasTotal) {
    const given = table.rows[table.rows.length - 1]!;
    const row = put(given, true);
    for (let c = 0; c < n; c++) {
      if (typeof given[c] !== 'number') continue;
      const sum = columnSum(data, c);
      const col = columnLetter(c + 1);
      row.getCell(c + 1).value =
        data.length > 0
          ? { formula: `SUM(${col}${firstData}:${col}${lastData})`, result: sum }
          : { formula: '0', result: 0 };
      if (sum !== given[c])
        mismatches.push(`${table.columns[c]?.vi ?? col}: tổng các dòng ${sum}, báo cáo ghi ${given[c]}`);
    }
  }
  if (mismatches.length) {
    ws.addRow([]);
    const note = ws.addRow([`Lưu ý: tổng cộng không khớp — ${mismatches.join('; ')}.`]);
    note.getCell(1).font = { name: FONT, italic: true, size: 11, color: { argb: 'FFC00000' } };
  }
  ws.views = [{ state: 'frozen', ySplit: header.number }];
}

function figureSheet(wb: ExcelJS.Workbook, report: PeriodicReport, opts: XlsxOptions) {
  const ws = wb.addWorksheet('Số liệu');
  ws.columns = [{ width: 44 }, { width: 14 }, { width: 60 }, { width: 40 }];
  const title = ws.addRow([`SỐ LIỆU BÁO CÁO ${report.period.label.vi.toLocaleUpperCase('vi')}`]);
  title.getCell(1).font = { name: FONT, bold: true, size: 13 };
  ws
    .addRow([
      `Số liệu tính đến ngày ${dmy(report.asOf)}; nhiệm vụ giao từ ngày ${dmy(report.taskWindow.from)} đến ngày ` +
        `${dmy(report.taskWindow.to)}, tình trạng tính đến ngày ${dmy(report.taskWindow.asOf)}; tính lúc ${report.computedAt}`,
    ])
    .getCell(1).font = { name: FONT, italic: true, size: 11 };
  ws.addRow([]);
  const head = ws.addRow(['Mã số liệu', 'Giá trị', 'Danh sách (API)', 'Trang web']);
  head.eachCell((c) => {
    c.font = { name: FONT, bold: true };
    c.border = BOX;
  });
  const abs = (u: string) => (opts.baseUrl && u.startsWith('/') ? opts.baseUrl.replace(/\/$/, '') + u : u);
  for (const key of Object.keys(report.figures).sort()) {
    const link = report.links[key];
    const row = ws.addRow([key, report.figures[key]!, link ? abs(link.api) : '', link ? abs(link.web) : '']);
    row.getCell(2).numFmt = Number.isInteger(report.figures[key]) ? '#,##0' : '#,##0.0';
    if (link && opts.baseUrl) {
      row.getCell(3).value = { text: abs(link.api), hyperlink: abs(link.api) };
      row.getCell(4).value = { text: abs(link.web), hyperlink: abs(link.web) };
    }
    row.eachCell({ includeEmpty: true }, (c) => {
      c.border = BOX;
      c.font = { name: FONT };
    });
  }
}

/** Every document issued in the period (the DOCX body lists the first ones only). */
function documentSheet(wb: ExcelJS.Workbook, report: PeriodicReport) {
  const ws = wb.addWorksheet('Văn bản ban hành');
  ws.columns = [{ width: 6 }, { width: 22 }, { width: 12 }, { width: 16 }, { width: 14 }, { width: 80 }];
  ws
    .addRow([`VĂN BẢN BAN HÀNH TỪ NGÀY ${dmy(report.period.from)} ĐẾN NGÀY ${dmy(report.period.to)}`])
    .getCell(1).font = { name: FONT, bold: true, size: 13 };
  ws.addRow([]);
  const head = ws.addRow(['TT', 'Số, ký hiệu', 'Ngày', 'Loại', 'Cơ quan ban hành', 'Trích yếu']);
  head.eachCell((c) => {
    c.font = { name: FONT, bold: true };
    c.border = BOX;
  });
  report.documents.forEach((d, i) => {
    const row = ws.addRow([i + 1, d.numberSymbol, d.date ? dmy(d.date) : '', d.type, d.issuer, d.summary]);
    row.eachCell({ includeEmpty: true }, (c) => {
      c.border = BOX;
      c.font = { name: FONT };
    });
  });
}

/**
 * The report's tables (annexes) and figures as XLSX bytes (see the module docstring). A snapshot or a report.
 */
export async function renderPeriodicXlsx(
  src: ReportSnapshot | PeriodicReport,
  opts: XlsxOptions & { onProgress?(pct: number): void; signal?: AbortSignal } = {},
): Promise<Buffer> {
  const report = 'report' in src && 'hash' in src ? src.report : (src as PeriodicReport);
  const Excel = await loadExcel();
  const wb = new Excel.Workbook();
  wb.creator = 'Kiến Tạo';
  wb.title = `Phụ lục báo cáo ${report.period.label.vi}`;
  wb.created = new Date(report.computedAt);
  report.tables.forEach((table, i) => {
    if (opts.signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    tableSheet(wb, report, table, i + 1);
    opts.onProgress?.(Math.round((70 * (i + 1)) / Math.max(1, report.tables.length)));
  });
  documentSheet(wb, report);
  figureSheet(wb, report, opts);
  opts.onProgress?.(80);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  opts.onProgress?.(100);
  return buf;
}

/** The worker-thread entry (kernel/jobs/worker.ts): `{ snapshot, baseUrl }` → XLSX bytes. */
export function renderXlsxInWorker(
  input: { snapshot: ReportSnapshot | PeriodicReport; baseUrl?: string },
  opts: { onProgress?(pct: number): void } = {},
): Promise<Buffer> {
  return renderPeriodicXlsx(input.snapshot, { baseUrl: input.baseUrl, onProgress: opts.onProgress });
}
