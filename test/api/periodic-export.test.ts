/**
 * Exports of the periodic report (issue 6 point 3): DOCX in the Decree 30 layout, XLSX annexes whose totals
 * reconcile, PDF through LibreOffice. Proof that the files open: LibreOffice converts the DOCX and the XLSX
 * to PDF and the PDF text (unpdf) holds the header, the motto and the figures. A fixture snapshot (the
 * seed's figures) is stored directly, so the layout is tested independently of the figures; the real demo
 * 9-month 2022 report (POST /api/reports/periodic/snapshots) is exported too and its figures checked in the PDF.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { reportSnapshots } from '../../src/db/schema.ts';
import { fixtureReport } from '../fixtures/periodic-report.ts';
import { renderPeriodicDocx } from '../../src/modules/reports/periodic/docx.ts';
import { sofficeConvert } from '../../src/modules/reports/periodic/pdf.ts';
import { reportHash } from '../../src/modules/reports/periodic/snapshots.ts';
import type { PeriodicReport, ReportSnapshot } from '../../src/modules/reports/periodic/types.ts';

let t: TestApp;
let leader: Client;
let specialist: Client;
let agency: Client;
let fixtureId: string;

/** Raw bytes of a GET (the test client decodes text). */
async function bytes(c: Client, path: string): Promise<{ status: number; buf: Buffer; headers: Headers }> {
  const r = await fetch(c.base + path, { headers: { cookie: c.cookie } });
  return { status: r.status, buf: Buffer.from(await r.arrayBuffer()), headers: r.headers };
}

async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(doc, { mergePages: true });
  return (text as string).replace(/\s+/g, ' ');
}

const docXml = (docx: Buffer) => strFromU8(unzipSync(new Uint8Array(docx))['word/document.xml']!);

async function storeSnapshot(report: PeriodicReport): Promise<string> {
  const id = randomUUID();
  await t.database.db.insert(reportSnapshots).values({
    id,
    periodKey: `${report.period.kind}:${report.period.year}:test`,
    cutOff: report.period.to,
    taskAsOf: report.taskWindow.asOf,
    templateId: report.templateId,
    report,
    hash: reportHash(report),
  });
  return id;
}

before(async () => {
  t = await startTestApp({ demo: true });
  leader = await t.login('office.leader');
  specialist = await t.login('office.specialist');
  agency = await t.login('agency.staff');
  fixtureId = await storeSnapshot(fixtureReport());
});
after(async () => {
  await t?.close();
});

