/**
 * Tasks proposed from a directive over HTTP: DOCX upload (built here with `docx`), PDF upload (that DOCX
 * converted by LibreOffice), pasted text, confirmation into tasks that keep their clause, roles, bad input.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { strToU8, zipSync } from 'fflate';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let office: Client;
let leader: Client;
let agency: Client;
const dir = mkdtempSync(join(tmpdir(), 'kt-proposals-'));

const LINES = [
  'ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI',
  'Số: 25/CT-UBND',
  'Quảng Ngãi, ngày 15 tháng 8 năm 2022',
  'CHỈ THỊ',
  'Về tăng cường công tác phòng, chống thiên tai năm 2022',
  'Để chủ động ứng phó với thiên tai, Chủ tịch UBND tỉnh yêu cầu:',
  '1. Giao Sở Nông nghiệp và PTNT chủ trì, phối hợp với Sở Tài chính tham mưu UBND tỉnh ban hành Kế hoạch phòng, chống thiên tai, hoàn thành trước ngày 30/9/2022.',
  '2. Sở Y tế:',
  'a) Chủ trì, phối hợp với Sở Giáo dục và Đào tạo bảo đảm thuốc, vật tư y tế trong mùa mưa bão, hoàn thành trong tháng 10/2022.',
  'b) Định kỳ hằng quý báo cáo UBND tỉnh kết quả thực hiện.',
  '3. UBND huyện Bình Sơn khẩn trương rà soát các hộ dân vùng sạt lở, báo cáo trong 15 ngày làm việc.',
  'Nơi nhận:',
  '- Như trên;',
  '- Lưu: VT, KTTH.',
];
const TEXT = LINES.join('\n\n');

/** What the directive above must give: [clause label, lead, cooperating, deadline kind, deadline date]. */
const EXPECTED = [
  ['1', 'SNNPTNT', ['STC'], 'date', '2022-09-30'],
  ['2.a', 'SYT', ['SGDDT'], 'month', '2022-10-31'],
  ['2.b', 'SYT', [], 'recurring', '2022-09-15'],
  // 15/08/2022 + 15 working days: 16–19, 22–26, 29–31/8, 01/9, (02/9 and 05/9 off) 06–07/9
  ['3', '524', [], 'working_days', '2022-09-07'],
];

let docx: Buffer;
before(async () => {
  t = await startTestApp({ demo: true });
  [office, leader, agency] = await Promise.all([
    t.login('office.specialist'),
    t.login('office.leader'),
    t.login('agency.staff'),
  ]);
  const doc = new Document({
    sections: [{ children: LINES.map((l) => new Paragraph({ children: [new TextRun(l)] })) }],
  });
  docx = Buffer.from(await Packer.toBuffer(doc));
});
after(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function upload(c: Client, buf: Buffer, name: string, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(buf)]), name);
  const r = await fetch(`${t.url}/api/tasks/proposals`, {
    method: 'POST',
    headers: { cookie: c.cookie, 'x-csrf-token': c.csrf },
    body: form,
  });
  return { status: r.status, body: (await r.json()) as any };
}

type Proposal = {
  clause: { label: string; start: number; end: number; text: string };
  leadAgency: { code: string } | null;
  cooperatingAgencies: { code: string }[];
  deadline: { kind: string; date: string | null };
  action: string;
};
const summary = (ps: Proposal[]) =>
  ps.map((p) => [
    p.clause.label,
    p.leadAgency?.code,
    p.cooperatingAgencies.map((c) => c.code),
    p.deadline.kind,
    p.deadline.date,
  ]);

test('DOCX upload: the header gives the date and number; the assignments are proposed', async () => {
  const r = await upload(office, docx, 'chi-thi.docx');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.documentDate, '2022-08-15');
  assert.equal(r.body.numberSymbol, '25/CT-UBND');
  assert.deepEqual(summary(r.body.proposals), EXPECTED);
  for (const p of r.body.proposals as Proposal[])
    assert.equal(r.body.text.slice(p.clause.start, p.clause.end), p.clause.text);
  assert.equal(r.body.proposals[0].action, 'Tham mưu UBND tỉnh ban hành Kế hoạch phòng, chống thiên tai');
  // a date given by the user wins over the header's
  const r2 = await upload(office, docx, 'chi-thi.docx', { documentDate: '2022-08-16' });
  assert.equal(r2.body.documentDate, '2022-08-16');
});

