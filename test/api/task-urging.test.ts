/**
 * Urging letters about tasks (công văn đôn đốc; REFERENCE §1 Reminder): the draft lists exactly the tasks of
 * the agency awaiting receipt or in progress overdue as of T (the task table's predicates), has no number and
 * converts to PDF with LibreOffice; issuing takes the register number, registers the document and appends an
 * `urged` event to each task (status unchanged); two concurrent issues get two numbers; roles and bad input.
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

let t: TestApp;
let leader: Client;
let specialist: Client;
let agencyStaff: Client;
const AS_OF = '2022-09-15';
const Q = `agency=SNNPTNT&asOf=${AS_OF}`;
const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => existsSync(p));
const dir = mkdtempSync(join(tmpdir(), 'kt-urging-'));

before(async () => {
  t = await startTestApp({ demo: true });
  leader = await t.login('office.leader');
  specialist = await t.login('office.specialist');
  agencyStaff = await t.login('agency.staff');
});
after(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function getBytes(c: Client, path: string) {
  const r = await fetch(c.base + path, { headers: { cookie: c.cookie } });
  return { status: r.status, headers: r.headers, buf: Buffer.from(await r.arrayBuffer()) };
}
const docxText = (buf: Buffer) =>
  strFromU8(unzipSync(new Uint8Array(buf))['word/document.xml']!)
    .replace(/<[^>]+>/g, '')
    .normalize('NFC');

/** The ids of the task list behind a table cell (GET /api/tasks, same predicate as the table). */
async function listIds(extra: string): Promise<string[]> {
  const r = await specialist.get(`/api/tasks?agency=SNNPTNT&to=${AS_OF}&asOf=${AS_OF}&pageSize=500&${extra}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.map((x: { id: string }) => x.id);
}

let draftIds: string[] = [];

test('the draft lists exactly the agency’s tasks awaiting receipt or overdue in progress as of T', async () => {
  const r = await specialist.get(`/api/tasks/urging-letters/draft.json?${Q}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.agency.name, 'Sở Nông nghiệp và Phát triển nông thôn');
  assert.equal(r.body.numberSymbol, null);
  draftIds = r.body.tasks.map((x: { id: string }) => x.id);
  const expected = [
    ...(await listIds('status=awaiting_receipt')),
    ...(await listIds('status=in_progress&timeliness=overdue')),
  ];
  assert.ok(expected.length > 0, 'the demo has such tasks for SNNPTNT');
  assert.deepEqual([...draftIds].sort(), [...expected].sort());
  // nothing else: no in-progress task within its deadline, no task reported done
  const others = [
    ...(await listIds('status=in_progress&timeliness=on_time')),
    ...(await listIds('status=awaiting_closure')),
  ];
  for (const id of others) assert.ok(!draftIds.includes(id));
  for (const x of r.body.tasks) {
    assert.ok(x.status === 'awaiting_receipt' || (x.status === 'in_progress' && x.timeliness === 'overdue'));
    if (x.timeliness === 'overdue') assert.ok(x.daysOverdue > 0 && x.deadline < AS_OF);
  }
  assert.equal(r.body.counts.total, draftIds.length);
  console.log(
    `# SNNPTNT as of ${AS_OF}: ${r.body.counts.total} tasks (${r.body.counts.awaitingReceipt} awaiting receipt, ${r.body.counts.overdue} overdue)`,
  );

  // the DOCX draft: no number, the day blank, the tasks listed
  const f = await getBytes(specialist, `/api/tasks/urging-letters/draft?${Q}&date=2022-09-16`);
  assert.equal(f.status, 200);
  const text = docxText(f.buf);
  assert.match(text, /Số:\s+\/VP-KTTH/);
  assert.match(text, /ngày …… tháng 9 năm 2022/);
  assert.match(text, /V\/v đôn đốc thực hiện nhiệm vụ/);
  assert.match(text, /Kính gửi: Sở Nông nghiệp và Phát triển nông thôn/);
  const title = r.body.tasks[0].title as string;
  assert.ok(text.includes(title.normalize('NFC')), 'the first task is listed');
  writeFileSync(join(dir, 'draft.docx'), f.buf);
});

