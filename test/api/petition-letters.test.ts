/**
 * Letters of a petition (issue 5 item 9): the forwarding slip and the urging letter as DOCX in the Decree 30
 * layout. The draft shows "Số: …" blank; issuing takes the next number of the reception board's outgoing
 * register (one series for slips and letters, per year), registers the document, records the forward /
 * urge action in the same transaction (a refused action takes no number). A denunciation's letters carry
 * none of the denouncer's identity strings (Luật Tố cáo 2018 Art 8 cl.3, Art 56) — checked in the DOCX,
 * in LibreOffice's text of the PDF, in the registered document and in the audit rows.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/engine.ts';
import { sql } from 'drizzle-orm';
import { searchKey } from '../../src/kernel/text.ts';
import { toHcmDate } from '../../src/kernel/calendar/dates.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PASSWORD = 'Letters-test-2026!';
let t: TestApp;
let admin: Client;
let officer: Client;
let leader: Client;
let outsider: Client;
const dir = mkdtempSync(join(tmpdir(), 'kt-letters-'));
const files: { name: string; buf: Buffer }[] = [];

const COMPLAINANT = {
  name: 'Trần Thị Khiếu',
  idNumber: '051190004321',
  address: 'Thôn An Hội, xã Nghĩa Hà, tỉnh Quảng Ngãi',
  phone: '0905000111',
};
const DENOUNCER = {
  name: 'Phạm Văn Tốcáo',
  idNumber: '051085009876',
  address: 'Tổ 5, phường Trần Phú, thành phố Quảng Ngãi',
  phone: '0914222333',
  email: 'to.pv@example.vn',
};
/** every string that identifies the denouncer, as it might be written */
const SECRETS = [
  DENOUNCER.name,
  DENOUNCER.idNumber,
  DENOUNCER.address,
  DENOUNCER.phone,
  DENOUNCER.email,
  '0914 222 333',
  'Phạm Văn Tốcáo'.toUpperCase(),
];