const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => existsSync(p));

test(
  'PDF upload (the DOCX converted by LibreOffice) gives the same proposals',
  { skip: soffice ? false : 'LibreOffice (soffice) is not installed here' },
  async () => {
    writeFileSync(join(dir, 'chi-thi.docx'), docx);
    const profile = `file:///tmp/lo-${randomBytes(6).toString('hex')}`;
    try {
      execFileSync(
        soffice!,
        [
          `-env:UserInstallation=${profile}`,
          '--headless',
          '--norestore',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          join(dir, 'chi-thi.docx'),
        ],
        { stdio: 'pipe', timeout: 240_000 },
      );
    } finally {
      rmSync(profile.slice('file://'.length), { recursive: true, force: true });
    }
    const pdf = readFileSync(join(dir, 'chi-thi.pdf'));
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const r = await upload(office, pdf, 'chi-thi.pdf');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.documentDate, '2022-08-15');
    assert.deepEqual(summary(r.body.proposals), EXPECTED);
  },
);

test('bad files → 400 naming `file`; no date → 400 naming `documentDate`; other roles → 403', async () => {
  const txt = await upload(office, Buffer.from('không phải văn bản'), 'x.docx');
  assert.equal(txt.status, 400);
  assert.equal(txt.body.error.code, 'unsupported_file_type');
  assert.equal(txt.body.error.path, 'file');
  const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(300)]);
  const b = await upload(office, broken, 'hong.docx');
  assert.equal(b.status, 400);
  assert.equal(b.body.error.code, 'unreadable_file');
  assert.equal(b.body.error.path, 'file');
  const badPdf = await upload(office, Buffer.from('%PDF-1.7\n garbage'), 'hong.pdf');
  assert.equal(badPdf.status, 400);
  assert.equal(badPdf.body.error.path, 'file');
  const none = await fetch(`${t.url}/api/tasks/proposals`, {
    method: 'POST',
    headers: { cookie: office.cookie, 'x-csrf-token': office.csrf },
    body: (() => {
      const f = new FormData();
      f.append('documentDate', '2022-08-15');
      return f;
    })(),
  });
  assert.equal(none.status, 400);
  assert.equal(((await none.json()) as any).error.path, 'file');

  const noDate = await office.post('/api/tasks/proposals', { text: 'Giao Sở Y tế kiểm tra.' });
  assert.equal(noDate.status, 400);
  assert.equal(errorOf(noDate).path, 'documentDate');
  const badDate = await office.post('/api/tasks/proposals', { text: 'x', documentDate: '2022-02-30' });
  assert.equal(badDate.status, 400);
  assert.equal(errorOf(badDate).path, 'documentDate');
  const extra = await office.post('/api/tasks/proposals', { text: 'x', documentDate: '2022-02-03', foo: 1 });
  assert.equal(extra.status, 400);

  const r = await agency.post('/api/tasks/proposals', { text: TEXT, documentDate: '2022-08-15' });
  assert.equal(r.status, 403);
  const u = await upload(agency, docx, 'chi-thi.docx');
  assert.equal(u.status, 403);
  const c = await agency.post('/api/tasks/proposals/confirm', {
    documentId: '00000000-0000-4000-8000-000000000000',
    proposals: [
      {
        clause: { start: 0, end: 5, text: 'Giao.', label: '1' },
        leadAgency: 'SYT',
        cooperatingAgencies: [],
        content: 'Kiểm tra',
        deadline: null,
      },
    ],
  });
  assert.equal(c.status, 403);
});

