/** Documents: validated dates, citations stored as written, parsed symbols, search without diacritics; XLSX. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let office: Client;
before(async () => {
  t = await startTestApp({ demo: true });
  office = await t.login('office.specialist');
});
after(() => t?.close());

test('an impossible date is a 400 naming the field; a citation is stored as written with a flag', async () => {
  const bad = await office.post('/api/documents', {
    numberSymbol: '31/QĐ-VP',
    date: '31/4/2019',
    summary: 'Quy tắc ứng xử',
  });
  assert.equal(bad.status, 400);
  assert.equal(errorOf(bad).path, 'date');
  assert.equal(errorOf(bad).code, 'invalid_date');
  const iso = await office.post('/api/documents', {
    numberSymbol: '32/QĐ-VP',
    date: '2019-04-31',
    summary: 'x',
  });
  assert.equal(errorOf(iso).path, 'date');
  // the seed's own citation is in the demo data, stored as written
  const seed = await office.get('/api/documents?q=31/QĐ-VP&citation=true');
  const d = seed.body.items.find((x: any) => x.numberSymbol === '31/QĐ-VP');
  assert.ok(d, 'demo has 31/QĐ-VP');
  assert.equal(d.date, null);
  assert.equal(d.dateAsWritten, '31/4/2019');
  assert.equal(d.dateInvalid, true);
  assert.equal(d.citation, true);
  const cite = await office.post('/api/documents', {
    numberSymbol: '99/QĐ-ABC',
    date: '30/02/2020',
    summary: 'Trích dẫn',
    citation: true,
  });
  assert.equal(cite.status, 201);
  assert.equal(cite.body.dateInvalid, true);
  assert.equal(cite.body.dateAsWritten, '30/02/2020');
});

test('registering parses the number/symbol; duplicates are refused; agencies cannot register', async () => {
  const r = await office.post('/api/documents', {
    numberSymbol: '1234/UBND-KTTH',
    date: '15/3/2023',
    summary: 'V/v đẩy nhanh giải ngân vốn đầu tư công',
    issuerCode: 'UBND',
  });
  assert.equal(r.status, 201);
  assert.equal(r.body.date, '2023-03-15');
  assert.equal(r.body.type, 'CV');
  assert.equal(r.body.issuerSymbol, 'UBND');
  assert.equal(r.body.unitSymbol, 'KTTH');
  const legal = await office.post('/api/documents', {
    numberSymbol: '12/2023/QĐ-UBND',
    date: '2023-05-01',
    summary: 'Quy định',
  });
  assert.equal(legal.body.pattern, 'legal');
  assert.equal(legal.body.year, 2023);
  const dup = await office.post('/api/documents', {
    numberSymbol: '1234/UBND-KTTH',
    date: '2023-03-15',
    summary: 'x',
  });
  assert.equal(dup.status, 409);
  const wrong = await office.post('/api/documents', {
    numberSymbol: 'abc',
    date: '2023-03-15',
    summary: 'x',
  });
  assert.equal(errorOf(wrong).path, 'numberSymbol');
  const staff = await t.login('agency.staff');
  assert.equal(
    (await staff.post('/api/documents', { numberSymbol: '5/QĐ-UBND', date: '2023-01-05', summary: 'x' }))
      .status,
    403,
  );
  const parsed = await office.get(`/api/documents/parse?numberSymbol=${encodeURIComponent('306-QĐ/TU')}`);
  assert.equal(parsed.body.pattern, 'party');
});

test('search ignores case and diacritics; the seed documents are all there', async () => {
  const a = await office.get('/api/documents?q=' + encodeURIComponent('chinh quyen kien tao'));
  assert.ok(
    a.body.items.some((d: any) => d.numberSymbol === '1100/QĐ-UBND'),
    JSON.stringify(a.body.items.map((d: any) => d.numberSymbol)),
  );
  const b = await office.get('/api/documents?q=' + encodeURIComponent('CHÍNH QUYỀN KIẾN TẠO'));
  assert.equal(b.body.total, a.body.total);
  for (const ns of ['3340/UBND-NC', '55/2021/QĐ-UBND', '306-QĐ/TU', '626/SNV-XDCQ', '499/BC-VP']) {
    const r = await office.get('/api/documents?q=' + encodeURIComponent(ns));
    assert.ok(
      r.body.items.some((d: any) => d.numberSymbol === ns),
      ns,
    );
  }
  const agencies = await office.get('/api/agencies?q=' + encodeURIComponent('quang ngai'));
  assert.ok(agencies.body.items.some((x: any) => x.name.includes('Quảng Ngãi')));
});

test('the table downloads as XLSX whose totals reconcile', async () => {
  const r = await fetch(`${t.url}/api/reports/tasks.xlsx?from=2021-11-12&to=2022-09-15`, {
    headers: { cookie: office.cookie },
  });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') ?? '', /spreadsheetml/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await r.arrayBuffer());
  const ws = wb.worksheets[0]!;
  const values: unknown[][] = [];
  ws.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
  const body = values.filter((v) => typeof v[1] === 'number');
  assert.equal(body.length, 5);
  assert.deepEqual(body[0], ['Chờ tiếp nhận', 14, 63, 0, 77]);
  const total = values.find((v) => v[0] === 'Tổng cộng')!;
  assert.equal((total[4] as { result: number }).result, 244);
  assert.equal(wb.worksheets.length, 2);
});

test('an import workbook is read into the JSON import format for preview', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('tasks');
  ws.addRow([
    'ref',
    'title',
    'documentNumber',
    'documentDate',
    'assignedBy',
    'leadAgency',
    'cooperatingAgencies',
    'assignedAt',
    'deadline',
  ]);
  ws.addRow([
    'X-1',
    'Rà soát thủ tục',
    '88/UBND-NC',
    '2023-06-01',
    'chairman',
    'STP',
    'SNV;STC',
    '2023-06-01',
    '2023-06-30',
  ]);
  const we = wb.addWorksheet('events');
  we.addRow(['ref', 'type', 'at', 'deadline', 'note']);
  we.addRow(['X-1', 'received', '2023-06-02']);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  const form = new FormData();
  form.append('file', new Blob([buf]), 'nhap.xlsx');
  const r = await fetch(`${t.url}/api/tasks/import/xlsx`, {
    method: 'POST',
    headers: { cookie: office.cookie, 'x-csrf-token': office.csrf },
    body: form,
  });
  assert.equal(r.status, 200);
  const body = (await r.json()) as any;
  assert.deepEqual(body.tasks[0].cooperatingAgencies, ['SNV', 'STC']);
  assert.deepEqual(body.tasks[0].events, [{ type: 'received', at: '2023-06-02' }]);
  const imp = await office.post('/api/tasks/import', body);
  assert.equal(imp.status, 200, JSON.stringify(imp.body));
  assert.equal(imp.body.imported, 1);
  const junk = new FormData();
  junk.append('file', new Blob(['not a workbook']), 'x.xlsx');
  const bad = await fetch(`${t.url}/api/tasks/import/xlsx`, {
    method: 'POST',
    headers: { cookie: office.cookie, 'x-csrf-token': office.csrf },
    body: junk,
  });
  assert.equal(bad.status, 400);
});
