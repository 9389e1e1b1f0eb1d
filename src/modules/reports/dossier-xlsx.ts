/** The dossier report as XLSX (exceljs): totals, by processing agency, by procedure — the same figures. */
import type ExcelJS from 'exceljs';
import type { DossierReport, Figures } from './dossier-report.ts';

/** exceljs is loaded on first use: it is heavy and only the XLSX endpoints need it. */
const loadExcel = async () => (await import('exceljs')).default;

const vnDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

const HEAD = [
  'Tiếp nhận',
  'Tại quầy',
  'Trực tuyến',
  'Bưu chính',
  'Qua tổng đài',
  'Giải quyết trước hạn',
  'Đúng hạn',
  'Quá hạn',
  'Đang giải quyết trong hạn',
  'Đang giải quyết quá hạn',
  'Yêu cầu bổ sung',
  'Từ chối',
  'Xin lỗi, hẹn lại',
  'Rút / dừng',
  'Lượt đánh giá',
  'Hài lòng',
  '% hài lòng',
];

const cells = (x: Figures) => [
  x.received.total,
  x.received.byChannel.counter,
  x.received.byChannel.online,
  x.received.byChannel.postal,
  x.received.byChannel.phone,
  x.resolved.early,
  x.resolved.onTime,
  x.resolved.late,
  x.pending.withinLimit,
  x.pending.overLimit,
  x.supplements,
  x.refusals,
  x.apologies,
  x.withdrawals,
  x.satisfaction.rated,
  x.satisfaction.satisfied,
  x.satisfaction.percentSatisfied,
];

function sheet(wb: ExcelJS.Workbook, name: string, r: DossierReport, keyHead: string[], rows: unknown[][]) {
  const ws = wb.addWorksheet(name);
  ws.columns = [
    ...keyHead.map((_, i) => ({ width: i === keyHead.length - 1 ? 50 : 14 })),
    ...HEAD.map(() => ({ width: 12 })),
  ];
  ws.addRow(['TÌNH HÌNH TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH']).font = { bold: true, size: 13 };
  ws.addRow([
    `Từ ngày ${vnDate(r.from)} đến ngày ${vnDate(r.to)}; hồ sơ đang giải quyết tính đến 24 giờ ngày ${vnDate(r.asOf)}`,
  ]);
  ws.addRow([]);
  ws.addRow([...keyHead, ...HEAD]).font = { bold: true };
  for (const row of rows) ws.addRow(row);
  return ws;
}

/** Workbook with three sheets (Tong hop, Theo co quan, Theo thu tuc); the figures of `dossierReport`. */
export async function dossierReportXlsx(r: DossierReport): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kiến Tạo';
  sheet(wb, 'Tong hop', r, ['Phạm vi'], [['Tổng cộng', ...cells(r)]]).getRow(5).font = { bold: true };
  sheet(
    wb,
    'Theo co quan',
    r,
    ['Mã', 'Cơ quan giải quyết'],
    r.byAgency.map((a) => [a.agencyCode, a.agencyName, ...cells(a)]),
  );
  sheet(
    wb,
    'Theo thu tuc',
    r,
    ['Mã', 'Thủ tục hành chính'],
    r.byProcedure.map((p) => [p.procedureCode, p.procedureName, ...cells(p)]),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
