/**
 * What a new user met at the counter and on the public pages (review of issue 4):
 * - the components checklist of 1.003650 (36 catalogue rows in 7 cases) → distinct components grouped by
 *   case, none ticked; the receipt (form 01) lists only what was handed in, the same paper once;
 * - `GET /api/public/meta` → `{ demo, receivingBody }` (the centre's name from the data);
 * - a demo server prints each message of the log notifier on stdout (channel, masked recipient, text);
 * - a wrong check on the look-up answers `verified: false` (the page says the digits do not match).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/engine.ts';
import { seedTestProcedure } from '../../src/modules/dossiers/fixtures.ts';
import { demoLine, LogNotifier, maskRecipient } from '../../src/modules/dossiers/notifier.ts';
import { mergeComponentLines } from '../../src/modules/dossiers/forms/data.ts';
import {
  groupComponents,
  initialComponents,
  receivedComponents,
} from '../../web/src/pages/dossiers/components.ts';

let t: TestApp;
let counter: Client;
let ip = 1;
const anon = () => {
  const c = t.anon();
  const req = c.req.bind(c);
  const addr = `198.51.100.${ip++}`;
  c.req = (m, p, b, h = {}) => req(m, p, b, { ...h, 'x-forwarded-for': addr });
  return c;
};

const CENTRE = 'Trung tâm Phục vụ - Kiểm soát thủ tục hành chính tỉnh Quảng Ngãi';
const applicant = {
  name: 'Trần Văn Khơi',
  idNumber: '051080009876',
  phone: '0905333444',
  address: 'Xã Bình Châu, tỉnh Quảng Ngãi',
};

before(async () => {
  t = await startTestApp({ demo: true });
  await t.database.db.transaction((tx) =>
    seedTestProcedure(tx, {
      code: 'KT-TEST-CIT',
      limits: [
        { channel: 'counter', value: 5, unit: 'working_days' },
        { channel: 'online', value: 5, unit: 'working_days' },
      ],
    }),
  );
  counter = await t.login('counter.staff');
});
after(() => t?.close());

async function getBytes(c: Client, path: string) {
  const r = await fetch(c.base + path, { headers: { cookie: c.cookie } });
  return { status: r.status, buf: Buffer.from(await r.arrayBuffer()) };
}
const xmlOf = (buf: Buffer) => strFromU8(unzipSync(new Uint8Array(buf))['word/document.xml']!);
/** The text of a DOCX body (runs joined, XML escapes undone). */
const textOf = (xml: string) =>
  xml
    .replace(/<w:p[ >]/g, '\n$&')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"');

test('1.003650: 36 catalogue rows → distinct components grouped by its 7 cases, none ticked', async () => {
  const r = await counter.get('/api/procedures/1.003650');
  assert.equal(r.status, 200);
  const comps = r.body.components as { name: string; case?: string | null }[];
  assert.equal(comps.length, 36);
  const g = groupComponents(comps);
  // the 7 cases of the record, in order, each a group
  assert.equal(g.groups.length, 7, g.groups.map((x) => x.title).join(' | '));
  assert.match(g.groups[0]!.title!, /^1\) Hồ sơ đối với tàu đóng mới/);
  assert.match(g.groups[6]!.title!, /^7\) /);
  // identical names merged: far fewer rows, no two with the same name
  assert.ok(g.distinct.length < 20, `distinct ${g.distinct.length}`);
  assert.equal(new Set(g.distinct.map((n) => n.toLowerCase().replace(/\.$/, ''))).size, g.distinct.length);
  // the registration form (Tờ khai) appears in several cases and is one row
  const tk = g.distinct.filter((n) => n.startsWith('Tờ khai đăng ký theo Mẫu số 02a.ĐKT'));
  assert.equal(tk.length, 1);
  const tkIndex = g.distinct.indexOf(tk[0]!);
  assert.ok(g.groups.filter((x) => x.items.includes(tkIndex)).length >= 5);
  // every catalogue row is in its case's group
  for (const c of comps) {
    const grp = g.groups.find((x) => x.title === (c.case ?? null))!;
    assert.ok(
      grp.items.some((i) => g.distinct[i]!.startsWith(c.name.trim().slice(0, 40))),
      c.name,
    );
  }
  // nothing pre-ticked: an untouched checklist sends no component
  const rows = initialComponents(g);
  assert.equal(rows.length, g.distinct.length);
  assert.ok(rows.every((x) => !x.received));
  assert.deepEqual(receivedComponents(rows), []);
});