test('confirm: one transaction, tasks through the normal service, each keeps its clause', async () => {
  const reg = await office.post('/api/documents', {
    numberSymbol: '25/CT-UBND',
    date: '2022-08-15',
    summary: 'Chỉ thị về tăng cường công tác phòng, chống thiên tai năm 2022',
    issuerCode: 'UBND',
  });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  const documentId = reg.body.id as string;
  const pr = await office.post('/api/tasks/proposals', { text: TEXT, documentId });
  assert.equal(pr.status, 200);
  assert.equal(pr.body.documentDate, '2022-08-15');
  const proposals = (pr.body.proposals as (Proposal & Record<string, unknown>)[]).map((p) => ({
    clause: p.clause,
    leadAgency: p.leadAgency,
    cooperatingAgencies: p.cooperatingAgencies,
    content: p.action,
    deadline: p.deadline.date,
  }));

  // errors name the proposal, and nothing is written
  const count = async () => (await office.get(`/api/tasks?document=${documentId}`)).body.total as number;
  const bad1 = await office.post('/api/tasks/proposals/confirm', {
    documentId,
    proposals: [proposals[0], { ...proposals[1], leadAgency: { code: 'NO-SUCH' } }],
  });
  assert.equal(bad1.status, 400);
  assert.equal(errorOf(bad1).path, 'proposals.1.leadAgency');
  const bad2 = await office.post('/api/tasks/proposals/confirm', {
    documentId,
    proposals: [{ ...proposals[0], leadAgency: null }],
  });
  assert.equal(bad2.status, 400);
  assert.equal(errorOf(bad2).path, 'proposals.0.leadAgency');
  const bad3 = await office.post('/api/tasks/proposals/confirm', {
    documentId,
    proposals: [proposals[0], proposals[1], { ...proposals[2], deadline: '2022-08-01' }],
  });
  assert.equal(bad3.status, 400);
  assert.equal(errorOf(bad3).path, 'proposals.2.deadline');
  // a 2025 agency did not exist on the document date
  const bad4 = await office.post('/api/tasks/proposals/confirm', {
    documentId,
    proposals: [{ ...proposals[0], cooperatingAgencies: [{ code: 'SNNMT' }] }],
  });
  assert.equal(bad4.status, 400);
  assert.equal(errorOf(bad4).path, 'proposals.0.cooperatingAgencies.0');
  const bad5 = await office.post('/api/tasks/proposals/confirm', {
    documentId,
    proposals: [{ ...proposals[0], content: ' ' }],
  });
  assert.equal(bad5.status, 400);
  assert.equal(errorOf(bad5).path, 'proposals.0.content');
  assert.equal(await count(), 0);

  // the specialist edits one proposal (another cooperating agency, a later deadline) and confirms all
  proposals[3] = {
    ...proposals[3]!,
    cooperatingAgencies: [{ code: 'STNMT' }],
    deadline: '2022-09-30',
  } as any;
  const ok = await leader.post('/api/tasks/proposals/confirm', { documentId, proposals });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(ok.body.tasks.length, 4);
  const last = ok.body.tasks[3];
  assert.equal(last.leadAgency.code, '524');
  assert.deepEqual(
    last.cooperatingAgencies.map((c: { code: string }) => c.code),
    ['STNMT'],
  );
  assert.equal(last.deadline, '2022-09-30');
  assert.equal(await count(), 4);

  const list = await office.get(`/api/tasks?document=${documentId}&sort=ref`);
  const first = list.body.items.find((x: { title: string }) => x.title.startsWith('Tham mưu UBND tỉnh'));
  assert.ok(first, JSON.stringify(list.body.items));
  const detail = await office.get(`/api/tasks/${first.id}`);
  assert.equal(detail.status, 200);
  assert.equal(detail.body.clause, '1');
  assert.equal(detail.body.document.numberSymbol, '25/CT-UBND');
  assert.deepEqual(detail.body.sourceClause, {
    label: '1',
    text: proposals[0]!.clause.text,
    start: proposals[0]!.clause.start,
    end: proposals[0]!.clause.end,
  });
  assert.equal(detail.body.leadAgency.code, 'SNNPTNT');
  assert.equal(detail.body.deadline, '2022-09-30');
  // the same history as a manual task: one `assigned` event
  assert.deepEqual(
    detail.body.history.map((e: { type: string }) => e.type),
    ['assigned'],
  );
  assert.equal(detail.body.status, 'awaiting_receipt');
  // the agency sees its own task, with the clause
  const mine = await agency.get(`/api/tasks?document=${documentId}`);
  assert.equal(mine.status, 200);
});

