/**
 * Dossier forms over HTTP (issue 4 §5): form 01 of a dossier received at the counter, the era's set
 * (nd118 today, nd61 for a 2022 dossier), 404 for forms the era lacks or events the dossier never had,
 * scope (another agency's user gets 404), and the tracking book for a period (06 / 07, capped).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/engine.ts';
import { buildCalendar, toHcmDate } from '../../src/kernel/calendar/index.ts';
import { seedTestProcedure } from '../../src/modules/dossiers/fixtures.ts';
import { importDossiers } from '../../src/modules/dossiers/service.ts';
import { BOOK_MAX_ROWS } from '../../src/modules/dossiers/forms/data.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
let t: TestApp;
let counter: Client;
let agencyStaff: Client;
let officer: Client;
let office: Client;

before(async () => {
  t = await startTestApp({ demo: true });
  await t.database.db.transaction((tx) =>
    seedTestProcedure(tx, {
      code: 'KT-TEST-FORMS',
      name: 'Cấp giấy chứng nhận đăng ký tàu cá (thử nghiệm)',
      limits: [
        { channel: 'counter', value: 60, unit: 'working_days' },
        { channel: 'postal', value: 60, unit: 'working_days' },
      ],
    }),
  );
  counter = await t.login('counter.staff');
  agencyStaff = await t.login('agency.staff');
  officer = await t.login('processing.officer');
  office = await t.login('office.specialist');
});
after(() => t?.close());

const applicant = {
  name: 'Huỳnh Thị Ngọc Ánh',
  idNumber: '051190001234',
  phone: '0935123123',
  address: 'Thôn Thạnh Đức, xã Phổ Thạnh, thị xã Đức Phổ',
};

/** GET returning the raw bytes. */
async function getBytes(c: Client, path: string) {
  const r = await fetch(c.base + path, { headers: { cookie: c.cookie } });
  return { status: r.status, headers: r.headers, buf: Buffer.from(await r.arrayBuffer()) };
}
const xmlOf = (buf: Buffer) => strFromU8(unzipSync(new Uint8Array(buf))['word/document.xml']!);