test('DOCX: Decree 30 layout — A4, margins, Times New Roman, header, title, tables, closing', async () => {
  const r = await bytes(specialist, `/api/reports/periodic/snapshots/${fixtureId}/export.docx`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') ?? '', /wordprocessingml/);
  assert.match(r.headers.get('content-disposition') ?? '', /bao-cao-9-thang-2022\.docx/);
  const xml = docXml(r.buf);
  // A4 (11906 × 16838 twips), margins top/bottom 20 mm, left 30 mm, right 15 mm (1 mm = 56.7 twips)
  assert.match(xml, /<w:pgSz w:w="11906" w:h="16838"/);
  const mar = /<w:pgMar w:top="(\d+)" w:right="(\d+)" w:bottom="(\d+)" w:left="(\d+)"/.exec(xml);
  assert.ok(mar, 'page margins');
  const [top, right, bottom, left] = mar.slice(1).map((x) => Number(x) / 56.692);
  assert.ok(
    top! >= 19.9 && top! <= 25.1 && bottom! >= 19.9 && bottom! <= 25.1,
    `top/bottom ${top}/${bottom} mm`,
  );
  assert.ok(left! >= 29.9 && left! <= 35.1, `left ${left} mm`);
  assert.ok(right! >= 14.9 && right! <= 20.1, `right ${right} mm`);
  assert.match(xml, /Times New Roman/);
  // body 14 pt (28 half-points)
  assert.match(xml, /<w:sz w:val="28"\/>/);
  for (const s of [
    'UBND TỈNH QUẢNG NGÃI',
    'VĂN PHÒNG',
    'Số:      /BC-VP',
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Độc lập - Tự do - Hạnh phúc',
    'Quảng Ngãi, ngày    tháng 9 năm 2022',
    'BÁO CÁO',
    '9 tháng đầu năm 2022',
    'Nơi nhận:',
    '- Sở Nội vụ;',
    'KT. CHÁNH VĂN PHÒNG',
    'PHÓ CHÁNH VĂN PHÒNG',
    'Nguyễn Văn Kiểm Tra',
    'Tổng cộng',
  ])
    assert.ok(xml.includes(s), `DOCX lacks "${s}"`);
  // narrative rich text: bold / italic / underline runs, the hard break, bullets and numbers
  assert.match(xml, /<w:b\/>[^]*?Sở Nội vụ/);
  assert.match(xml, /<w:i\/>[^]*?hướng dẫn/);
  assert.match(xml, /<w:u w:val="single"\/>[^]*?tổng hợp/);
  assert.match(xml, /<w:br\/>/);
  assert.ok(xml.includes('- ') && xml.includes('Gạch đầu dòng một'));
  assert.ok(xml.includes('1. ') && xml.includes('Thứ nhất') && xml.includes('2. '));
  assert.ok(xml.includes('a) ') && xml.includes('Mục con'), 'nested ordered list lettered');
  // tables with borders
  assert.match(xml, /<w:tblBorders>[^]*?w:val="single"/);
});

test('DOCX → PDF through LibreOffice: opens, contains the header, the motto and the figures', async () => {
  const r = await bytes(leader, `/api/reports/periodic/snapshots/${fixtureId}/export.pdf`);
  assert.equal(r.status, 200, r.buf.toString().slice(0, 300));
  assert.equal(r.buf.subarray(0, 5).toString(), '%PDF-');
  assert.match(r.headers.get('content-disposition') ?? '', /bao-cao-9-thang-2022\.pdf/);
  const text = await pdfText(r.buf);
  for (const s of [
    'BÁO CÁO',
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Độc lập - Tự do - Hạnh phúc',
    '244',
    '716',
    '2.407',
  ])
    assert.ok(text.includes(s), `PDF text lacks "${s}"`);
});

test('XLSX: a sheet per table, SUM totals equal to the data, a "Số liệu" sheet; LibreOffice opens it', async () => {
  const r = await bytes(specialist, `/api/reports/periodic/snapshots/${fixtureId}/export.xlsx`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition') ?? '', /bao-cao-9-thang-2022\.xlsx/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.buf as unknown as ArrayBuffer);
  const report = fixtureReport();
  assert.deepEqual(
    wb.worksheets.map((w) => w.name),
    [...report.tables.map((_, i) => `Phụ lục ${i + 1}`), 'Văn bản ban hành', 'Số liệu'],
  );
  let formulas = 0;
  report.tables.forEach((table, i) => {
    const ws = wb.getWorksheet(`Phụ lục ${i + 1}`)!;
    // find the header row by its first label
    let headerRow = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(1).value === table.columns[0]!.vi) headerRow = n;
    });
    assert.ok(headerRow > 0, 'header row');
    const data = table.rows.slice(0, -1);
    const totalRow = ws.getRow(headerRow + data.length + 1);
    for (let c = 1; c < table.columns.length; c++) {
      const cell = totalRow.getCell(c + 1).value as { formula: string; result: number };
      assert.ok(
        cell && typeof cell === 'object' && 'formula' in cell,
        `total ${table.id}[${c}] is a formula`,
      );
      formulas++;
      const col = String.fromCharCode(65 + c);
      assert.equal(cell.formula, `SUM(${col}${headerRow + 1}:${col}${headerRow + data.length})`);
      let sum = 0;
      for (let k = 0; k < data.length; k++)
        sum += ws.getRow(headerRow + 1 + k).getCell(c + 1).value as number;
      assert.equal(cell.result, sum, 'cached total = sum of the data cells');
      assert.equal(cell.result, table.rows[table.rows.length - 1]![c], 'total = the report total');
    }
  });
  assert.ok(formulas >= 4);
  const fig = wb.getWorksheet('Số liệu')!;
  const values = new Map<string, number>();
  fig.eachRow((row) => {
    const k = row.getCell(1).value;
    if (typeof k === 'string' && k in report.figures) values.set(k, row.getCell(2).value as number);
  });
  assert.deepEqual(Object.fromEntries(values), report.figures);
  // the link of a figure is absolute and points at its items
  let link = '';
  fig.eachRow((row) => {
    if (row.getCell(1).value === 'tasks.total')
      link = (row.getCell(3).value as { hyperlink: string }).hyperlink;
  });
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/api\/tasks\?/);

  // LibreOffice opens it: XLSX → CSV (UTF-8) of the first sheet holds the totals
  const csv = (
    await sofficeConvert(r.buf, 'xlsx', { to: 'csv:Text - txt - csv (StarCalc):44,34,76' })
  ).toString('utf8');
  assert.match(csv, /Tổng cộng,112,132,244/);
});

