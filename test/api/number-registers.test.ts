/**
 * Number registers (sổ đăng ký văn bản đi; ND 30/2020/NĐ-CP Art 15, Appendix IV; REFERENCE §6, §8): series per
 * organisation and type group, numbers per calendar year from 01 given only when issued, distinct and
 * consecutive under concurrency, voided numbers kept with their reason, gaps and hand registrations explained,
 * and the Appendix IV export. Runs on PGlite, and on PostgreSQL with DATABASE_URL.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { formatNumberSymbol, issueNumber } from '../../src/kernel/documents/registers.ts';

let t: TestApp;
let admin: Client;
let leader: Client;
let specialist: Client;
let agency: Client;

interface Series {
  id: string;
  agencyCode: string;
  name: string;
  typeCodes: string[];
  isDefault: boolean;
  legal: boolean;
  active: boolean;
}
interface Entry {
  number: number;
  printed: string;
  state: string;
  source: string;
  numberSymbol: string | null;
  date: string | null;
  reason: string | null;
  duplicate: boolean;
}

before(async () => {
  t = await startTestApp({ demo: true });
  admin = await t.login('admin');
  leader = await t.login('office.leader');
  specialist = await t.login('office.specialist');
  agency = await t.login('agency.staff');
});
after(async () => {
  await t?.close();
});

const seriesOf = async (agencyCode: string): Promise<Series[]> => {
  const r = await leader.get(`/api/number-series?agency=${encodeURIComponent(agencyCode)}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
};
const register = async (id: string, year: number) => {
  const r = await leader.get(`/api/number-series/${id}/register?year=${year}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as {
    maxNumber: number;
    counts: { issued: number; voided: number; manual: number; gaps: number };
    entries: Entry[];
    gaps: { from: number; to: number; count: number; reason: string }[];
  };
};
const bySymbol = (es: Entry[], ns: string) => es.find((e) => e.numberSymbol === ns);

test('demo: the Office shares one series for KH, CV, TTr, BC and keeps one for decisions; the seed numbers are in them', async () => {
  const vp = await seriesOf('VP');
  const admin = vp.find((s) => s.name.startsWith('Văn bản hành chính'))!;
  const qd = vp.find((s) => s.name === 'Quyết định (QĐ)')!;
  assert.ok(admin && qd, JSON.stringify(vp));
  for (const c of ['KH', 'CV', 'TTr', 'BC', 'TB', 'GM']) assert.ok(admin.typeCodes.includes(c), c);
  assert.deepEqual(qd.typeCodes, ['QĐ']);
  const board = await seriesOf('VP-BTCD');
  assert.equal(board.length, 1);
  assert.ok(board[0]!.typeCodes.includes('PC'));

  // 2021: 2152/KH-VP of 29/12/2021 in the shared series, 265/QĐ-VP of 31/12/2021 in the decisions
  const a21 = await register(admin.id, 2021);
  const e2152 = bySymbol(a21.entries, '2152/KH-VP');
  assert.deepEqual([e2152?.number, e2152?.date, e2152?.state], [2152, '2021-12-29', 'manual']);
  const q21 = await register(qd.id, 2021);
  assert.equal(bySymbol(q21.entries, '265/QĐ-VP')?.date, '2021-12-31');
  assert.equal(q21.maxNumber, 265);
  // 2022: a letter (công văn) 123/VP-HCQT and a plan 177/KH-VP share the series; 02/QĐ-VP starts the decisions
  const a22 = await register(admin.id, 2022);
  assert.equal(bySymbol(a22.entries, '123/VP-HCQT')?.date, '2022-01-18');
  assert.ok(bySymbol(a22.entries, '177/KH-VP'));
  assert.ok(bySymbol(a22.entries, '1458/TTr-VP'));
  assert.ok(!bySymbol(a22.entries, '02/QĐ-VP'), 'decisions are not in the shared series');
  const q22 = await register(qd.id, 2022);
  assert.equal(bySymbol(q22.entries, '02/QĐ-VP')?.date, '2022-01-04');
  // the numbers before 123 are gaps with their reason (not registered in the system)
  assert.deepEqual([a22.gaps[0]!.from, a22.gaps[0]!.to], [1, 122]);
  assert.match(a22.gaps[0]!.reason, /Không có trong sổ/);
  assert.equal(a22.counts.gaps + a22.entries.length, a22.maxNumber);

  // the next numbers continue the seed's: 1459 for a letter of 2022, 56 for a decision of 2022, 266 in 2021
  let r = await specialist.post(`/api/number-series/${admin.id}/issue`, {
    typeCode: 'CV',
    date: '2022-09-20',
    unit: 'KTTH',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.deepEqual([r.body.year, r.body.number, r.body.numberSymbol], [2022, 1459, '1459/VP-KTTH']);
  r = await specialist.post(`/api/number-series/${qd.id}/issue`, { typeCode: 'QĐ', date: '2022-09-20' });
  assert.deepEqual([r.status, r.body.number, r.body.numberSymbol], [201, 56, '56/QĐ-VP']);
  r = await specialist.post(`/api/number-series/${qd.id}/issue`, { typeCode: 'QĐ', date: '2021-12-31' });
  assert.equal(r.body.number, 266);
  // a type the series does not number
  r = await specialist.post(`/api/number-series/${qd.id}/issue`, { typeCode: 'KH', date: '2022-09-20' });
  assert.deepEqual([r.status, errorOf(r).code, errorOf(r).path], [400, 'type_not_in_series', 'typeCode']);
  // the number taken without a document yet says so
  const after22 = await register(admin.id, 2022);
  const e1459 = after22.entries.find((e) => e.number === 1459)!;
  assert.equal(e1459.state, 'issued');
  assert.match(e1459.reason ?? '', /chưa đăng ký văn bản/);
});

test('configuration: Appendix III codes only, a type in one active series per organisation, roles', async () => {
  let r = await leader.post('/api/number-series', {
    agencyCode: 'SNV',
    name: 'Kế hoạch, báo cáo',
    typeCodes: ['KH', 'XX'],
  });
  assert.deepEqual([r.status, errorOf(r).code, errorOf(r).path], [400, 'unknown_type_code', 'typeCodes.1']);
  r = await leader.post('/api/number-series', {
    agencyCode: 'VP',
    name: 'QĐ lần hai',
    typeCodes: ['TB', 'QĐ'],
  });
  assert.deepEqual(
    [r.status, errorOf(r).code, errorOf(r).path],
    [409, 'type_in_other_series', 'typeCodes.0'],
  );
  r = await leader.post('/api/number-series', {
    agencyCode: 'UBND',
    name: 'QPPL',
    typeCodes: ['QĐ', 'CT'],
    legal: true,
  });
  assert.deepEqual([r.status, errorOf(r).code], [400, 'legal_series_one_type']);
  r = await leader.post('/api/number-series', { agencyCode: 'NOPE', name: 'x', typeCodes: ['KH'] });
  assert.deepEqual([r.status, errorOf(r).code, errorOf(r).path], [400, 'unknown_agency', 'agencyCode']);
  // only the Office's leader and admins configure; agency users do not even read
  r = await specialist.post('/api/number-series', { agencyCode: 'SNV', name: 'x', typeCodes: ['KH'] });
  assert.equal(r.status, 403);
  assert.equal((await agency.get('/api/number-series')).status, 403);
  assert.equal((await t.anon().get('/api/number-series')).status, 401);

  // a legal normative type has its own series, separate from the administrative decisions of the same body
  r = await admin.post('/api/number-series', {
    agencyCode: 'UBND',
    name: 'Quyết định QPPL',
    typeCodes: ['QĐ'],
    legal: true,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await admin.post('/api/number-series', {
    agencyCode: 'UBND',
    name: 'Quyết định cá biệt',
    typeCodes: ['QĐ'],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));

  // PATCH: deactivating frees the types; putting a taken type back is refused
  const qd = (await seriesOf('VP')).find((s) => s.name === 'Quyết định (QĐ)')!;
  r = await leader.patch(`/api/number-series/${qd.id}`, { typeCodes: ['QĐ', 'KH'] });
  assert.deepEqual(
    [r.status, errorOf(r).code, errorOf(r).path],
    [409, 'type_in_other_series', 'typeCodes.1'],
  );
  r = await specialist.patch(`/api/number-series/${qd.id}`, { name: 'x' });
  assert.equal(r.status, 403);
});

test('20 parallel issues in one series: 20 distinct consecutive numbers from 01', async () => {
  const r0 = await leader.post('/api/number-series', {
    agencyCode: 'STC',
    name: 'Văn bản hành chính',
    typeCodes: ['CV', 'BC', 'KH'],
  });
  assert.equal(r0.status, 201, JSON.stringify(r0.body));
  const id = r0.body.id as string;
  const started = performance.now();
  const rs = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      specialist.post(`/api/number-series/${id}/issue`, {
        typeCode: i % 2 ? 'BC' : 'CV',
        date: '2023-06-15',
        unit: 'VP',
      }),
    ),
  );
  const ms = performance.now() - started;
  for (const r of rs) assert.equal(r.status, 201, JSON.stringify(r.body));
  const numbers = rs.map((r) => r.body.number as number).sort((a, b) => a - b);
  assert.deepEqual(
    numbers,
    Array.from({ length: 20 }, (_, i) => i + 1),
  );
  assert.ok(rs.some((r) => r.body.numberSymbol === '01/STC-VP'));
  const reg = await register(id, 2023);
  assert.equal(reg.counts.issued, 20);
  assert.equal(reg.counts.gaps, 0);
  // a new calendar year starts again from 01
  const r = await specialist.post(`/api/number-series/${id}/issue`, { typeCode: 'KH', date: '2024-01-02' });
  assert.deepEqual([r.body.number, r.body.printed, r.body.numberSymbol], [1, '01', '01/KH-STC']);
  console.log(`# ${t.engine}: 20 parallel issues in ${ms.toFixed(0)} ms`);
});

test('a number held by a hand-registered document is skipped and noted; voiding keeps the row with its reason', async () => {
  const r0 = await leader.post('/api/number-series', {
    agencyCode: 'SNV',
    name: 'Kế hoạch, báo cáo',
    typeCodes: ['KH', 'BC'],
  });
  assert.equal(r0.status, 201, JSON.stringify(r0.body));
  const id = r0.body.id as string;
  // documents registered by hand in the documents register after the series exists
  for (const [ns, date] of [
    ['01/BC-SNV', '2024-02-01'],
    ['05/KH-SNV', '2024-02-10'],
  ] as const) {
    const r = await specialist.post('/api/documents', {
      numberSymbol: ns,
      date,
      issuerCode: 'SNV',
      issuerName: 'Sở Nội vụ',
      summary: `Văn bản vào sổ thủ công ${ns}`,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  let r = await specialist.post(`/api/number-series/${id}/issue`, { typeCode: 'KH', date: '2024-03-01' });
  assert.equal(r.body.number, 2, 'number 01 is held by 01/BC-SNV');
  let reg = await register(id, 2024);
  const skipped = reg.entries.find((e) => e.number === 1)!;
  assert.deepEqual([skipped.state, skipped.numberSymbol], ['manual', '01/BC-SNV']);
  assert.match(skipped.reason!, /bỏ qua/);
  // 05/KH-SNV is listed as registered by hand; 03–04 are a gap with its reason
  const five = reg.entries.find((e) => e.number === 5)!;
  assert.deepEqual([five.state, five.source], ['manual', 'documents']);
  assert.deepEqual(
    reg.gaps.map((g) => [g.from, g.to]),
    [[3, 4]],
  );

  // voiding: reason required; the row stays; twice → 409; above the highest → 409; a gap number → explained
  r = await leader.post(`/api/number-series/${id}/void`, { year: 2024, number: 2, reason: ' ' });
  assert.deepEqual([r.status, errorOf(r).path], [400, 'reason']);
  r = await specialist.post(`/api/number-series/${id}/void`, { year: 2024, number: 2, reason: 'Thu hồi' });
  assert.equal(r.status, 403);
  r = await leader.post(`/api/number-series/${id}/void`, {
    year: 2024,
    number: 2,
    reason: 'Văn bản bị thu hồi do sai thể thức',
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await leader.post(`/api/number-series/${id}/void`, { year: 2024, number: 2, reason: 'lần hai' });
  assert.deepEqual([r.status, errorOf(r).code], [409, 'already_voided']);
  r = await leader.post(`/api/number-series/${id}/void`, { year: 2024, number: 1, reason: 'x' });
  assert.deepEqual([r.status, errorOf(r).code], [409, 'manual_entry']);
  r = await leader.post(`/api/number-series/${id}/void`, { year: 2024, number: 99, reason: 'x' });
  assert.deepEqual([r.status, errorOf(r).code, errorOf(r).path], [409, 'number_not_reached', 'number']);
  r = await leader.post(`/api/number-series/${id}/void`, {
    year: 2024,
    number: 3,
    reason: 'Số bỏ trống do lấy nhầm số',
  });
  assert.equal(r.status, 200);
  reg = await register(id, 2024);
  const two = reg.entries.find((e) => e.number === 2)!;
  assert.deepEqual([two.state, two.reason], ['voided', 'Văn bản bị thu hồi do sai thể thức']);
  assert.deepEqual(
    reg.gaps.map((g) => [g.from, g.to]),
    [[4, 4]],
  );
  // the next number follows the highest in the register: 06 (05 is held by hand)
  r = await specialist.post(`/api/number-series/${id}/issue`, { typeCode: 'BC', date: '2024-03-02' });
  assert.equal(r.body.number, 4, 'the register continues from its highest entry (03 voided)');
  r = await specialist.post(`/api/number-series/${id}/issue`, { typeCode: 'BC', date: '2024-03-02' });
  assert.equal(r.body.number, 6, '05 is held by 05/KH-SNV: skipped');

  // the Appendix IV export: columns, voided rows with their reason, gaps
  const x = await fetch(`${t.url}/api/number-series/${id}/register.xlsx?year=2024`, {
    headers: { cookie: leader.cookie },
  });
  assert.equal(x.status, 200);
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await x.arrayBuffer()) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  const head = rows.find((row) => row[0] === 'Số')!;
  assert.deepEqual(head, [
    'Số',
    'Số, ký hiệu văn bản',
    'Ngày tháng văn bản',
    'Tên loại và trích yếu nội dung văn bản',
    'Người ký',
    'Nơi nhận văn bản',
    'Đơn vị soạn thảo',
    'Số lượng bản',
    'Ghi chú',
  ]);
  const voided = rows.find((row) => row[0] === '02')!;
  assert.match(voided[8]!, /ĐÃ HỦY SỐ.*sai thể thức/);
  assert.equal(rows.find((row) => row[0] === '01')![1], '01/BC-SNV');
  assert.match(rows.find((row) => row[0] === '05')![8]!, /thủ công/);
});

test('the demo register export lists the seed documents as entries of their series', async () => {
  const qd = (await seriesOf('VP')).find((s) => s.name === 'Quyết định (QĐ)')!;
  const x = await fetch(`${t.url}/api/number-series/${qd.id}/register.xlsx?year=2022`, {
    headers: { cookie: specialist.cookie },
  });
  assert.equal(x.status, 200);
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await x.arrayBuffer()) as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((row) =>
    rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))),
  );
  const two = rows.find((r) => r[1] === '02/QĐ-VP')!;
  assert.deepEqual([two[0], two[2]], ['02', '04/01/2022']);
  assert.match(two[3]!, /^Quyết định — Ban hành Chương trình công tác năm 2022/);
  assert.ok(
    rows.some((r) => r[0] === '01' && /Số trống/.test(r[8]!)),
    'number 01 is a gap, explained',
  );
  assert.ok(rows.some((r) => r[1] === '55/QĐ-VP'));
  // agency users do not read the Office's register
  assert.equal((await agency.get(`/api/number-series/${qd.id}/register?year=2022`)).status, 403);
  const r = await leader.get(`/api/number-series/${qd.id}/register?year=abc`);
  assert.deepEqual([r.status, errorOf(r).path], [400, 'year']);
});

test('an organisation without a series gets its default series on first issue; legal documents by type', async () => {
  const out = await t.database.db.transaction(async (tx) => {
    const a = await issueNumber(tx, { agencyCode: 'SXD', typeCode: 'TB', date: '2023-05-05' });
    const b = await issueNumber(tx, { agencyCode: 'SXD', typeCode: 'CV', date: '2023-05-06' });
    const l = await issueNumber(tx, { agencyCode: 'SXD', typeCode: 'QĐ', date: '2023-05-06', legal: true });
    return { a, b, l };
  });
  assert.equal(out.a.seriesId, out.b.seriesId);
  assert.deepEqual([out.a.number, out.b.number], [1, 2]);
  assert.notEqual(out.l.seriesId, out.a.seriesId);
  assert.equal(formatNumberSymbol(out.l, 'QĐ', { legal: true }), '01/2023/QĐ-SXD');
  assert.equal(formatNumberSymbol(out.b, 'CV', { unit: 'QLN' }), '02/SXD-QLN');
  const s = await seriesOf('SXD');
  assert.deepEqual(s.map((x) => [x.isDefault, x.legal]).sort(), [
    [false, true],
    [true, false],
  ]);
});