test('form 01 of a dossier received at the counter today (era nd118): DOCX, filename, content; scope', async () => {
  const r = await counter.post('/api/dossiers', {
    procedureCode: 'KT-TEST-FORMS',
    channel: 'counter',
    applicant,
    components: [{ name: 'Tờ khai đăng ký tàu cá', original: true, count: 1 }],
    returnMethod: 'post',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const code = r.body.code as string;

  const f = await getBytes(counter, `/api/dossiers/${code}/forms/01`);
  assert.equal(f.status, 200);
  assert.equal(f.headers.get('content-type'), DOCX);
  assert.match(
    f.headers.get('content-disposition') ?? '',
    new RegExp(`filename="01-${code.replace(/\./g, '\\.')}\\.docx"`),
  );
  assert.equal(f.buf.subarray(0, 2).toString(), 'PK');
  const xml = xmlOf(f.buf);
  for (const text of [
    code,
    'Huỳnh Thị Ngọc Ánh',
    'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
    'Mẫu số 01 - TT 03/2025/TT-VPCP',
    'UBND TỈNH QUẢNG NGÃI',
    'TRUNG TÂM PHỤC VỤ - KIỂM SOÁT THỦ TỤC HÀNH CHÍNH',
    'Tờ khai đăng ký tàu cá',
    '60 ngày làm việc',
    'Qua dịch vụ bưu chính công ích',
  ])
    assert.ok(xml.includes(text), text);
  assert.match(xml, /<w:pgSz w:w="8390" w:h="11905"/, 'A5');

  // the control sheet exists from receipt (nd118: 06), the book number is not a per-dossier form
  assert.equal((await getBytes(counter, `/api/dossiers/${code}/forms/06`)).status, 200);
  let e = await counter.get(`/api/dossiers/${code}/forms/07`);
  assert.equal(e.status, 404);
  assert.equal(errorOf(e).code, 'form_not_found');
  // no apology, no stop, no refusal → no 04 / 05 / 03
  for (const no of ['02', '03', '04', '05']) {
    e = await counter.get(`/api/dossiers/${code}/forms/${no}`);
    assert.equal(e.status, 404, no);
    assert.equal(errorOf(e).code, 'form_not_applicable', no);
  }
  e = await counter.get(`/api/dossiers/${code}/forms/08`);
  assert.equal(e.status, 400);
  errorOf(e);
  e = await counter.get(`/api/dossiers/NO-SUCH-CODE/forms/01`);
  assert.equal(e.status, 404);

  // another agency's user (SNNPTNT; the dossier is not transferred yet) does not see it
  e = await agencyStaff.get(`/api/dossiers/${code}/forms/01`);
  assert.equal(e.status, 404);
  assert.equal(errorOf(e).code, 'not_found');
  assert.equal((await officer.get(`/api/dossiers/${code}/forms/01`)).status, 404);
  // office roles see all; anonymous → 401
  assert.equal((await getBytes(office, `/api/dossiers/${code}/forms/01`)).status, 200);
  assert.equal((await t.anon().get(`/api/dossiers/${code}/forms/01`)).status, 401);

  // after the transfer the processing agency sees it
  const tr = await counter.post(`/api/dossiers/${code}/actions`, { action: 'transfer' });
  assert.equal(tr.status, 200, JSON.stringify(tr.body));
  const sheet = await getBytes(officer, `/api/dossiers/${code}/forms/06`);
  assert.equal(sheet.status, 200);
  const sx = xmlOf(sheet.buf);
  assert.ok(sx.includes('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ'));
  assert.ok(sx.includes('Giao: Bộ phận Một cửa'));

  // the tracking book of today: 07 (nd118) with the dossier; era=nd61 forces 06
  const today = toHcmDate(new Date());
  const b = await getBytes(counter, `/api/dossier-books?from=${today}&to=${today}`);
  assert.equal(b.status, 200);
  assert.equal(b.headers.get('content-type'), DOCX);
  assert.match(b.headers.get('content-disposition') ?? '', /filename="07-so-theo-doi_/);
  const bx = xmlOf(b.buf);
  assert.ok(bx.includes(code) && bx.includes('SỔ THEO DÕI HỒ SƠ') && bx.includes('Mẫu số 07'));
  assert.match(bx, /<w:pgSz w:w="16837" w:h="11905" w:orient="landscape"/, 'A4 landscape');
  const b6 = await getBytes(counter, `/api/dossier-books?from=${today}&to=${today}&era=nd61`);
  assert.match(b6.headers.get('content-disposition') ?? '', /filename="06-so-theo-doi_/);
});

test('a 2022 dossier (era nd61): forms 02, 04, 05 (control sheet) from its events; no 03, no 06/07 per dossier', async () => {
  const receivedAt = '2022-03-07T02:00:00Z';
  const at = (min: number) => new Date(Date.parse(receivedAt) + min * 60_000).toISOString();
  const { codes } = await t.database.db.transaction((tx) =>
    importDossiers(tx, buildCalendar(), [
      {
        procedureCode: 'KT-TEST-FORMS',
        channel: 'counter',
        applicant,
        components: [{ name: 'Tờ khai', original: true, count: 1 }],
        returnMethod: 'counter',
        receivedAt,
        actions: [
          { action: 'request_supplement', at: at(5), missing: ['Ảnh tàu cá'], note: 'Thiếu ảnh' },
          { action: 'supplement_received', at: at(60 * 24) },
          { action: 'transfer', at: at(60 * 24 + 5) },
          {
            action: 'apologize',
            at: at(60 * 24 * 3),
            note: 'Chờ kết quả kiểm tra an toàn kỹ thuật',
            newDate: '2022-07-20',
          },
          { action: 'result_ready', at: at(60 * 24 * 4) },
        ],
      },
    ]),
  );
  const code = codes[0]!;
  const two = await getBytes(counter, `/api/dossiers/${code}/forms/02`);
  assert.equal(two.status, 200);
  const x2 = xmlOf(two.buf);
  assert.ok(x2.includes('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ') && x2.includes('Ảnh tàu cá'));
  assert.ok(x2.includes('Mẫu số 02 - TT 01/2018/TT-VPCP'));
  const four = await getBytes(counter, `/api/dossiers/${code}/forms/04`);
  assert.equal(four.status, 200);
  const x4 = xmlOf(four.buf);
  assert.ok(x4.includes('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ'));
  assert.ok(x4.includes('20/07/2022') && x4.includes('Chờ kết quả kiểm tra an toàn kỹ thuật'));
  assert.ok(x4.includes('Quảng Ngãi, ngày 10 tháng 3 năm 2022'), 'date line of the apology');
  const five = await getBytes(counter, `/api/dossiers/${code}/forms/05`);
  assert.equal(five.status, 200);
  const x5 = xmlOf(five.buf);
  assert.ok(x5.includes('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ') && x5.includes('Trước hạn'));
  assert.equal((await counter.get(`/api/dossiers/${code}/forms/03`)).status, 404);
  for (const no of ['06', '07']) {
    const e = await counter.get(`/api/dossiers/${code}/forms/${no}`);
    assert.equal(e.status, 404, no);
    assert.equal(errorOf(e).code, 'form_not_found');
  }
});

test('tracking book: 06 for a 2022 period, serials from 01 per year, capped, validated, scoped', async () => {
  // two dossiers earlier in 2022 and two on 2022-03-08: the day's rows are numbers 03 and 04 of the year
  const item = (receivedAt: string) => ({
    procedureCode: 'KT-TEST-FORMS',
    channel: 'counter' as const,
    applicant,
    components: [],
    returnMethod: 'counter' as const,
    receivedAt,
  });
  const { codes } = await t.database.db.transaction((tx) =>
    importDossiers(tx, buildCalendar(), [
      item('2022-01-04T02:00:00Z'),
      item('2022-02-08T02:00:00Z'),
      item('2022-03-08T01:00:00Z'),
      item('2022-03-08T03:00:00Z'),
      item('2021-12-30T03:00:00Z'),
    ]),
  );
  const [day] = await queryRows<{ n: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n FROM dossiers WHERE receiving_body_code = 'VP-TTHC'
        AND received_at >= '2022-03-08T00:00:00+07:00' AND received_at < '2022-03-09T00:00:00+07:00'`,
  );
  const [before] = await queryRows<{ n: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n FROM dossiers WHERE receiving_body_code = 'VP-TTHC'
        AND received_at >= '2022-01-01T00:00:00+07:00' AND received_at < '2022-03-08T00:00:00+07:00'`,
  );
  const b = await getBytes(counter, '/api/dossier-books?from=2022-03-08&to=2022-03-08');
  assert.equal(b.status, 200);
  assert.match(
    b.headers.get('content-disposition') ?? '',
    /filename="06-so-theo-doi_2022-03-08_2022-03-08\.docx"/,
  );
  const x = xmlOf(b.buf);
  assert.ok(x.includes('Mẫu số 06 - TT 01/2018/TT-VPCP'));
  assert.ok(x.includes('Từ ngày 08/03/2022 đến ngày 08/03/2022'));
  const serials = [...x.matchAll(/<w:t xml:space="preserve">(\d{2,})<\/w:t>/g)].map((m) => Number(m[1]));
  // TT 01/2018 Art 10: one book per year numbered from 01 — the day's rows continue the year's count
  assert.ok(day!.n >= 2);
  assert.ok(x.includes(codes[2]!) && x.includes(codes[3]!));
  assert.deepEqual(
    serials,
    Array.from({ length: day!.n }, (_, i) => before!.n + 1 + i),
  );

  // more than BOOK_MAX_ROWS dossiers in the period → 400 asking for a shorter period
  await queryRows(
    t.database.db,
    sql`INSERT INTO dossiers SELECT (jsonb_populate_record(NULL::dossiers, to_jsonb(d) || jsonb_build_object(
          'id', gen_random_uuid(), 'code', d.code || '-B' || g,
          'received_at', '2023-05-10T09:00:00+07:00'))).*
        FROM dossiers d, generate_series(1, ${BOOK_MAX_ROWS + 1}) g
        WHERE d.code = ${codes[2]!}`,
  );
  let e = await office.get('/api/dossier-books?from=2023-05-01&to=2023-05-31');
  assert.equal(e.status, 400);
  assert.equal(errorOf(e).code, 'period_too_long');
  // at the cap it is still a book
  await queryRows(t.database.db, sql`DELETE FROM dossiers WHERE code LIKE '%-B1'`);
  const t0 = Date.now();
  const full = await getBytes(office, '/api/dossier-books?from=2023-05-10&to=2023-05-10');
  const ms = Date.now() - t0;
  assert.equal(full.status, 200);
  // the issuer/motto layout row + 3 header rows + 5,000 data rows
  assert.equal((xmlOf(full.buf).match(/<w:tr>/g) ?? []).length, BOOK_MAX_ROWS + 4);
  assert.ok(ms < 30_000, `a full book in ${ms} ms`);
  console.log(`# tracking book of ${BOOK_MAX_ROWS} rows: ${ms} ms, ${full.buf.length} bytes`);

  e = await counter.get('/api/dossier-books?from=2022-03-08&to=2022-03-07');
  assert.equal(e.status, 400);
  assert.equal(errorOf(e).path, 'to');
  e = await counter.get('/api/dossier-books?from=2022-02-30&to=2022-03-07');
  assert.equal(e.status, 400);
  errorOf(e);
  e = await counter.get('/api/dossier-books?from=2022-03-01&to=2022-03-07&era=nd99');
  assert.equal(e.status, 400);
  errorOf(e);

  // an agency user's book holds only that agency's dossiers (none of these was transferred)
  const ab = await getBytes(agencyStaff, '/api/dossier-books?from=2022-03-08&to=2022-03-08');
  assert.equal(ab.status, 200);
  const ax = xmlOf(ab.buf);
  for (const c of codes) assert.ok(!ax.includes(c), `${c} is not in the agency's book`);
  assert.ok(x.includes('Huỳnh Thị Ngọc Ánh'));
});
