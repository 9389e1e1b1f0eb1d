/**
 * XLSX for tasks (exceljs): the status × timeliness table download, and the import workbook
 * (sheet `tasks`: ref, title, documentNumber, documentDate, clause, assignedBy, leadAgency,
 * cooperatingAgencies (;-separated), assignedAt, deadline, followUnit; sheet `events`: ref, type, at,
 * deadline, note) read into the JSON import format.
 */
import type ExcelJS from 'exceljs';

/** exceljs is loaded on first use: it is heavy and only the XLSX endpoints need it. */
const loadExcel = async () => (await import('exceljs')).default;
import { AppError, type ErrorItem } from '../../kernel/errors.ts';
import { STATUS_LABELS, type TaskStatus } from './rules.ts';
import type { TableRow } from './queries.ts';
import type { ImportTask } from './import.ts';

interface Table {
  from: string;
  to: string;
  asOf: string;
  total: number;
  rows: TableRow[];
  byAgency: { agency: string; name: string; rows: TableRow[]; total: number }[];
}

const vnDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export async function taskTableXlsx(t: Table): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kiến Tạo';
  const ws = wb.addWorksheet('Tong hop');
  ws.columns = [{ width: 28 }, { width: 14 }, { width: 14 }, { width: 18 }, { width: 12 }];
  ws.addRow(['TÌNH HÌNH THỰC HIỆN NHIỆM VỤ DO UBND TỈNH, CHỦ TỊCH UBND TỈNH GIAO']).font = {
    bold: true,
    size: 13,
  };
  ws.addRow([
    `Nhiệm vụ giao từ ngày ${vnDate(t.from)} đến ngày ${vnDate(t.to)}; số liệu tính đến ngày ${vnDate(t.asOf)}`,
  ]);
  ws.addRow([]);
  const head = ws.addRow(['Trạng thái', 'Trong hạn', 'Quá hạn', 'Không có thời hạn', 'Tổng']);
  head.font = { bold: true };
  const first = ws.rowCount + 1;
  for (const r of t.rows)
    ws.addRow([
      STATUS_LABELS[r.status as TaskStatus]?.vi ?? r.status,
      r.onTime,
      r.overdue,
      r.noDeadline,
      r.total,
    ]);
  const last = ws.rowCount;
  const tot = ws.addRow([
    'Tổng cộng',
    { formula: `SUM(B${first}:B${last})`, result: t.rows.reduce((s, r) => s + r.onTime, 0) },
    { formula: `SUM(C${first}:C${last})`, result: t.rows.reduce((s, r) => s + r.overdue, 0) },
    { formula: `SUM(D${first}:D${last})`, result: t.rows.reduce((s, r) => s + r.noDeadline, 0) },
    { formula: `SUM(E${first}:E${last})`, result: t.total },
  ]);
  tot.font = { bold: true };
  const wa = wb.addWorksheet('Theo co quan');
  wa.columns = [
    { width: 12 },
    { width: 50 },
    ...t.rows.flatMap(() => [{ width: 10 }, { width: 10 }, { width: 10 }]),
    { width: 10 },
  ];
  wa.addRow([
    'Mã',
    'Cơ quan chủ trì',
    ...t.rows.flatMap((r) => [STATUS_LABELS[r.status as TaskStatus]?.vi ?? r.status, '', '']),
    'Tổng',
  ]).font = { bold: true };
  wa.addRow(['', '', ...t.rows.flatMap(() => ['Trong hạn', 'Quá hạn', 'Không thời hạn']), '']).font = {
    italic: true,
  };
  for (const a of t.byAgency) {
    wa.addRow([a.agency, a.name, ...a.rows.flatMap((r) => [r.onTime, r.overdue, r.noDeadline]), a.total]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
  }
  return String(v).trim();
}

function sheetRows(ws: ExcelJS.Worksheet | undefined): Record<string, string>[] {
  if (!ws) return [];
  const header: string[] = [];
  ws.getRow(1).eachCell((c, i) => (header[i] = cellText(c.value)));
  const out: Record<string, string>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const rec: Record<string, string> = {};
    header.forEach((h, i) => h && (rec[h] = cellText(row.getCell(i).value)));
    if (Object.values(rec).some((v) => v)) out.push(rec);
  });
  return out;
}

/** Reads an import workbook into the JSON import format (validation happens in the import itself). */
export async function readImportWorkbook(data: Buffer): Promise<{ tasks: ImportTask[] }> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new AppError(
      400,
      'invalid_xlsx',
      'Tệp không phải bảng tính XLSX hợp lệ.',
      'The file is not a valid XLSX workbook.',
      'file',
    );
  }
  const taskRows = sheetRows(wb.getWorksheet('tasks') ?? wb.worksheets[0]);
  const eventRows = sheetRows(wb.getWorksheet('events'));
  const errors: ErrorItem[] = [];
  if (!taskRows.length) {
    throw new AppError(
      400,
      'empty_workbook',
      'Bảng tính không có dòng nhiệm vụ nào (sheet "tasks").',
      'The workbook has no task rows (sheet "tasks").',
      'file',
    );
  }
  const tasks: ImportTask[] = taskRows.map((r) => ({
    ref: r.ref ?? '',
    title: r.title ?? '',
    document: { number: r.documentNumber ?? '', date: r.documentDate ?? '' },
    ...(r.clause ? { clause: r.clause } : {}),
    assignedBy: (r.assignedBy || 'committee') as ImportTask['assignedBy'],
    leadAgency: r.leadAgency ?? '',
    cooperatingAgencies: (r.cooperatingAgencies ?? '')
      .split(/[;,]/)
      .map((s) => s.trim())
      .filter(Boolean),
    assignedAt: r.assignedAt ?? '',
    deadline: r.deadline ? r.deadline : null,
    ...(r.followUnit ? { followUnit: r.followUnit } : {}),
    events: [],
  }));
  const byRef = new Map(tasks.map((t) => [t.ref, t]));
  eventRows.forEach((e, i) => {
    const t = byRef.get(e.ref ?? '');
    if (!t) {
      errors.push({
        index: i,
        path: `events.${i}.ref`,
        code: 'unknown_ref',
        message: `Sự kiện dòng ${i + 2} trỏ tới mã ${e.ref} không có trong sheet tasks.`,
      });
      return;
    }
    t.events.push({
      type: e.type as ImportTask['events'][number]['type'],
      at: e.at ?? '',
      ...(e.deadline ? { deadline: e.deadline } : {}),
      ...(e.note ? { note: e.note } : {}),
    });
  });
  if (errors.length) {
    throw new AppError(
      422,
      'import_invalid',
      errors[0]!.message,
      'An event row refers to an unknown task ref.',
      errors[0]!.path,
      errors,
    );
  }
  return { tasks };
}