test(
  'LibreOffice converts the draft to PDF (A4) with "Số:" and "đôn đốc"',
  { skip: soffice ? false : 'LibreOffice (soffice) is not installed here' },
  async () => {
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
          join(dir, 'draft.docx'),
        ],
        { stdio: 'pipe', timeout: 240_000 },
      );
    } finally {
      rmSync(profile.slice('file://'.length), { recursive: true, force: true });
    }
    const pdf = readFileSync(join(dir, 'draft.pdf'));
    assert.ok(pdf.subarray(0, 5).toString('latin1') === '%PDF-');
    const { extractText, getDocumentProxy } = await import('unpdf');
    const doc = await getDocumentProxy(new Uint8Array(pdf));
    const { text } = await extractText(doc, { mergePages: true });
    const s = (text as string).normalize('NFC');
    assert.ok(s.includes('Số:'), 'Số:');
    assert.ok(s.includes('đôn đốc'), 'đôn đốc');
    assert.ok(s.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'));
    const box = /\/MediaBox\s*\[\s*[\d.]+\s+[\d.]+\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
    assert.ok(box && Math.abs(Number(box[1]) - 595.3) < 2 && Math.abs(Number(box[2]) - 841.9) < 2, 'A4');
  },
);

test('issuing: register number, document with the DOCX, an urged event on each task, status unchanged', async () => {
  const before = await specialist.get(`/api/tasks/${draftIds[0]}`);
  assert.equal(before.status, 200);
  // the specialist drafts but does not issue; agency users do neither
  let r = await specialist.post('/api/tasks/urging-letters', {
    agency: 'SNNPTNT',
    asOf: AS_OF,
    date: '2022-09-16',
  });
  assert.equal(r.status, 403);
  r = await leader.post('/api/tasks/urging-letters', {
    agency: 'SNNPTNT',
    asOf: AS_OF,
    date: '2022-09-16',
    signer: { title: 'KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG', name: 'Nguyễn Văn Phó' },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  // the Office's shared series continues after the seed's 1458/TTr-VP of 24/8/2022
  assert.match(r.body.numberSymbol, /^\d+\/VP-KTTH$/);
  assert.equal(r.body.number, 1459);
  assert.equal(r.body.document.numberSymbol, r.body.numberSymbol);
  assert.equal(r.body.document.date, '2022-09-16');
  assert.equal(r.body.document.hasFile, true);
  assert.deepEqual(r.body.tasks.map((x: { id: string }) => x.id).sort(), [...draftIds].sort());
  const docId = r.body.document.id as string;
  const f = await getBytes(specialist, `/api/documents/${docId}/file`);
  assert.equal(f.status, 200);
  const text = docxText(f.buf);
  assert.ok(text.includes(`Số: ${r.body.numberSymbol}`));
  assert.match(text, /ngày 16 tháng 9 năm 2022/);
  assert.match(text, /Nguyễn Văn Phó/);
  // each task: an urged event linking the letter; the status is what it was
  const after = await specialist.get(`/api/tasks/${draftIds[0]}`);
  assert.equal(after.body.status, before.body.status);
  const last = after.body.history.at(-1);
  assert.equal(last.type, 'urged');
  assert.equal(last.document?.id, docId);
  // the register lists the letter under its number
  const series = (await leader.get('/api/number-series?agency=VP')).body.items.find(
    (s: { typeCodes: string[] }) => s.typeCodes.includes('CV'),
  );
  const reg = await leader.get(`/api/number-series/${series.id}/register?year=2022`);
  const e = reg.body.entries.find((x: { number: number }) => x.number === 1459);
  assert.deepEqual([e.state, e.numberSymbol, e.documentId], ['issued', r.body.numberSymbol, docId]);
  // agency users: 403 for the draft too
  assert.equal((await agencyStaff.get(`/api/tasks/urging-letters/draft.json?${Q}`)).status, 403);
  assert.equal(
    (
      await agencyStaff.post('/api/tasks/urging-letters', {
        agency: 'SNNPTNT',
        asOf: AS_OF,
        date: '2022-09-16',
      })
    ).status,
    403,
  );
});

test('two letters issued at once get two distinct numbers; every task has both urged events', async () => {
  const body = { agency: 'SNNPTNT', asOf: AS_OF, date: '2022-09-20' };
  const [a, b] = await Promise.all([
    leader.post('/api/tasks/urging-letters', body),
    leader.post('/api/tasks/urging-letters', body),
  ]);
  assert.equal(a.status, 201, JSON.stringify(a.body));
  assert.equal(b.status, 201, JSON.stringify(b.body));
  assert.notEqual(a.body.number, b.body.number);
  assert.deepEqual([a.body.number, b.body.number].sort(), [1460, 1461]);
  const d = await specialist.get(`/api/tasks/${draftIds[0]}`);
  const urged = d.body.history.filter((e: { type: string }) => e.type === 'urged');
  assert.equal(urged.length, 3);
  assert.equal(new Set(urged.map((e: { document: { id: string } }) => e.document.id)).size, 3);
});

test('bad input: unknown agency, dates, signer title — 4xx with the path; nothing to urge → 409', async () => {
  let r = await specialist.get(`/api/tasks/urging-letters/draft.json?agency=NOPE&asOf=${AS_OF}`);
  assert.deepEqual([r.status, errorOf(r).code, errorOf(r).path], [400, 'unknown_agency', 'agency']);
  r = await specialist.get(`/api/tasks/urging-letters/draft.json?agency=SNNPTNT&asOf=2022-02-30`);
  assert.deepEqual([r.status, errorOf(r).path], [400, 'asOf']);
  r = await leader.post('/api/tasks/urging-letters', { agency: 'NOPE', asOf: AS_OF, date: '2022-09-16' });
  assert.deepEqual([r.status, errorOf(r).code, errorOf(r).path], [400, 'unknown_agency', 'agency']);
  r = await leader.post('/api/tasks/urging-letters', { agency: 'SNNPTNT', asOf: AS_OF, date: '2022-09-14' });
  assert.deepEqual([r.status, errorOf(r).code, errorOf(r).path], [400, 'date_before_as_of', 'date']);
  r = await leader.post('/api/tasks/urging-letters', { agency: 'SNNPTNT', asOf: AS_OF, date: '2099-01-01' });
  assert.deepEqual([r.status, errorOf(r).code, errorOf(r).path], [400, 'future_date', 'date']);
  r = await leader.post('/api/tasks/urging-letters', {
    agency: 'SNNPTNT',
    asOf: AS_OF,
    date: '2022-09-16',
    signer: { title: 'GIÁM ĐỐC' },
  });
  assert.deepEqual(
    [r.status, errorOf(r).code, errorOf(r).path],
    [400, 'invalid_signer_title', 'signer.title'],
  );
  // the merged department is not in force in 2026: no letter to it dated then
  r = await leader.post('/api/tasks/urging-letters', { agency: 'SNNPTNT', asOf: AS_OF, date: '2026-01-05' });
  assert.deepEqual([r.status, errorOf(r).code, errorOf(r).path], [400, 'agency_not_valid_on_date', 'agency']);
  // a day before any task: nothing to urge
  r = await leader.post('/api/tasks/urging-letters', {
    agency: 'SNNPTNT',
    asOf: '2021-01-04',
    date: '2021-01-05',
  });
  assert.deepEqual([r.status, errorOf(r).code], [409, 'nothing_to_urge']);
  const f = await getBytes(specialist, `/api/tasks/urging-letters/draft?agency=SNNPTNT&asOf=2021-01-04`);
  assert.equal(f.status, 409);
});