test('a ZIP bomb DOCX (60 MB of XML in ~100 KB) is refused from its central directory, quickly', async () => {
  const xml = '<w:p><w:r><w:t>bomb</w:t></w:r></w:p>'.repeat(Math.ceil((60 * 1024 * 1024) / 37));
  const bomb = Buffer.from(
    zipSync(
      {
        '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types/>'),
        'word/document.xml': strToU8(xml),
      },
      { level: 9 },
    ),
  );
  assert.ok(bomb.length < 1024 * 1024, `${bomb.length}`);
  const t0 = Date.now();
  const r = await upload(office, bomb, 'bom.docx');
  const ms = Date.now() - t0;
  assert.equal(r.status, 400, JSON.stringify(r.body));
  assert.equal(r.body.error.code, 'file_too_large');
  assert.equal(r.body.error.path, 'file');
  assert.match(r.body.error.message, /giải nén/);
  assert.match(r.body.error.messageEn, /uncompressed/);
  assert.ok(ms < 3000, `answered in ${ms} ms`);
  // too many entries, each tiny
  const many: Record<string, Uint8Array> = {};
  for (let i = 0; i < 2001; i++) many[`word/media/x${i}.xml`] = strToU8('x');
  const r2 = await upload(office, Buffer.from(zipSync(many)), 'nhieu.docx');
  assert.equal(r2.status, 400);
  assert.equal(r2.body.error.code, 'file_too_large');
  // the real directive still passes
  assert.equal((await upload(office, docx, 'chi-thi.docx')).status, 200);
});

test('a truncated multipart body → 400 invalid_multipart; text/plain → 415 unsupported_media_type', async () => {
  const r = await fetch(`${t.url}/api/tasks/proposals`, {
    method: 'POST',
    headers: {
      cookie: office.cookie,
      'x-csrf-token': office.csrf,
      'content-type': 'multipart/form-data; boundary=xyz',
    },
    body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.docx"\r\n\r\nPK',
  });
  const b = (await r.json()) as any;
  assert.equal(r.status, 400, JSON.stringify(b));
  assert.equal(b.error.code, 'invalid_multipart');
  assert.ok(b.error.message && b.error.messageEn);

  for (const path of ['/api/tasks/proposals', '/api/tasks/proposals/confirm']) {
    const p = await fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { cookie: office.cookie, 'x-csrf-token': office.csrf, 'content-type': 'text/plain' },
      body: TEXT,
    });
    const pb = (await p.json()) as any;
    assert.equal(p.status, 415, `${path} ${JSON.stringify(pb)}`);
    assert.equal(pb.error.code, 'unsupported_media_type');
    assert.equal(pb.error.path, 'body');
    assert.match(pb.error.messageEn, /JSON/);
  }
});

test('confirm: clause offsets bounded (never a database 500); the role is checked before the body', async () => {
  const proposal = (start: number, end: number) => ({
    clause: { start, end, text: 'Giao.', label: '1' },
    leadAgency: 'SYT',
    cooperatingAgencies: [],
    content: 'Kiểm tra',
    deadline: null,
  });
  const documentId = '00000000-0000-4000-8000-000000000000';
  for (const [start, end] of [
    [0, 3_000_000_000],
    [0, 1e15],
    [0, 10_000_001],
    [0, 1.5],
    [7, 3],
  ] as const) {
    const r = await office.post('/api/tasks/proposals/confirm', {
      documentId,
      proposals: [proposal(start, end)],
    });
    assert.equal(r.status, 400, `${start}..${end}: ${JSON.stringify(r.body)}`);
    assert.equal(errorOf(r).path, 'proposals.0.clause.end');
  }
  const big = await office.post('/api/tasks/proposals/confirm', {
    documentId,
    proposals: [proposal(3_000_000_000, 3_000_000_001)],
  });
  assert.equal(big.status, 400);
  assert.equal(errorOf(big).path, 'proposals.0.clause.start');
  // another role: 403 even for an invalid body
  for (const body of [
    {},
    { documentId: 'x', proposals: [] },
    { documentId, proposals: [proposal(0, 1e15)] },
  ]) {
    const r = await agency.post('/api/tasks/proposals/confirm', body);
    assert.equal(r.status, 403, JSON.stringify(r.body));
  }
});