test('a record without cases gives one flat group; blank names and spacing are merged', () => {
  const g = groupComponents([
    { name: 'Đơn đề nghị' },
    { name: '  Đơn  đề nghị. ' },
    { name: 'Bản sao CCCD', case: null },
    { name: '' },
  ]);
  assert.deepEqual(g.distinct, ['Đơn đề nghị', 'Bản sao CCCD']);
  assert.deepEqual(g.groups, [{ key: 'g0', title: null, items: [0, 1] }]);
});

test('receipt (form 01): only the components handed in, the same paper once with its counts added', async () => {
  const proc = await counter.get('/api/procedures/1.003650');
  const g = groupComponents(proc.body.components);
  const rows = initialComponents(g);
  // the clerk ticks two papers of case 1
  const [a, b] = g.groups[0]!.items;
  rows[a!]!.received = true;
  rows[a!]!.original = true;
  rows[b!]!.received = true;
  const sent = receivedComponents(rows);
  assert.equal(sent.length, 2);
  const r = await counter.post('/api/dossiers', {
    procedureCode: 'KT-TEST-CIT',
    channel: 'counter',
    applicant,
    // an API client may still send the same paper twice: the receipt lists it once
    components: [...sent, { ...sent[1]!, name: `${sent[1]!.name}.` }],
    returnMethod: 'counter',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const f = await getBytes(counter, `/api/dossiers/${r.body.code}/forms/01`);
  assert.equal(f.status, 200);
  const text = textOf(xmlOf(f.buf));
  assert.ok(text.includes(g.distinct[a!]!.slice(0, 60)), 'ticked paper missing');
  const second = g.distinct[b!]!.slice(0, 60);
  assert.equal(text.split(second).length - 1, 1, 'the same paper listed twice');
  // the table's rows: TT 1 and 2, no 3; counts 1 and 2
  assert.match(text, /Bản chính/);
  for (const n of g.distinct.filter((_, i) => i !== a && i !== b))
    assert.ok(!text.includes(n.slice(0, 60)), `not handed in but listed: ${n.slice(0, 60)}`);
  assert.deepEqual(
    mergeComponentLines([
      { name: 'Ảnh màu', original: false, count: 1 },
      { name: 'ảnh  màu.', original: false, count: 2 },
      { name: 'Ảnh màu', original: true, count: 1 },
    ]),
    [
      { name: 'Ảnh màu', original: false, count: 3 },
      { name: 'Ảnh màu', original: true, count: 1 },
    ],
  );
});

test('GET /api/public/meta: demo flag and the centre named as in the data (and on the forms)', async () => {
  const r = await anon().get('/api/public/meta');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { demo: true, receivingBody: { code: 'VP-TTHC', name: CENTRE } });
  const [row] = await queryRows<{ name: string }>(
    t.database.db,
    sql`SELECT name FROM receiving_bodies WHERE agency_code = 'VP-TTHC'`,
  );
  assert.equal(row!.name, CENTRE);
});

test('demo server: each message of the log notifier is printed on stdout, one line, recipient masked', async () => {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const s = String(chunk);
    if (s.startsWith('[demo] ')) {
      lines.push(s);
      return true;
    }
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  let id: string;
  try {
    const r = await anon().post('/api/public/verifications', { channel: 'phone', contact: '0905 333 444' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    id = r.body.id as string;
  } finally {
    process.stdout.write = write;
  }
  const [msg] = await queryRows<{ body: string }>(
    t.database.db,
    sql`SELECT body FROM sent_messages WHERE ref = ${'verification:' + id}`,
  );
  const code = /(\d{6})/.exec(msg!.body)![1]!;
  assert.equal(lines.length, 1, lines.join(''));
  assert.equal(lines[0], `[demo] SMS 090****444: ${msg!.body}\n`);
  assert.ok(lines[0]!.includes(code));
  assert.ok(!lines[0]!.includes('0905333444'));
  // the pieces
  assert.equal(maskRecipient('khoi@example.vn'), 'k***@example.vn');
  assert.equal(
    demoLine({ channel: 'email', recipient: 'khoi@example.vn', subject: 'Mã', body: 'a\nb' }),
    '[demo] E-mail k***@example.vn: Mã — a b',
  );
  // outside demo mode the log notifier prints nothing (no print function): only the table
  const quiet = new LogNotifier();
  let printed = 0;
  const loud = new LogNotifier(() => printed++);
  await t.database.db.transaction(async (tx) => {
    await quiet.send(tx, { channel: 'sms', recipient: '0905000000', body: 'x', ref: 'test:quiet' });
    await loud.send(tx, { channel: 'sms', recipient: '0905000000', body: 'y', ref: 'test:loud' });
  });
  assert.equal(printed, 1);
});

test('look-up: a wrong check answers verified false and no personal data; the receiving body is named', async () => {
  const r = await counter.post('/api/dossiers', {
    procedureCode: 'KT-TEST-CIT',
    channel: 'counter',
    applicant,
    components: [],
    returnMethod: 'counter',
  });
  assert.equal(r.status, 201);
  const c = anon();
  const wrong = await c.get(`/api/public/dossiers/${r.body.code}?check=0000`);
  assert.equal(wrong.status, 200);
  assert.equal(wrong.body.verified, false);
  assert.equal(wrong.body.applicant, null);
  assert.equal(wrong.body.receivingBodyName, CENTRE);
  const right = await c.get(`/api/public/dossiers/${r.body.code}?check=3444`);
  assert.equal(right.body.verified, true);
  assert.equal(right.body.applicant.name, applicant.name);
  // a malformed check: 400 with the path (the page shows the field's label, not "check")
  const bad = await c.get(`/api/public/dossiers/${r.body.code}?check=12`);
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.path, 'check');
});

test('a server without demo data reports demo false', async () => {
  const plain = await startTestApp({ demo: false });
  try {
    const r = await plain.anon().get('/api/public/meta');
    assert.equal(r.status, 200);
    assert.equal(r.body.demo, false);
    assert.equal(r.body.receivingBody.code, 'VP-TTHC');
  } finally {
    await plain.close();
  }
});

test('citizen pages: an API message names the field by its label, not its API name', async () => {
  const { withLabels } = await import('../../web/src/pages/public/labels.ts');
  const { ApiError } = await import('../../web/src/api/client.ts');
  const r = await counter.post('/api/dossiers', {
    procedureCode: 'KT-TEST-CIT',
    channel: 'counter',
    applicant,
    components: [],
    returnMethod: 'counter',
  });
  const bad = await anon().get(`/api/public/dossiers/${r.body.code}?check=12`);
  assert.equal(bad.status, 400);
  const e = bad.body.error as { code: string; message: string; messageEn: string; path: string };
  assert.equal(e.message, 'Nhập đúng 4 chữ số: check');
  const shown = withLabels(new ApiError(400, e.code, e.message, e.messageEn, e.path), {
    check: '4 số cuối điện thoại hoặc CCCD',
  }) as InstanceType<typeof ApiError>;
  assert.equal(shown.text('vi'), 'Nhập đúng 4 chữ số (4 số cuối điện thoại hoặc CCCD)');
  assert.ok(!shown.text('vi').includes(': check'));
  // a path without a label: the name is dropped, never shown
  const other = withLabels(
    new ApiError(400, 'x', 'Sai định dạng: applicant.name', 'Bad: applicant.name', 'applicant.name'),
    {},
  );
  assert.equal((other as InstanceType<typeof ApiError>).text('vi'), 'Sai định dạng');
});