async function user(username: string, roles: string[], agencyCode: string | null): Promise<Client> {
  const r = await admin.post('/api/users', {
    username,
    displayName: `Cán bộ ${username}`,
    password: PASSWORD,
    roles,
    agencyCode,
    mustChangePassword: false,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return t.login(username, PASSWORD);
}

before(async () => {
  t = await startTestApp({ demo: true });
  admin = await t.login('admin');
  officer = await user('letters.officer', ['reception_officer'], 'VP-BTCD');
  leader = await user('letters.leader', ['reception_leader'], 'VP-BTCD');
  outsider = await t.login('agency.staff');
});
after(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function getBytes(c: Client, path: string) {
  const r = await fetch(c.base + path, { headers: { cookie: c.cookie } });
  return { status: r.status, headers: r.headers, buf: Buffer.from(await r.arrayBuffer()) };
}
/** The document's text: the runs of word/document.xml joined (each run holds a whole phrase). */
const textOf = (buf: Buffer) =>
  strFromU8(unzipSync(new Uint8Array(buf))['word/document.xml']!)
    .replace(/<w:p[ >]/g, '\n$&')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"');

/** Asserts none of the denouncer's identity strings is in `text` (case, diacritics, separators ignored). */
function assertNoSecret(text: string, where: string) {
  const hay = searchKey(text);
  const digits = text.replace(/[^0-9]/g, '');
  for (const s of SECRETS) {
    assert.ok(!hay.includes(searchKey(s)), `${where}: contains "${s}"`);
    const d = s.replace(/[^0-9]/g, '');
    if (d.length >= 6) assert.ok(!digits.includes(d), `${where}: contains the digits of "${s}"`);
  }
}

async function receive(body: Record<string, unknown>) {
  const r = await officer.post('/api/petitions', { channel: 'in_person', ...body });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body as { id: string; code: string };
}
async function detail(id: string) {
  const r = await officer.get(`/api/petitions/${id}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as {
    version: number;
    status: string;
    events: { type: string; data: Record<string, unknown>; documentId: string | null }[];
  };
}
async function eligible(id: string) {
  const d = await detail(id);
  const r = await officer.post(`/api/petitions/${id}/actions`, {
    action: 'set_eligibility',
    eligibility: 'eligible',
    version: d.version,
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

let complaint: { id: string; code: string };
let denunciation: { id: string; code: string };
let firstNumber = 0;

test('a complaint: the draft forwarding slip has "Số: …" blank, the recipient and the complainant', async () => {
  complaint = await receive({
    kind: 'complaint',
    signers: [COMPLAINANT],
    content:
      'Khiếu nại Quyết định thu hồi đất số 123/QĐ-UBND của UBND huyện Tư Nghĩa vì không bồi thường cây trồng trên thửa đất số 45',
    respondent: 'UBND huyện Tư Nghĩa',
  });
  await eligible(complaint.id);

  // no recipient yet: the body is required; an unknown one is refused
  let e = await officer.get(`/api/petitions/${complaint.id}/letters/forwarding.docx?draft=1`);
  assert.equal(e.status, 400);
  assert.deepEqual([errorOf(e).code, errorOf(e).path], ['agency_required', 'toAgencyCode']);
  e = await officer.get(`/api/petitions/${complaint.id}/letters/forwarding.docx?draft=1&toAgencyCode=NOPE`);
  assert.equal(e.status, 400);
  assert.equal(errorOf(e).code, 'unknown_agency');
  e = await officer.get(`/api/petitions/${complaint.id}/letters/memo.docx?draft=1`);
  assert.equal(e.status, 400);
  errorOf(e);
  // nothing issued yet
  e = await officer.get(`/api/petitions/${complaint.id}/letters/forwarding.docx`);
  assert.equal(e.status, 404);
  assert.equal(errorOf(e).code, 'letter_not_issued');

  const f = await getBytes(
    officer,
    `/api/petitions/${complaint.id}/letters/forwarding.docx?draft=1&toAgencyCode=SNNMT`,
  );
  assert.equal(f.status, 200);
  assert.equal(f.headers.get('content-type'), DOCX);
  assert.match(
    f.headers.get('content-disposition') ?? '',
    /filename="du-thao-forwarding-DON-\d{4}-\d{5}\.docx"/,
  );
  const text = textOf(f.buf);
  for (const s of [
    'VĂN PHÒNG UBND TỈNH QUẢNG NGÃI',
    'BAN TIẾP CÔNG DÂN',
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Độc lập - Tự do - Hạnh phúc',
    'Số: …/PC-BTCD',
    'Quảng Ngãi, ngày ……',
    'PHIẾU CHUYỂN ĐƠN',
    'Kính gửi: Sở Nông nghiệp và Môi trường',
    complaint.code,
    COMPLAINANT.name,
    'Khiếu nại Quyết định thu hồi đất số 123/QĐ-UBND',
    'Nơi nhận:',
    'DỰ THẢO',
  ])
    assert.ok(text.includes(s), `draft: ${s}`);
  assert.ok(!text.includes('PHIẾU CHUYỂN ĐƠN TỐ CÁO'));
  const xml = strFromU8(unzipSync(new Uint8Array(f.buf))['word/document.xml']!);
  assert.match(xml, /<w:pgSz w:w="11906" w:h="16838"/, 'A4 portrait');
  assert.match(xml, /w:rFonts w:ascii="Times New Roman"/);
  files.push({ name: 'complaint-draft.docx', buf: f.buf });

  // roles: a department's staff has no petition role
  e = await outsider.get(`/api/petitions/${complaint.id}/letters/forwarding.docx?draft=1&toAgencyCode=SNNMT`);
  assert.equal(e.status, 403);
  assert.equal((await t.anon().get(`/api/petitions/${complaint.id}/letters`)).status, 401);
});

test('issuing the slip takes the register number, registers the document and forwards the petition', async () => {
  const d = await detail(complaint.id);
  const counter = async () => {
    // the board's outgoing register (number registers: highest number held this year)
    const [row] = await queryRows<{ last: number }>(
      t.database.db,
      sql`SELECT max(e.number)::int AS last FROM register_entries e JOIN number_series s ON s.id = e.series_id
          WHERE s.agency_code = 'VP-BTCD' AND e.year = ${Number(toHcmDate(new Date()).slice(0, 4))}`,
    );
    return Number(row?.last ?? 0);
  };
  const taken = await counter();
  // a stale version is refused by the action: nothing issued, no number taken
  let r = await leader.post(`/api/petitions/${complaint.id}/letters/forwarding/issue`, {
    toAgencyCode: 'SNNMT',
    version: d.version + 5,
  });
  assert.equal(r.status, 409, JSON.stringify(r.body));
  assert.equal(errorOf(r).code, 'stale');
  assert.equal((await officer.get(`/api/petitions/${complaint.id}/letters`)).body.items.length, 0);
  // a reception officer prepares the draft but does not sign or issue a numbered letter (ND 30/2020 Art 13)
  r = await officer.post(`/api/petitions/${complaint.id}/letters/forwarding/issue`, {
    toAgencyCode: 'SNNMT',
    version: d.version,
  });
  assert.equal(r.status, 403, JSON.stringify(r.body));
  assert.match(errorOf(r).message, /lãnh đạo/);
  // without the version the client read: 400 on `version` (a double click must not issue twice)
  r = await leader.post(`/api/petitions/${complaint.id}/letters/forwarding/issue`, { toAgencyCode: 'SNNMT' });
  assert.equal(r.status, 400, JSON.stringify(r.body));
  assert.equal(errorOf(r).path, 'version');
  // the signing title follows ND 30/2020 Art 13
  r = await leader.post(`/api/petitions/${complaint.id}/letters/forwarding/issue`, {
    toAgencyCode: 'SNNMT',
    version: d.version,
    signerTitle: 'GIÁM ĐỐC',
  });
  assert.deepEqual(
    [r.status, errorOf(r).code, errorOf(r).path],
    [400, 'invalid_signer_title', 'signerTitle'],
  );
  // the office leader reads (drafts too) but may not forward: 403 from the action, nothing issued
  const office = await t.login('office.leader');
  assert.equal(
    (
      await getBytes(
        office,
        `/api/petitions/${complaint.id}/letters/forwarding.docx?draft=1&toAgencyCode=SNNMT`,
      )
    ).status,
    200,
  );
  r = await office.post(`/api/petitions/${complaint.id}/letters/forwarding/issue`, {
    toAgencyCode: 'SNNMT',
    version: d.version,
  });
  assert.equal(r.status, 403, JSON.stringify(r.body));
  errorOf(r);
  // a petition handler of another body does not see it at all
  const handler = await user('letters.handler', ['petition_handler'], 'TTT');
  assert.equal((await handler.get(`/api/petitions/${complaint.id}/letters`)).status, 404);
  r = await handler.post(`/api/petitions/${complaint.id}/letters/forwarding/issue`, {
    toAgencyCode: 'SNNMT',
    version: d.version,
  });
  assert.equal(r.status, 404);
  assert.equal((await officer.get(`/api/petitions/${complaint.id}/letters`)).body.items.length, 0);
  assert.equal(await counter(), taken, 'the refused issues took no number');

  r = await leader.post(`/api/petitions/${complaint.id}/letters/forwarding/issue`, {
    toAgencyCode: 'SNNMT',
    version: d.version,
    signerTitle: 'KT. TRƯỞNG BAN / PHÓ TRƯỞNG BAN',
    signerName: 'Nguyễn Văn Phó Ban',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const m = /^(\d{2,})\/PC-BTCD$/.exec(r.body.numberSymbol);
  assert.ok(m, r.body.numberSymbol);
  firstNumber = Number(m[1]);
  assert.equal(firstNumber, taken + 1, 'the next number of the register');
  assert.equal(r.body.petition.status, 'forwarded');
  assert.equal(r.body.agencyCode, 'SNNMT');
  assert.equal(r.body.agencyName, 'Sở Nông nghiệp và Môi trường');
  assert.ok(!('content' in r.body.petition), 'no content in the answer');
  const after = await detail(complaint.id);
  assert.equal(after.status, 'forwarded');
  const fw = after.events.filter((e) => e.type === 'forward');
  assert.equal(fw.length, 1);
  assert.equal(fw[0]!.data.toAgencyCode, 'SNNMT');
  // the forward event links the letter
  assert.equal(fw[0]!.documentId, r.body.documentId);

  const docs = await officer.get(`/api/petitions/${complaint.id}/letters`);
  assert.equal(docs.status, 200);
  assert.equal(docs.body.items.length, 1);
  assert.equal(docs.body.items[0].numberSymbol, r.body.numberSymbol);
  assert.equal(docs.body.items[0].kind, 'forwarding');
  assert.equal(docs.body.items[0].agencyName, 'Sở Nông nghiệp và Môi trường');
  // registered in the documents register with the DOCX attached
  const doc = await officer.get(`/api/documents/${r.body.documentId}`);
  assert.equal(doc.status, 200, JSON.stringify(doc.body));
  assert.equal(doc.body.numberSymbol, r.body.numberSymbol);
  assert.equal(doc.body.hasFile, true);
  // the letter carries the complainant's data: outside the reception board only the addressee's handlers
  // read it through the documents register (list, detail, file); others do not even see it is there
  const snnmt = await user('letters.handler.snnmt', ['petition_handler'], 'SNNMT');
  const other = await user('letters.handler.stc', ['petition_handler'], 'STC');
  const q = `/api/documents?q=${encodeURIComponent(r.body.numberSymbol)}`;
  for (const [who, c, sees] of [
    ['reception officer', officer, true],
    ['addressee handler', snnmt, true],
    ['agency staff', outsider, false],
    ['handler of another agency', other, false],
  ] as const) {
    const list = await c.get(q);
    assert.equal(list.status, 200, who);
    assert.equal(
      list.body.items.some((x: { id: string }) => x.id === r.body.documentId),
      sees,
      `${who}: list`,
    );
    assert.equal((await c.get(`/api/documents/${r.body.documentId}`)).status, sees ? 200 : 404, who);
    assert.equal(
      (await getBytes(c, `/api/documents/${r.body.documentId}/file`)).status,
      sees ? 200 : 404,
      who,
    );
  }

  // the issued letter: the number, the full date line, the signer; no "Số: …" any more
  const f = await getBytes(officer, `/api/petitions/${complaint.id}/letters/forwarding.docx`);
  assert.equal(f.status, 200);
  const text = textOf(f.buf);
  assert.ok(text.includes(`Số: ${r.body.numberSymbol}`), text.slice(0, 400));
  assert.ok(!text.includes('Số: …'));
  assert.ok(!text.includes('DỰ THẢO'));
  assert.match(text, /Quảng Ngãi, ngày \d{2} tháng \d{1,2} năm \d{4}/);
  // signed by the deputy named by the leader who issued it, in the deputy's form of ND 30/2020 Art 13
  assert.ok(text.includes('Nguyễn Văn Phó Ban'), text.slice(-400));
  assert.ok(text.includes('KT. TRƯỞNG BAN') && text.includes('PHÓ TRƯỞNG BAN'), text.slice(-400));
  files.push({ name: 'complaint-issued.docx', buf: f.buf });
});

test('the urging letter continues the same register series and records the urge', async () => {
  const draft = await getBytes(
    officer,
    `/api/petitions/${complaint.id}/letters/urging.docx?draft=1&replyBy=2030-01-15`,
  );
  assert.equal(draft.status, 200);
  const dt = textOf(draft.buf);
  for (const s of [
    'Số: …/BTCD-XLĐ',
    'V/v đôn đốc giải quyết đơn khiếu nại',
    'Kính gửi: Sở Nông nghiệp và Môi trường',
    'theo Phiếu chuyển đơn số',
    'trước ngày 15/01/2030',
  ])
    assert.ok(dt.includes(s), `urging draft: ${s}`);
  files.push({ name: 'urging-draft.docx', buf: draft.buf });

  const d = await detail(complaint.id);
  // a reply-by date not after the letter's date, or the register urging itself: 400, no number taken
  for (const [body, code, path] of [
    [{ replyBy: '2020-01-01' }, 'reply_by_not_after_date', 'replyBy'],
    [{ agencyCode: 'VP-BTCD' }, 'cannot_urge_self', 'agencyCode'],
  ] as const) {
    const bad = await leader.post(`/api/petitions/${complaint.id}/letters/urging/issue`, {
      version: d.version,
      ...body,
    });
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    assert.equal(errorOf(bad).code, code);
    assert.equal(errorOf(bad).path, path);
  }
  const r = await leader.post(`/api/petitions/${complaint.id}/letters/urging/issue`, { version: d.version });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.numberSymbol, `${String(firstNumber + 1).padStart(2, '0')}/BTCD-XLĐ`);
  const after = await detail(complaint.id);
  const urge = after.events.filter((e) => e.type === 'urge');
  assert.equal(urge.length, 1);
  assert.equal(urge[0]!.data.agencyCode, 'SNNMT');
  assert.equal(urge[0]!.documentId, r.body.documentId);
  // no signer named: the issuing leader signs under their own name as the head ("TRƯỞNG BAN")
  const ut = textOf((await getBytes(officer, `/api/petitions/${complaint.id}/letters/urging.docx`)).buf);
  assert.ok(ut.includes('Cán bộ letters.leader') && ut.includes('TRƯỞNG BAN'), ut.slice(-300));
  const list = (await officer.get(`/api/petitions/${complaint.id}/letters`)).body.items;
  assert.deepEqual(
    list.map((l: { kind: string }) => l.kind),
    ['forwarding', 'urging'],
  );
});

test('a denunciation: the slip (TT 05/2021 Mẫu 03) carries none of the denouncer’s identity', async () => {
  denunciation = await receive({
    kind: 'denunciation',
    signers: [DENOUNCER],
    content:
      'Tôi là Phạm Văn Tốcáo, số điện thoại 0914 222 333, địa chỉ Tổ 5, phường Trần Phú, thành phố Quảng Ngãi. ' +
      'Tôi tố cáo ông Lê Văn Bị, cán bộ địa chính xã Nghĩa Hà, nhận tiền của người dân khi làm thủ tục cấp giấy chứng nhận quyền sử dụng đất.',
    respondent: 'Ông Lê Văn Bị, cán bộ địa chính UBND xã Nghĩa Hà',
  });
  await eligible(denunciation.id);
  const f = await getBytes(
    officer,
    `/api/petitions/${denunciation.id}/letters/forwarding.docx?draft=1&toAgencyCode=TTT`,
  );
  assert.equal(f.status, 200);
  const text = textOf(f.buf);
  for (const s of [
    'PHIẾU CHUYỂN ĐƠN TỐ CÁO',
    'Mẫu số 03 - TT 05/2021/TT-TTCP',
    'Số: …/PC-BTCD',
    'Kính gửi: Thanh tra tỉnh',
    denunciation.code,
    'Lê Văn Bị',
    'nhận tiền của người dân',
    'Điều 56 Luật Tố cáo',
  ])
    assert.ok(text.includes(s), `denunciation draft: ${s}`);
  assertNoSecret(text, 'denunciation draft');
  // the whole package, not only the body text (core properties, headers)
  for (const [name, bytes] of Object.entries(unzipSync(new Uint8Array(f.buf))))
    assertNoSecret(strFromU8(bytes), `draft part ${name}`);
  files.push({ name: 'denunciation-draft.docx', buf: f.buf });

  const d = await detail(denunciation.id);
  const r = await leader.post(`/api/petitions/${denunciation.id}/letters/forwarding/issue`, {
    toAgencyCode: 'TTT',
    version: d.version,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.numberSymbol, `${String(firstNumber + 2).padStart(2, '0')}/PC-BTCD`);
  assertNoSecret(JSON.stringify(r.body), 'issue answer');
  const issued = await getBytes(officer, `/api/petitions/${denunciation.id}/letters/forwarding.docx`);
  assert.equal(issued.status, 200);
  for (const [name, bytes] of Object.entries(unzipSync(new Uint8Array(issued.buf))))
    assertNoSecret(strFromU8(bytes), `issued part ${name}`);
  files.push({ name: 'denunciation-issued.docx', buf: issued.buf });

  // the document register and the audit rows of the issue hold no identity either
  const doc = await officer.get(`/api/documents/${r.body.documentId}`);
  assertNoSecret(JSON.stringify(doc.body), 'registered document');
  const rows = await queryRows<{ data: unknown; reason: string | null }>(
    t.database.db,
    sql`SELECT data, reason FROM audit_events WHERE entity_type IN ('petition_letter', 'document')`,
  );
  assert.ok(rows.length >= 3);
  assertNoSecret(JSON.stringify(rows), 'audit rows');
  // the urging draft for it too
  const u = await getBytes(officer, `/api/petitions/${denunciation.id}/letters/urging.docx?draft=1`);
  assert.equal(u.status, 200);
  const ut = textOf(u.buf);
  assert.ok(ut.includes('V/v đôn đốc giải quyết đơn tố cáo'));
  assert.ok(ut.includes('Kính gửi: Thanh tra tỉnh'));
  assertNoSecret(ut, 'denunciation urging draft');
  files.push({ name: 'denunciation-urging-draft.docx', buf: u.buf });
});

const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => existsSync(p));

test(
  'LibreOffice converts every letter to PDF (A4) and reads back the Vietnamese text',
  { skip: soffice ? false : 'LibreOffice (soffice) is not installed here; CI installs it' },
  () => {
    assert.equal(files.length, 6, 'the letters above were made');
    for (const f of files) writeFileSync(join(dir, f.name), f.buf);
    const profile = `file:///tmp/lo-${randomBytes(6).toString('hex')}`;
    const paths = files.map((f) => join(dir, f.name));
    const run = (target: string) =>
      execFileSync(
        soffice!,
        [
          `-env:UserInstallation=${profile}`,
          '--headless',
          '--norestore',
          '--convert-to',
          target,
          '--outdir',
          dir,
          ...paths,
        ],
        { stdio: 'pipe', timeout: 240_000 },
      );
    try {
      run('pdf');
      run('txt:Text (encoded):UTF8');
    } finally {
      rmSync(profile.slice('file://'.length), { recursive: true, force: true });
    }
    for (const f of files) {
      const pdf = readFileSync(join(dir, f.name.replace(/\.docx$/, '.pdf'))).toString('latin1');
      assert.ok(pdf.startsWith('%PDF-'), `${f.name}: a PDF`);
      const boxes = [
        ...pdf.matchAll(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g),
      ].map((m) => [Number(m[3]) - Number(m[1]), Number(m[4]) - Number(m[2])]);
      assert.ok(boxes.length >= 1);
      for (const [w, h] of boxes)
        assert.ok(Math.abs(w! - 595.3) < 2 && Math.abs(h! - 841.9) < 2, `${f.name}: A4, got ${w}×${h}`);
      const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      assert.ok(pages >= 1 && pages <= 2, `${f.name}: ${pages} pages`);
      assert.match(pdf, /\/BaseFont\s*\/[A-Z]{6}\+(TimesNewRoman|LiberationSerif)/, `${f.name}: serif font`);
      const txt = readFileSync(join(dir, f.name.replace(/\.docx$/, '.txt')), 'utf8').normalize('NFC');
      for (const s of [
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        'Kính gửi:',
        'Nơi nhận:',
      ])
        assert.ok(txt.includes(s), `${f.name} read by LibreOffice: ${s}`);
      if (f.name.includes('draft')) assert.ok(/Số: …\//.test(txt), `${f.name}: "Số: …" blank`);
      else assert.match(txt, /Số: \d{2,}\/(PC-BTCD|BTCD-XLĐ)/, `${f.name}: the register number`);
      if (f.name.startsWith('denunciation')) assertNoSecret(txt, `${f.name} read by LibreOffice`);
      else if (f.name.startsWith('complaint')) assert.ok(txt.includes(COMPLAINANT.name));
    }
  },
);

test('five parallel issues of the same urging letter: one 201, four 409 stale', async () => {
  const d = await detail(complaint.id);
  const before = (await officer.get(`/api/petitions/${complaint.id}/letters`)).body.items.length;
  const rs = await Promise.all(
    Array.from({ length: 5 }, () =>
      leader.post(`/api/petitions/${complaint.id}/letters/urging/issue`, { version: d.version }),
    ),
  );
  const codes = rs.map((r) => r.status).sort();
  assert.deepEqual(codes, [201, 409, 409, 409, 409], JSON.stringify(rs.map((r) => r.body)));
  for (const r of rs.filter((x) => x.status === 409)) assert.equal(errorOf(r).code, 'stale');
  const after = (await officer.get(`/api/petitions/${complaint.id}/letters`)).body.items.length;
  assert.equal(after, before + 1, 'one letter issued');
});

test('no letter to a body that no longer exists; local bodies are addressed as their People’s Committee', async () => {
  const d = await detail(complaint.id);
  // Huyện Sơn Tịnh (527) ended on 30/06/2025: draft and issue refused, naming its successors
  const draft = await officer.get(
    `/api/petitions/${complaint.id}/letters/urging.docx?draft=1&agencyCode=527`,
  );
  assert.equal(draft.status, 400);
  assert.deepEqual([errorOf(draft).code, errorOf(draft).path], ['agency_not_in_force', 'agencyCode']);
  const r = await leader.post(`/api/petitions/${complaint.id}/letters/urging/issue`, {
    agencyCode: '527',
    version: d.version,
  });
  assert.equal(r.status, 400, JSON.stringify(r.body));
  const e = errorOf(r);
  assert.equal(e.code, 'agency_not_in_force');
  assert.match(
    e.message,
    /Huyện Sơn Tịnh \(527\) không còn tồn tại từ ngày 01\/07\/2025; cơ quan kế thừa: .+\(/,
  );
  assert.match(e.messageEn, /no longer exists since 2025-07-01; successor\(s\): /);
  // the same through the action itself
  const a = await leader.post(`/api/petitions/${complaint.id}/actions`, {
    action: 'urge',
    agencyCode: '527',
    version: d.version,
  });
  assert.deepEqual([a.status, errorOf(a).code], [400, 'agency_not_in_force']);
  // a commune of 2025 in force: "Kính gửi: Ủy ban nhân dân xã …", never the bare code
  const [commune] = await queryRows<{ code: string; name: string }>(
    t.database.db,
    sql`SELECT code, name FROM agencies WHERE kind = 'commune' AND valid_to IS NULL AND name LIKE 'Xã %' ORDER BY code LIMIT 1`,
  );
  const ok = await getBytes(
    officer,
    `/api/petitions/${complaint.id}/letters/urging.docx?draft=1&agencyCode=${encodeURIComponent(commune!.code)}`,
  );
  assert.equal(ok.status, 200);
  const text = textOf(ok.buf);
  assert.ok(text.includes(`Kính gửi: Ủy ban nhân dân xã ${commune!.name.slice(3)}`), text.slice(0, 600));
});

test('letter route errors: the Vietnamese and English messages are each whole', async () => {
  const r = await officer.get(`/api/petitions/${complaint.id}/letters/memo.docx?draft=1`);
  assert.equal(r.status, 400);
  const e = errorOf(r);
  assert.equal(e.message, 'Văn bản phải là forwarding.docx hoặc urging.docx: file');
  assert.equal(e.messageEn, 'The letter must be forwarding.docx or urging.docx: file');
  const k = await leader.post(`/api/petitions/${complaint.id}/letters/memo/issue`, { version: 1 });
  assert.equal(k.status, 400);
  assert.equal(errorOf(k).message, 'Loại văn bản phải là forwarding hoặc urging: kind');
  assert.equal(errorOf(k).messageEn, 'The letter kind must be forwarding or urging: kind');
});

test('a denunciation about the denouncer’s own commune: the commune stays in the letter, the person does not', async () => {
  const p = await receive({
    kind: 'denunciation',
    signers: [
      { name: 'Đoàn Thị Ẩnhtên', address: 'Thôn Xuân Ẩn, xã Nghĩa Hà, tỉnh Quảng Ngãi', phone: '0988777666' },
    ],
    content:
      'Tôi, Đoàn Thị Ẩnhtên ở thôn Xuân Ẩn, tố cáo Chủ tịch UBND xã Nghĩa Hà nhận tiền của hộ dân khi cấp giấy chứng nhận quyền sử dụng đất.',
    respondent: 'Chủ tịch UBND xã Nghĩa Hà',
  });
  const draft = await getBytes(
    officer,
    `/api/petitions/${p.id}/letters/forwarding.docx?draft=1&toAgencyCode=TTT`,
  );
  assert.equal(draft.status, 200, draft.buf.toString().slice(0, 300));
  const text = textOf(draft.buf);
  assert.ok(text.includes('tố cáo Chủ tịch UBND xã Nghĩa Hà nhận tiền'), text);
  for (const bad of ['Ẩnhtên', 'Xuân Ẩn', '0988777666'])
    assert.ok(!searchKey(text).includes(searchKey(bad)), `${bad} in the letter`);
});