test('roles: agency staff 403; unknown snapshot 404; bad id 400 with path', async () => {
  const a = await agency.get(`/api/reports/periodic/snapshots/${fixtureId}/export.docx`);
  assert.equal(a.status, 403);
  const b = await specialist.get(`/api/reports/periodic/snapshots/${randomUUID()}/export.docx`);
  assert.equal(b.status, 404);
  const c = await specialist.get(`/api/reports/periodic/snapshots/nope/export.xlsx`);
  assert.equal(c.status, 400);
  assert.equal(errorOf(c).path, 'id');
});

test('PDF without LibreOffice: 503 pdf_unavailable (vi + en)', async () => {
  const prev = process.env.KIENTAO_SOFFICE;
  process.env.KIENTAO_SOFFICE = '/nonexistent/soffice';
  try {
    const r = await specialist.get(`/api/reports/periodic/snapshots/${fixtureId}/export.pdf`);
    assert.equal(r.status, 503);
    const e = errorOf(r);
    assert.equal(e.code, 'pdf_unavailable');
    assert.match(e.message, /LibreOffice/);
    assert.match(e.messageEn, /LibreOffice/);
  } finally {
    if (prev === undefined) delete process.env.KIENTAO_SOFFICE;
    else process.env.KIENTAO_SOFFICE = prev;
  }
});

test('an issued snapshot prints its number and date (day < 10 and months 1–2 zero-padded)', async () => {
  const snap: ReportSnapshot = {
    id: randomUUID(),
    hash: 'x',
    createdAt: new Date().toISOString(),
    createdBy: null,
    report: fixtureReport(),
    issued: { numberSymbol: '1523/BC-VP', date: '2022-02-05' },
  };
  const xml = docXml(await renderPeriodicDocx(snap));
  assert.ok(xml.includes('Số: 1523/BC-VP'));
  assert.ok(xml.includes('Quảng Ngãi, ngày 05 tháng 02 năm 2022'));
  // TL. form and no deputy line
  const r2 = fixtureReport();
  r2.header.signer = { form: 'TL.', title: 'CHỦ TỊCH', deputyTitle: 'CHÁNH VĂN PHÒNG', name: 'Trần Văn B' };
  const x2 = docXml(await renderPeriodicDocx(r2));
  assert.ok(x2.includes('TL. CHỦ TỊCH') && x2.includes('CHÁNH VĂN PHÒNG'));
});

test('the demo 9-month 2022 report: DOCX built (timed), its PDF holds the seed figures', async () => {
  const s = await specialist.post('/api/reports/periodic/snapshots', { kind: '9_months', year: 2022 });
  assert.equal(s.status, 201, JSON.stringify(s.body).slice(0, 400));
  const snap = s.body as ReportSnapshot;
  const t0 = performance.now();
  const docx = await renderPeriodicDocx(snap);
  const ms = performance.now() - t0;
  console.log(`# DOCX of the demo 9-month 2022 report: ${ms.toFixed(0)} ms in process, ${docx.length} bytes`);
  const t1 = performance.now();
  const r = await bytes(specialist, `/api/reports/periodic/snapshots/${snap.id}/export.docx`);
  console.log(`# same through the worker thread (HTTP): ${(performance.now() - t1).toFixed(0)} ms`);
  assert.equal(r.status, 200);
  const pdf = await sofficeConvert(r.buf, 'docx');
  const text = await pdfText(pdf);
  const f = snap.report.figures;
  const vi = (n: number) => new Intl.NumberFormat('vi-VN').format(n);
  for (const k of [
    'tasks.total',
    'petitions.received',
    'dossiers.phone_with_post_return',
    'receptions.sessions',
  ])
    assert.ok(text.includes(vi(f[k]!)), `PDF lacks ${k} = ${vi(f[k]!)}`);
  for (const s2 of ['BÁO CÁO', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', '9 tháng đầu năm 2022'])
    assert.ok(text.includes(s2));
  // the seed figures, when the demo data reproduces them (issue 6 point 4)
  if (f['tasks.total'] === 244) for (const s3 of ['244', '716', '2.407']) assert.ok(text.includes(s3));
});
